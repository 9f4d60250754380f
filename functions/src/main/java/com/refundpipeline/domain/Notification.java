package com.refundpipeline.domain;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A message in the outbox. The id names the case and the event, so one event yields one message however often it is
 * reported. Delivery: {@code pending} (waiting until {@code sendAfter}) → {@code sending} (claimed by one sender) →
 * {@code sent} | {@code failed} | {@code suppressed} (unsubscribed, no longer true, or no channel configured).
 * Contact details are not kept here: the sender reads them from the case when it sends.
 */
@RegisterForReflection
public record Notification(
        String notificationId,
        String caseId,
        String audience,
        String event,
        String channel,
        String locale,
        String subject,
        String body,
        Map<String, String> parameters,
        String deliveryStatus,
        Instant createdAt,
        Instant sendAfter,
        Instant sentAt,
        int attempts,
        String providerMessageId,
        String failureReason) {

    public static final String PENDING = "pending";
    public static final String SENDING = "sending";
    public static final String SENT = "sent";
    public static final String FAILED = "failed";
    public static final String SUPPRESSED = "suppressed";
    public static final String CUSTOMER = "customer";
    public static final String OPERATIONS = "operations";

    /** A new message, pending from {@code createdAt}. */
    public static Notification pending(
            String notificationId,
            String caseId,
            String audience,
            String event,
            String channel,
            String locale,
            String subject,
            String body,
            Map<String, String> parameters,
            Instant createdAt,
            Instant sendAfter) {
        return new Notification(
                notificationId,
                caseId,
                audience,
                event,
                channel,
                locale,
                subject,
                body,
                parameters,
                PENDING,
                createdAt,
                sendAfter,
                null,
                0,
                null,
                null);
    }

    public static String idFor(String caseId, String event) {
        return caseId + "#" + event;
    }

    /** The case a message id names (its part before the first {@code #}, see {@link #idFor}). */
    public static String caseIdOf(String notificationId) {
        int hash = notificationId.indexOf('#');
        if (hash <= 0) {
            throw new IllegalArgumentException("not a message id (case#event): " + notificationId);
        }
        return notificationId.substring(0, hash);
    }

    /**
     * The message's id as a message tag value, which the provider limits to {@code [A-Za-z0-9_-]}: {@code #} written
     * as {@code -}. Empty for an id with any other character (or a {@code -}, which would not read back): such a
     * message goes untagged, and a takeover of it sends it again (ADR 0063).
     */
    public static Optional<String> tagOf(String notificationId) {
        return notificationId.matches("[A-Za-z0-9_#]{1,256}")
                ? Optional.of(notificationId.replace('#', '-'))
                : Optional.empty();
    }

    /** The message id a {@link #tagOf} value stands for, if it is one. */
    public static Optional<String> fromTag(String tag) {
        return tag != null && tag.length() <= 256 && tag.matches("[A-Za-z0-9_]+(-[A-Za-z0-9_]+)+")
                ? Optional.of(tag.replace('-', '#'))
                : Optional.empty();
    }

    @JsonIgnore
    public boolean isForCustomer() {
        return CUSTOMER.equals(audience);
    }
}
