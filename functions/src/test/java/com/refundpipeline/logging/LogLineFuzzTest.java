package com.refundpipeline.logging;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.refundpipeline.fuzz.FuzzInput;
import com.refundpipeline.fuzz.ShortRun;
import com.refundpipeline.json.Json;
import java.util.HashMap;
import java.util.Map;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.Level;
import org.junit.jupiter.api.Test;

/**
 * Log injection: whatever text reaches a log message, an MDC value or an exception (newlines, JSON, control
 * characters, lone surrogates), the formatter writes exactly one line holding one JSON object, whose fields carry the
 * text escaped, and no field can be forged or overwritten.
 */
class LogLineFuzzTest {

    static final JsonLogFormatter FORMATTER = new JsonLogFormatter();

    @FuzzTest(maxDuration = "20m")
    void logLine(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        String message = in.nextString(300);
        ExtLogRecord record = new ExtLogRecord(
                Level.INFO, message, ExtLogRecord.FormatStyle.NO_FORMAT, LogLineFuzzTest.class.getName());
        record.setLoggerName("com.refundpipeline.fuzz");
        Map<String, String> mdc = new HashMap<>();
        int entries = in.nextInt(4);
        for (int i = 0; i < entries; i++) {
            mdc.put(
                    in.nextBoolean()
                            ? in.nextString(12)
                            : in.pick(java.util.List.of("level", "message", "event", "case_id", "timestamp")),
                    in.nextString(60));
        }
        record.setMdc(mdc);
        if (in.nextBoolean()) {
            record.setThrown(new IllegalStateException(in.nextString(100)));
        }
        String line = FORMATTER.format(record);
        if (!line.endsWith("\n") || line.indexOf('\n') != line.length() - 1 || line.indexOf('\r') >= 0) {
            throw new AssertionError("not exactly one line: " + line);
        }
        JsonNode json;
        try {
            json = Json.MAPPER.readTree(line);
        } catch (Exception e) {
            throw new AssertionError("not one JSON object: " + line, e);
        }
        if (!json.isObject()
                || !"INFO".equals(json.path("level").asText())
                || !"com.refundpipeline.fuzz".equals(json.path("logger").asText())) {
            throw new AssertionError("a field was forged: " + line);
        }
        if (!json.path("message").asText().equals(message) && !lossySurrogates(message)) {
            throw new AssertionError("the message did not round-trip: " + message + " vs " + line);
        }
    }

    private static boolean lossySurrogates(String text) {
        return text.chars().anyMatch(c -> Character.isSurrogate((char) c));
    }

    @Test
    void logLineShortRun() {
        ShortRun.run(this::logLine);
    }
}
