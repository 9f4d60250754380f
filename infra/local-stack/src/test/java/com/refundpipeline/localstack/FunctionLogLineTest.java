package com.refundpipeline.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class FunctionLogLineTest {

    @Test
    void aJsonLogLineReadsAsTimeLevelMessageAndItsContext() {
        assertEquals(
                List.of("10:30:01.123 INFO  case rc_1 approved [case_id=rc_1 event=x]"),
                FunctionLogLine.readable("{\"timestamp\":\"2026-11-24T10:30:01.123456Z\",\"level\":\"INFO\","
                        + "\"logger\":\"com.refundpipeline.verify.EvidenceVerifier\",\"message\":\"case rc_1 approved\","
                        + "\"case_id\":\"rc_1\",\"event\":\"x\"}"));
    }

    @Test
    void anErrorIsFollowedByItsStackTrace() {
        assertEquals(
                List.of("10:30:01.123 ERROR failed", "java.lang.IllegalStateException: boom", "\tat A.b(A.java:1)"),
                FunctionLogLine.readable(
                        "{\"timestamp\":\"2026-11-24T10:30:01.123Z\",\"level\":\"ERROR\",\"logger\":\"x\","
                                + "\"message\":\"failed\",\"error\":{\"type\":\"java.lang.IllegalStateException\","
                                + "\"message\":\"boom\",\"stack\":\"java.lang.IllegalStateException: boom\\n\\tat A.b(A.java:1)\\n\"}}"));
    }

    @Test
    void anythingElseIsShownAsWritten() {
        for (String line :
                List.of("2026-11-24T10:30:00 INFO [io.quarkus] started", "{not json", "{\"a\":1}", "[1,2]")) {
            assertEquals(List.of(line), FunctionLogLine.readable(line));
        }
    }
}
