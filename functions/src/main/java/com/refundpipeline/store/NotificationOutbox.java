package com.refundpipeline.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import com.refundpipeline.domain.Notification;

/**
 * The outbox of customer and operations messages, and each message's delivery status. Every move of a message is a
 * conditional write on its status, so of two senders (a repeated schedule, a repeated queue message) one sends.
 */
public interface NotificationOutbox {

    /** Records the message unless one with the same id exists; true when this call recorded it. */
    boolean record(Notification notification);

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
}
