package com.refundpipeline.messaging;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.refundpipeline.fuzz.FuzzInput;
import com.refundpipeline.fuzz.JsonMutator;
import com.refundpipeline.fuzz.ShortRun;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Queue messages: any SQS body is either read into a CaseMessage and handed to the consumer's action only when it
 * is of the expected type with a case id, or refused as poison (UnexpectedMessageException, so it dead-letters), or
 * fails to parse (Funqy reports the record as failed); the action never sees a message it did not ask for.
 */
class CaseMessageFuzzTest {

    /** As Funqy reads SQS bodies: its own mapper, the record's @JsonNaming, unknown fields ignored. */
    static final ObjectMapper FUNQY = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    static final String SEED = "{\"type\": \"status_changed\", \"case_id\": \"rc_0123456789abcdef0123\", "
            + "\"status\": \"approved\", \"version\": 3, \"at\": \"2026-11-30T12:00:00Z\"}";

    @FuzzTest(maxDuration = "20m")
    void queueMessage(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        CaseMessage.Type expected = in.pick(java.util.List.of(CaseMessage.Type.values()));
        String body = in.nextInt(10) == 0 ? in.restAsString() : JsonMutator.mutate(SEED, in);
        CaseMessage message;
        try {
            message = FUNQY.readValue(body, CaseMessage.class);
        } catch (com.fasterxml.jackson.core.JacksonException unreadable) {
            return; // the record fails, the queue retries it, then dead-letters it
        }
        AtomicReference<CaseMessage> handed = new AtomicReference<>();
        try {
            QueueConsumer.consume("fuzz", message, expected, handed::set);
        } catch (UnexpectedMessageException poison) {
            if (handed.get() != null) {
                throw new AssertionError("poison reached the action: " + body);
            }
            return;
        }
        CaseMessage got = handed.get();
        if (got == null
                || got.type() != expected
                || got.caseId() == null
                || got.caseId().isBlank()
                || (expected == CaseMessage.Type.STATUS_CHANGED && got.status() == null)) {
            throw new AssertionError("the action got a message it did not ask for: " + body);
        }
    }

    @Test
    void queueMessageShortRun() {
        ShortRun.run(this::queueMessage);
    }
}
