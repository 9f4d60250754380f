package com.refundpipeline.followup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.refundpipeline.config.FollowUpConfig;
import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.Notification;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.TimelineEvent;
import com.refundpipeline.followup.channel.Channel;
import com.refundpipeline.followup.channel.Channels;
import com.refundpipeline.store.CaseFollowUps;
import com.refundpipeline.store.CaseRepository;
import com.refundpipeline.store.NotificationOutbox;

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

    private final NotificationOutbox outbox;
    private final CaseRepository cases;
    private final CaseFollowUps followUps;
    private final Channels channels;
    private final FollowUpConfig config;
    private final Clock clock;

    public Courier(NotificationOutbox outbox, CaseRepository cases, CaseFollowUps followUps, Channels channels,
            FollowUpConfig config, Clock clock) {
        this.outbox = outbox;
        this.cases = cases;
        this.followUps = followUps;
        this.channels = channels;
        this.config = config;
        this.clock = clock;
    }

    QuietHours quietHours() {
        return new QuietHours(config.quietStart(), config.quietEnd());
    }

    /** Tries to deliver the message now; returns its delivery status afterwards. */
    public String deliver(Notification message) {
        Instant now = clock.instant();
        if (!Notification.PENDING.equals(message.deliveryStatus())) {
            return message.deliveryStatus();
        }
        if (message.sendAfter() != null && message.sendAfter().isAfter(now)) {
            return Notification.PENDING;
        }
        RefundCase refundCase = cases.find(message.caseId()).orElse(null);
        if (refundCase != null && message.isForCustomer()) {
            ZoneId zone = ZoneId.of(refundCase.request().customer().timeZone());
            Instant allowed = quietHours().nextAllowed(now, zone);
            if (allowed.isAfter(now)) {
                outbox.postpone(message.notificationId(), allowed, "quiet_hours");
                return Notification.PENDING;
            }
            if (contactsToday(message.caseId(), zone, now) >= config.dailyContactCap()) {
                outbox.postpone(message.notificationId(), quietHours().nextDay(now, zone), "daily_cap");
                return Notification.PENDING;
            }
        }
        if (!outbox.claim(message.notificationId(), now)) {
            return Notification.SENDING; // another sender has it
        }
        String suppressed = refundCase == null ? "case_gone" : suppression(message, refundCase);
        if (suppressed != null) {
            outbox.settle(message.notificationId(), Notification.SUPPRESSED, null, suppressed, now);
            LOG.infof("%s suppressed: %s", message.notificationId(), suppressed);
            return Notification.SUPPRESSED;
        }
        Channel.Outcome outcome = channels.named(message.channel()).send(address(message, refundCase),
                message.subject(), message.body());
        if (outcome.retryable() && message.attempts() + 1 < MAX_ATTEMPTS) {
            outbox.retryLater(message.notificationId(), now.plus(RETRY_BACKOFF.multipliedBy(message.attempts() + 1)),
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
                .filter(n -> Notification.SENT.equals(n.deliveryStatus())
                        || Notification.SENDING.equals(n.deliveryStatus()))
                .filter(n -> n.sentAt() == null || n.sentAt().atZone(zone).toLocalDate().equals(today))
                .count();
    }

    /** Why the message must not go out after all, or null. */
    private String suppression(Notification message, RefundCase c) {
        if (!message.isForCustomer()) {
            return null;
        }
        if (followUps.unsubscribedChannels(c.caseId()).contains(message.channel())) {
            return "unsubscribed";
        }
        return switch (message.event()) {
            case FollowUpService.SURVEY -> !payoutSettled(c) ? "payout_not_settled"
                    : followUps.feedback(c.caseId()).isPresent() ? "already_answered" : null;
            case EvidenceReminders.EVIDENCE_REMINDER -> c.status() != CaseStatus.NEEDS_EVIDENCE ? "no_longer_waiting"
                    : null;
            case ProgressUpdates.PROGRESS -> !c.status().isOpen() || c.status() == CaseStatus.NEEDS_EVIDENCE
                    ? "case_moved_on" : null;
            default -> null;
        };
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
