package com.refundpipeline.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.refundpipeline.json.Json;
import java.time.Instant;
import org.jboss.logging.MDC;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JsonLogFormatterTest {

    final JsonLogFormatter formatter = new JsonLogFormatter();

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    JsonNode format(ExtLogRecord record) throws Exception {
        String line = formatter.format(record);
        assertTrue(line.endsWith("\n") && line.indexOf('\n') == line.length() - 1, "one line: " + line);
        return Json.MAPPER.readTree(line);
    }

    static ExtLogRecord record(java.util.logging.Level level, String message) {
        ExtLogRecord record = new ExtLogRecord(
                level, message, ExtLogRecord.FormatStyle.NO_FORMAT, JsonLogFormatterTest.class.getName());
        record.setLoggerName("com.refundpipeline.payout.PayoutIssuer");
        record.setInstant(Instant.parse("2026-11-24T10:30:01.123Z"));
        return record;
    }

    @Test
    void aLineCarriesTimeLevelLoggerMessageAndTheMdc() throws Exception {
        MDC.put("case_id", "rc_0123456789abcdef0123");
        MDC.put("request_id", "req-1");
        ExtLogRecord record = record(Level.INFO, "case rc_0123456789abcdef0123 paid");
        record.copyMdc();
        JsonNode line = format(record);
        assertEquals("2026-11-24T10:30:01.123Z", line.path("timestamp").asText());
        assertEquals("INFO", line.path("level").asText());
        assertEquals(
                "com.refundpipeline.payout.PayoutIssuer", line.path("logger").asText());
        assertEquals("case rc_0123456789abcdef0123 paid", line.path("message").asText());
        assertEquals("rc_0123456789abcdef0123", line.path("case_id").asText());
        assertEquals("req-1", line.path("request_id").asText());
        assertFalse(line.has("error"));
    }

    @Test
    void quotesNewlinesAndControlCharactersStayInsideOneJsonString() throws Exception {
        String tricky = "provider said \"no\"\n\tnext line \\ \u0001 and ünïcödé";
        JsonNode line = format(record(Level.WARN, tricky));
        assertEquals(tricky, line.path("message").asText());
        assertEquals("WARN", line.path("level").asText());
    }

    @Test
    void anExceptionBecomesAnErrorObjectWithItsStackTrace() throws Exception {
        ExtLogRecord record = record(Level.ERROR, "case rc_1 failed; the queue will retry it");
        record.setThrown(new IllegalStateException("table refunds-dev-cases is not active"));
        JsonNode error = format(record).path("error");
        assertEquals("java.lang.IllegalStateException", error.path("type").asText());
        assertEquals(
                "table refunds-dev-cases is not active", error.path("message").asText());
        assertTrue(error.path("stack").asText().contains("anExceptionBecomesAnErrorObjectWithItsStackTrace"));
    }

    @Test
    void levelsAreTheSixLambdaFiltersOn() {
        assertEquals("FATAL", JsonLogFormatter.levelName(Level.FATAL));
        assertEquals("ERROR", JsonLogFormatter.levelName(java.util.logging.Level.SEVERE));
        assertEquals("WARN", JsonLogFormatter.levelName(java.util.logging.Level.WARNING));
        assertEquals("INFO", JsonLogFormatter.levelName(java.util.logging.Level.INFO));
        assertEquals("DEBUG", JsonLogFormatter.levelName(java.util.logging.Level.CONFIG));
        assertEquals("DEBUG", JsonLogFormatter.levelName(java.util.logging.Level.FINE));
        assertEquals("TRACE", JsonLogFormatter.levelName(java.util.logging.Level.FINEST));
    }

    @Test
    void anMdcKeyNamedLikeAFieldCannotOverwriteIt() throws Exception {
        MDC.put("level", "DEBUG");
        MDC.put("event", "payout_failed");
        ExtLogRecord record = record(Level.ERROR, "x");
        record.copyMdc();
        JsonNode line = format(record);
        assertEquals("ERROR", line.path("level").asText());
        assertEquals("payout_failed", line.path("event").asText());
    }
}
