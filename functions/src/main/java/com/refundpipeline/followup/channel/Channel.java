package com.refundpipeline.followup.channel;

/** One way to reach a person (email, SMS, the operations topic), behind which an AWS client sits. */
public interface Channel {

    /** What became of one send. */
    record Outcome(String status, String providerMessageId, String reason, boolean retryable) {

        static Outcome sent(String providerMessageId) {
            return new Outcome("sent", providerMessageId, null, false);
        }

        static Outcome failed(String reason) {
            return new Outcome("failed", null, reason, false);
        }

        /** The provider said it did not take the message (throttled, unavailable): sending again is safe. */
        static Outcome tryAgain(String reason) {
            return new Outcome("failed", null, reason, true);
        }

        static Outcome notConfigured() {
            return new Outcome("suppressed", null, "channel_not_configured", false);
        }
    }

    /**
     * Sends one message to {@code address} (an email address, an E.164 phone number, or nothing for the operations
     * topic). Never throws for what the provider answers; an answer that never came is reported as failed with
     * {@code outcome_unknown} and not retried, since trying again could send it twice. {@code notificationId} is the
     * outbox's id of the message, which a channel whose provider reports each send passes on (ADR 0063).
     */
    Outcome send(String address, String subject, String body, String notificationId);
}
