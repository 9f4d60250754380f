package com.refundpipeline.localstack.chaos;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The case readings the run's settle and the auditor share (the 2,000-case run at 498a8fc). */
class SettledCaseTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aHoldTheClockHasPassedHasItsRecheckDue() throws Exception {
        JsonNode held =
                JSON.readTree("{\"status\":\"on_hold\",\"decision\":{\"hold_until\":\"2026-12-05T10:00:00Z\"}}");
        assertFalse(ChaosRun.holdEnded(held, Instant.parse("2026-12-05T09:59:59Z")));
        assertTrue(ChaosRun.holdEnded(held, Instant.parse("2026-12-05T10:00:00Z")));
        assertFalse(ChaosRun.holdEnded(held, null), "no sweep yet: not known to have ended");
        assertFalse(
                ChaosRun.holdEnded(JSON.readTree("{\"status\":\"on_hold\"}"), Instant.MAX),
                "no hold recorded: nothing to wait for");
    }

    @Test
    void theFirstMoveIsTheFirstStepOutOfReceived() throws Exception {
        JsonNode c = JSON.readTree("""
                {"timeline": [
                  {"from": null, "to": "received"},
                  {"from": "received", "to": "received"},
                  {"from": "received", "to": "approved"},
                  {"from": "approved", "to": "paid"}
                ]}""");
        assertEquals("approved", Auditor.firstMove(c));
        assertNull(Auditor.firstMove(JSON.readTree("{\"timeline\": [{\"from\": null, \"to\": \"received\"}]}")));
    }
}
