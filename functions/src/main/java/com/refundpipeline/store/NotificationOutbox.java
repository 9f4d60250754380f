package com.refundpipeline.store;

import com.refundpipeline.domain.Notification;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The outbox of customer and operations messages, and each message's delivery status. Every move of a message is a
 * conditional write on its status, so of two senders (a repeated schedule, a repeated queue message) one sends.
 */
public interface NotificationOutbox {

    /**
     * Records the message unless one with the same id exists; true when this call recorded it. The message is recorded
     * in the delivery status it carries: {@code pending} (waiting for its time), {@code sending} (claimed by this
     * writer, who sends it and settles it next) or already settled ({@code suppressed}), so a new message is recorded
     * and claimed in one conditional write.
     */
    boolean record(Notification notification);

    /**
     * Records {@code notification} and {@code companion} (a later message of the same event, such as the survey with
     * the paid message); returns what {@link #record} would for {@code notification}. A companion recorded before is
     * left as it is. Two conditional puts, not a transaction (which bills each item twice): a redelivered event records
     * whichever of the two a crash left out.
     */
    default boolean recordWith(Notification notification, Notification companion) {
        boolean recorded = record(notification);
        record(companion);
        return recorded;
    }

    List<Notification> forCase(String caseId);

    Optional<Notification> find(String notificationId);

    /** Pending messages whose time has come, earliest first. */
    List<Notification> dueBefore(Instant time, int limit);

    /** A pending message waits until {@code sendAfter}; false when it is no longer pending. */
    boolean postpone(String notificationId, Instant sendAfter, String why);

    /** pending → sending; true for the one caller that may now send it. */
    boolean claim(String notificationId, Instant at);

    /** sending → sent, failed or suppressed. */
    void settle(String notificationId, String status, String providerMessageId, String reason, Instant at);

    /** sending → pending again after a failure the channel says is temporary. */
    void retryLater(String notificationId, Instant sendAfter, String reason);

    /** What the provider itself reported of a message it accepted: its id for the message, and when (ADR 0063). */
    record ProviderReceipt(String providerMessageId, Instant acceptedAt) {}

    /**
     * Records the provider's receipt on a message still being sent (the first receipt only); false when the message
     * is settled, unknown or has one already: a settled message's record says what became of it.
     */
    boolean recordProviderReceipt(String notificationId, ProviderReceipt receipt);

    /** The provider's receipt of a message being sent, if it reported one (a consistent read). */
    Optional<ProviderReceipt> providerReceipt(String notificationId);

    /** A message claimed ({@code sending}) at {@code claimedAt} and not settled since. */
    record StaleClaim(Notification message, Instant claimedAt) {}

    /**
     * Messages claimed before {@code claimedBefore} and never settled: their sender was killed or timed out between
     * the claim and the outcome (a Lambda timeout ends an invocation wherever it is), and nobody else will send them.
     */
    List<StaleClaim> staleClaims(Instant claimedBefore, int limit);

    /** Takes over a stale claim (still sending, still claimed at {@code claimedAt}); true for the one caller. */
    boolean reclaim(String notificationId, Instant claimedAt, Instant at);
}
