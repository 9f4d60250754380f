package com.refundpipeline.followup;

import com.refundpipeline.config.FollowUpConfig;
import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.Notification;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.TimelineEvent;
import com.refundpipeline.followup.channel.Channel;
import com.refundpipeline.followup.channel.Channels;
import com.refundpipeline.store.CaseFollowUps;
import com.refundpipeline.store.CaseFollowUps.Recipient;
import com.refundpipeline.store.NotificationOutbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Delivers one outbox message, respecting the customer: never in their quiet hours, never over the daily cap for the
 * case (the message waits for the next allowed time, it is not dropped), never on a channel they unsubscribed from,
 * and never a message that is no longer true (a reminder for evidence that arrived, a survey for a payout that
 * failed). The claim (pending → sending) is a conditional write, so of two senders one sends.
 */
@ApplicationScoped
public class Courier {

    private static final Logger LOG = Logger.getLogger(Courier.class);
    static final int MAX_ATTEMPTS = 3;
    static final Duration RETRY_BACKOFF = Duration.ofMinutes(10);
    /**
     * How long a claim stays its sender's: far beyond send-follow-up's timeout (15 s), so a sender still at work is
     * never overtaken; after it, the sender was killed or timed out and the sweep sends the message again.
     */
    public static final Duration CLAIM_LEASE = Duration.ofMinutes(5);
    /** Why a taken-over status message was not sent again: a later one reached the customer (ADR 0061). */
    public static final String SUPERSEDED = "superseded";

    private final NotificationOutbox outbox;
    private final CaseFollowUps followUps;
    private final Channels channels;
    private final FollowUpConfig config;
    private final Clock clock;

    public Courier(
            NotificationOutbox outbox, CaseFollowUps followUps, Channels channels, FollowUpConfig config, Clock clock) {
        this.outbox = outbox;
        this.followUps = followUps;
        this.channels = channels;
        this.config = config;
        this.clock = clock;
    }

    QuietHours quietHours() {
        return new QuietHours(config.quietStart(), config.quietEnd());
    }

    /** Tries to deliver a message waiting in the outbox now; returns its delivery status afterwards. */
    public String deliver(Notification message) {
        Instant now = clock.instant();
        if (!Notification.PENDING.equals(message.deliveryStatus())) {
            return message.deliveryStatus();
        }
        if (message.sendAfter() != null && message.sendAfter().isAfter(now)) {
            return Notification.PENDING;
        }
        Recipient recipient = followUps.recipient(message.caseId()).orElse(null);
        Deferral deferral = deferral(message, recipient, now);
        if (deferral != null) {
            outbox.postpone(message.notificationId(), deferral.until(), deferral.reason());
            return Notification.PENDING;
        }
        if (!outbox.claim(message.notificationId(), now)) {
            return Notification.SENDING; // another sender has it
        }
        String suppressed = recipient == null ? "case_gone" : suppression(message, recipient);
        if (suppressed != null) {
            outbox.settle(message.notificationId(), Notification.SUPPRESSED, null, suppressed, now);
            LOG.infof("%s suppressed: %s", message.notificationId(), suppressed);
            return Notification.SUPPRESSED;
        }
        return send(message, recipient.refundCase(), now);
    }

    /**
     * Sends a message whose sender was killed or timed out after claiming it (a Lambda timeout ends an invocation
     * wherever it is). Most of a claim's life is before the channel is called (reading the recipient, building the
     * client), so it is sent again: at least once, rather than never. A message the provider reported taking (an
     * email's SES event, ADR 0063) is settled sent instead; a duplicate needs the sender to die after the provider
     * accepted and before the outcome was written, with no report of it (an SMS, or an event not yet arrived). A
     * status message the customer has since had newer news
     * after is settled {@code superseded} instead (ADR 0061): sent again, it would be the same message twice or old
     * news after new. Returns its delivery status afterwards.
     */
    public String recover(NotificationOutbox.StaleClaim stale) {
        Instant now = clock.instant();
        Notification message = stale.message();
        if (!outbox.reclaim(message.notificationId(), stale.claimedAt(), now)) {
            return Notification.SENDING; // another sweep took it over
        }
        Optional<NotificationOutbox.ProviderReceipt> receipt = outbox.providerReceipt(message.notificationId());
        if (receipt.isPresent()) {
            // The provider reported taking it (ADR 0063): its sender died after the send, before the outcome.
            outbox.settle(
                    message.notificationId(),
                    Notification.SENT,
                    receipt.get().providerMessageId(),
                    null,
                    receipt.get().acceptedAt());
            LOG.infof(
                    "%s taken over: the provider took it at %s; settled sent, not sent again",
                    message.notificationId(), receipt.get().acceptedAt());
            return Notification.SENT;
        }
        Recipient recipient = followUps.recipient(message.caseId()).orElse(null);
        Deferral deferral = deferral(message, recipient, now);
        if (deferral != null) {
            outbox.retryLater(message.notificationId(), deferral.until(), deferral.reason());
            return Notification.PENDING;
        }
        String suppressed = recipient == null
                ? "case_gone"
                : supersededByALaterMessage(message) ? SUPERSEDED : suppression(message, recipient);
        if (suppressed != null) {
            outbox.settle(message.notificationId(), Notification.SUPPRESSED, null, suppressed, now);
            LOG.infof("%s taken over and suppressed: %s", message.notificationId(), suppressed);
            return Notification.SUPPRESSED;
        }
        LOG.warnf(
                "%s: its sender stopped after claiming it at %s; sending it again",
                message.notificationId(), stale.claimedAt());
        return send(message, recipient.refundCase(), now);
    }

    /**
     * Records the provider's own report that it took a message (SES's "Email Sent" event): a takeover of the message
     * then settles it sent instead of sending it again. False when there is nothing to record it on: the message is
     * settled already (the usual case: the report comes seconds after the sender recorded the outcome) or unknown.
     */
    public boolean providerTook(String notificationId, String providerMessageId, Instant at) {
        return outbox.recordProviderReceipt(
                notificationId, new NotificationOutbox.ProviderReceipt(providerMessageId, at));
    }

    /**
     * Whether {@code message} tells a status and the customer was since sent a message about a later one. Such a
     * message either went out before its sender stopped or is outgrown: the customer knows where the case stands.
     */
    private boolean supersededByALaterMessage(Notification message) {
        if (!message.isForCustomer() || !tellsAStatus(message)) {
            return false;
        }
        return outbox.forCase(message.caseId()).stream()
                .filter(Notification::isForCustomer)
                .filter(Courier::tellsAStatus)
                .filter(later -> Notification.SENT.equals(later.deliveryStatus()))
                .anyMatch(later -> later.createdAt().isAfter(message.createdAt()));
    }

    /** A status message's id ends in the status it tells ({@code case#approved}); others in their event. */
    private static boolean tellsAStatus(Notification message) {
        String id = message.notificationId();
        return CaseStatus.parse(id.substring(id.indexOf('#') + 1)).isPresent();
    }

    /**
     * Records a new message and delivers it if its time has come, in as few writes as it allows: one conditional write
     * records it already claimed (then the send, then the outcome), already waiting (for its time, the end of the
     * night or the next day under the cap) or already suppressed. Returns its delivery status, or null when it was
     * recorded before (a repeated event): then nothing is sent here.
     */
    public String deliverNew(Notification message, Recipient recipient) {
        return deliverNew(message, recipient, null);
    }

    /**
     * As {@link #deliverNew(Notification, Recipient)}, recording {@code companion} (a message for later, such as the
     * survey with the paid message; may be null) in the same write.
     */
    public String deliverNew(Notification message, Recipient recipient, Notification companion) {
        Instant now = clock.instant();
        if (message.sendAfter() != null && message.sendAfter().isAfter(now)) {
            return record(message, companion) ? Notification.PENDING : null;
        }
        Deferral deferral = deferral(message, recipient, now);
        if (deferral != null) {
            return record(as(message, Notification.PENDING, deferral.until(), 0, deferral.reason()), companion)
                    ? Notification.PENDING
                    : null;
        }
        String suppressed = recipient == null ? "case_gone" : suppression(message, recipient);
        if (suppressed != null) {
            if (!record(as(message, Notification.SUPPRESSED, message.sendAfter(), 0, suppressed), companion)) {
                return null;
            }
            LOG.infof("%s suppressed: %s", message.notificationId(), suppressed);
            return Notification.SUPPRESSED;
        }
        // Claimed now, and its lease runs from now: a message may be dated earlier than its claim (the received
        // message is dated when the case was), and a lease from then would let the sweep take over a live sender.
        if (!record(as(message, Notification.SENDING, now, 1, null), companion)) {
            return null;
        }
        return send(message, recipient.refundCase(), now);
    }

    /**
     * Settles {@code message} unsent for {@code reason} unless it was recorded before, in one conditional write. True
     * when its record now carries {@code reason}: written here, or by an earlier attempt that stopped afterwards.
     */
    public boolean settleUnsent(Notification message, String reason) {
        Optional<Notification> recorded = outbox.find(message.notificationId());
        if (recorded.isEmpty() && outbox.record(as(message, Notification.SUPPRESSED, message.sendAfter(), 0, reason))) {
            LOG.infof("%s settled unsent: %s", message.notificationId(), reason);
            return true;
        }
        Notification existing =
                recorded.or(() -> outbox.find(message.notificationId())).orElseThrow();
        return Notification.SUPPRESSED.equals(existing.deliveryStatus()) && reason.equals(existing.failureReason());
    }

    /** Records a message as it is (pending), to be delivered later; false when it was recorded before. */
    boolean record(Notification message) {
        return outbox.record(message);
    }

    private boolean record(Notification message, Notification companion) {
        return companion == null ? outbox.record(message) : outbox.recordWith(message, companion);
    }

    private record Deferral(Instant until, String reason) {}

    /** When a customer's message must wait: their quiet hours, or the daily cap reached. */
    private Deferral deferral(Notification message, Recipient recipient, Instant now) {
        if (recipient == null || !message.isForCustomer()) {
            return null;
        }
        RefundCase refundCase = recipient.refundCase();
        ZoneId zone = ZoneId.of(refundCase.request().customer().timeZone());
        Instant allowed = quietHours().nextAllowed(now, zone);
        if (allowed.isAfter(now)) {
            return new Deferral(allowed, "quiet_hours");
        }
        if (mayReachCap(refundCase, now) && contactsToday(message.caseId(), zone, now) >= config.dailyContactCap()) {
            return new Deferral(quietHours().nextDay(now, zone), "daily_cap");
        }
        return null;
    }

    /**
     * Whether the case can have had as many customer messages as the daily cap, so that counting them is needed. A
     * case younger than the first progress update, evidence reminder and survey has had at most one message per
     * status it reached that has a message (each status message has its own id, so it is recorded once): when those
     * are no more than the cap, the others cannot reach it, and the outbox need not be read.
     */
    private boolean mayReachCap(RefundCase c, Instant now) {
        Duration quiet = config.progressAfter();
        quiet = config.evidenceReminderInterval().compareTo(quiet) < 0 ? config.evidenceReminderInterval() : quiet;
        quiet = config.surveyDelay().compareTo(quiet) < 0 ? config.surveyDelay() : quiet;
        if (!c.createdAt().plus(quiet).isAfter(now)) {
            return true;
        }
        long statusMessages = c.timeline().stream()
                .map(e -> e.to().wire())
                .filter(MessageTemplates::has)
                .distinct()
                .count();
        return statusMessages > config.dailyContactCap();
    }

    /** {@code m} in another delivery state, as recorded (package-visible for tests that leave a claim behind). */
    static Notification as(Notification m, String status, Instant sendAfter, int attempts, String reason) {
        return new Notification(
                m.notificationId(),
                m.caseId(),
                m.audience(),
                m.event(),
                m.channel(),
                m.locale(),
                m.subject(),
                m.body(),
                m.parameters(),
                status,
                m.createdAt(),
                sendAfter,
                null,
                attempts,
                null,
                reason);
    }

    /** Sends a claimed message and records the outcome (or the next try). */
    private String send(Notification message, RefundCase refundCase, Instant now) {
        Channel.Outcome outcome = channels.named(message.channel())
                .send(address(message, refundCase), message.subject(), message.body(), message.notificationId());
        if (outcome.retryable() && message.attempts() + 1 < MAX_ATTEMPTS) {
            outbox.retryLater(
                    message.notificationId(),
                    now.plus(RETRY_BACKOFF.multipliedBy(message.attempts() + 1)),
                    outcome.reason());
            LOG.warnf("%s: %s, will try again", message.notificationId(), outcome.reason());
            return Notification.PENDING;
        }
        outbox.settle(message.notificationId(), outcome.status(), outcome.providerMessageId(), outcome.reason(), now);
        if (Notification.FAILED.equals(outcome.status())) {
            LOG.warnf("%s by %s failed: %s", message.notificationId(), message.channel(), outcome.reason());
        } else {
            LOG.infof("%s by %s: %s", message.notificationId(), message.channel(), outcome.status());
        }
        return outcome.status();
    }

    /** Messages sent (or being sent) to the customer about this case on their calendar day. */
    private long contactsToday(String caseId, ZoneId zone, Instant now) {
        LocalDate today = now.atZone(zone).toLocalDate();
        return outbox.forCase(caseId).stream()
                .filter(Notification::isForCustomer)
                .filter(n ->
                        Notification.SENT.equals(n.deliveryStatus()) || Notification.SENDING.equals(n.deliveryStatus()))
                .filter(n -> n.sentAt() == null
                        || n.sentAt().atZone(zone).toLocalDate().equals(today))
                .count();
    }

    /** Why the message must not go out after all, or null. */
    private static String suppression(Notification message, Recipient recipient) {
        if (!message.isForCustomer()) {
            return null;
        }
        RefundCase c = recipient.refundCase();
        if (recipient.unsubscribed().contains(message.channel())) {
            return "unsubscribed";
        }
        return switch (message.event()) {
            case FollowUpService.SURVEY ->
                !payoutSettled(c) ? "payout_not_settled" : recipient.answered() ? "already_answered" : null;
            case EvidenceReminders.EVIDENCE_REMINDER ->
                c.status() != CaseStatus.NEEDS_EVIDENCE ? "no_longer_waiting" : null;
            case ProgressUpdates.PROGRESS ->
                !c.status().isOpen() || c.status() == CaseStatus.NEEDS_EVIDENCE ? "case_moved_on" : null;
            // Recorded before the sweep's move (ADR 0035): the move may not have been made after all.
            case ReturnDeadlines.RETURN_EXPIRED -> reached(c, CaseStatus.CLOSED) ? null : "not_reached";
            default ->
                CaseStatus.parse(message.event())
                        .filter(status -> !reached(c, status))
                        .map(status -> "not_reached")
                        .orElse(null);
        };
    }

    /** Whether the case's timeline ever arrived at {@code status}. */
    private static boolean reached(RefundCase c, CaseStatus status) {
        return c.status() == status || c.timeline().stream().anyMatch(e -> e.to() == status);
    }

    /** Paid and still paid: nothing after the last payment says it failed. */
    static boolean payoutSettled(RefundCase c) {
        if (c.status() != CaseStatus.PAID && c.status() != CaseStatus.CLOSED) {
            return false;
        }
        boolean paid = false;
        for (TimelineEvent event : c.timeline()) {
            if (event.to() == CaseStatus.PAID) {
                paid = true;
            } else if (event.to() == CaseStatus.PAYOUT_FAILED || event.to() == CaseStatus.PAYOUT_PENDING) {
                paid = false;
            }
        }
        return paid;
    }

    private static String address(Notification message, RefundCase c) {
        return switch (message.channel()) {
            case "email" -> c.request().customer().email();
            case "sms" -> c.request().customer().phone();
            default -> null;
        };
    }
}
