package com.refundpipeline.followup;

import com.fasterxml.jackson.databind.JsonNode;
import com.refundpipeline.domain.Notification;
import com.refundpipeline.followup.channel.SesEmailChannel;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * SES's own "Email Sent" event for one of our emails, as EventBridge puts it on the follow-up queue (source
 * {@code aws.ses}; the SES event record in {@code detail}): the outbox id from the email's message tag, SES's message
 * id and when SES took it. Only these are read: the record also names the recipient, which is never logged.
 */
record EmailSentEvent(String notificationId, String providerMessageId, Instant acceptedAt) {

    static final String SOURCE = "aws.ses";
    static final String DETAIL_TYPE = "Email Sent";

    /** Whether {@code event} comes from SES at all (then it is never a case message). */
    static boolean isFromSes(JsonNode event) {
        return event != null && SOURCE.equals(event.path("source").asText());
    }

    /** The event as ours, or empty when it is another kind or carries no outbox id of ours. */
    static Optional<EmailSentEvent> of(JsonNode event) {
        JsonNode mail = event.path("detail").path("mail");
        JsonNode tag = mail.path("tags").path(SesEmailChannel.OUTBOX_TAG).path(0);
        String messageId = mail.path("messageId").asText("");
        if (!DETAIL_TYPE.equals(event.path("detail-type").asText()) || !tag.isTextual() || messageId.isBlank()) {
            return Optional.empty();
        }
        Optional<Instant> at = instant(mail.path("timestamp").asText())
                .or(() -> instant(event.path("time").asText()));
        return Notification.fromTag(tag.asText())
                .flatMap(id -> at.map(time -> new EmailSentEvent(id, messageId, time)));
    }

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException notATime) {
            return Optional.empty();
        }
    }
}
