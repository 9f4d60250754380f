package com.refundpipeline.followup;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.refundpipeline.domain.Notification;
import com.refundpipeline.fuzz.FuzzInput;
import com.refundpipeline.fuzz.JsonMutator;
import com.refundpipeline.fuzz.ShortRun;
import com.refundpipeline.json.Json;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * SES's Email Sent events on the follow-up queue (ADR 0063): any body is either not SES's, or read into an event for
 * exactly the message its outbox tag names, or dropped; reading never throws, and an event never names a message id
 * that its tag does not spell (so no other message's record is written).
 */
class EmailSentEventFuzzTest {

    static final String SEED = "{\"version\":\"0\",\"id\":\"6a7e8feb-b491-4cf7-a9f1-bf3703467718\","
            + "\"detail-type\":\"Email Sent\",\"source\":\"aws.ses\",\"account\":\"000000000000\","
            + "\"time\":\"2026-11-30T12:00:00Z\",\"region\":\"us-east-1\","
            + "\"resources\":[\"arn:aws:ses:us-east-1:000000000000:configuration-set/refunds-prod-email\"],"
            + "\"detail\":{\"eventType\":\"Send\",\"mail\":{\"timestamp\":\"2026-11-30T12:00:00.120Z\","
            + "\"source\":\"refunds@shop.example\",\"sendingAccountId\":\"000000000000\","
            + "\"messageId\":\"0100018c-ses-1\",\"destination\":[\"customer@example.com\"],"
            + "\"tags\":{\"ses:configuration-set\":[\"refunds-prod-email\"],"
            + "\"outbox_id\":[\"rc_0123456789abcdef0123-approved\"]}},\"send\":{}}}";

    @FuzzTest(maxDuration = "20m")
    void emailSentEvent(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        String body = in.nextInt(10) == 0 ? in.restAsString() : JsonMutator.mutate(SEED, in);
        JsonNode event;
        try {
            event = Json.MAPPER.readTree(body);
        } catch (com.fasterxml.jackson.core.JacksonException unreadable) {
            return; // Funqy fails the record before the function sees it
        }
        if (event == null || !EmailSentEvent.isFromSes(event)) {
            return;
        }
        Optional<EmailSentEvent> read = EmailSentEvent.of(event);
        if (read.isEmpty()) {
            return;
        }
        EmailSentEvent sent = read.get();
        String tag = event.at("/detail/mail/tags/outbox_id/0").asText();
        if (!Notification.tagOf(sent.notificationId()).equals(Optional.of(tag))
                || Notification.caseIdOf(sent.notificationId()).isBlank()
                || sent.providerMessageId().isBlank()
                || sent.acceptedAt() == null) {
            throw new AssertionError("an event read into something its tag does not say: " + body);
        }
    }

    @Test
    void emailSentEventShortRun() {
        ShortRun.run(this::emailSentEvent);
    }
}
