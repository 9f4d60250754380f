package com.refundpipeline.followup;

import com.refundpipeline.domain.Notification;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.store.CaseFollowUps;
import com.refundpipeline.store.CaseFollowUps.Recipient;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Records what the customer is to hear in the outbox, once per case and key, and hands it to the {@link Courier} at
 * once when its time has come; what must wait (a survey days later) goes out with a later sweep. A message that can
 * go now is recorded already claimed, in one conditional write (see {@link Courier#deliverNew}).
 */
@ApplicationScoped
public class CustomerMessages {

    private static final Logger LOG = Logger.getLogger(CustomerMessages.class);

    private final CaseFollowUps followUps;
    private final Courier courier;
    private final Clock clock;

    public CustomerMessages(CaseFollowUps followUps, Courier courier, Clock clock) {
        this.followUps = followUps;
        this.courier = courier;
        this.clock = clock;
    }

    /**
     * Records the customer's message for {@code event} (its id suffix {@code key}) to go out from {@code sendAfter},
     * and tries it at once when that time has come. False when it was recorded before: a repeat sends nothing here;
     * a message an earlier attempt left pending goes out with the next sweep. For the sweep, which read the case
     * alone: the channels the customer left and their feedback are read here, when the message can go now.
     */
    boolean tell(RefundCase c, String key, String event, Instant expires, Instant sendAfter) {
        Recipient recipient = sendAfter.isAfter(clock.instant())
                ? new Recipient(c, java.util.Set.of(), false)
                : followUps
                        .recipient(c.caseId())
                        .map(r -> new Recipient(c, r.unsubscribed(), r.answered()))
                        .orElse(null);
        return tell(recipient, message(c, key, event, expires, sendAfter, clock.instant()), null);
    }

    /**
     * For the sweep's own moves (ADR 0035), which no repeat comes back to: records the customer's message for the move
     * {@code moved} is about to make, pending and due now, before the move is written. {@link #deliverRecorded} sends
     * it once the move is written; if the sweep stops in between, the next sweep's due messages send it; if the move is
     * not made, the Courier finds so when it is due and suppresses it.
     */
    Notification recordBefore(RefundCase moved, String event) {
        Instant now = clock.instant();
        Notification message = message(moved, event, event, null, now, now);
        courier.record(message); // false: an earlier sweep recorded it and stopped; it is delivered below all the same
        return message;
    }

    /** Sends a message {@link #recordBefore} recorded, unless a sweep's due messages took it first. */
    void deliverRecorded(Notification message) {
        String status = courier.deliver(message);
        LOG.infof("%s delivered for %s (%s)", message.notificationId(), message.channel(), status);
    }

    /** See {@link Courier#settleUnsent}: {@code message} settled unsent for {@code reason}, unless recorded before. */
    boolean settleUnsent(Notification message, String reason) {
        return courier.settleUnsent(message, reason);
    }

    /** Records {@code message} (and {@code companion}, a later message, in the same write) and delivers it. */
    boolean tell(Recipient recipient, Notification message, Notification companion) {
        String status = courier.deliverNew(message, recipient, companion);
        if (status == null) {
            return false;
        }
        LOG.infof("%s recorded for %s (%s)", message.notificationId(), message.channel(), status);
        return true;
    }

    /**
     * {@code then} told with {@code first} before it, in one message: {@code then}'s id, event and subject, both
     * bodies (the request received, then what was decided about it). Its id is {@code then}'s, so a repeated event
     * finds it recorded and sends nothing, as for any message.
     */
    static Notification after(Notification first, Notification then) {
        return Notification.pending(
                then.notificationId(),
                then.caseId(),
                then.audience(),
                then.event(),
                then.channel(),
                then.locale(),
                then.subject(),
                first.body() + "\n\n" + then.body(),
                then.parameters(),
                then.createdAt(),
                then.sendAfter());
    }

    /** The customer's message for {@code event} about the case as {@code c} shows it. */
    static Notification message(
            RefundCase c, String key, String event, Instant expires, Instant sendAfter, Instant createdAt) {
        MessageTemplates.Message text = MessageTemplates.render(event, c, expires);
        return Notification.pending(
                Notification.idFor(c.caseId(), key),
                c.caseId(),
                Notification.CUSTOMER,
                event,
                c.request().customer().channel(),
                MessageTemplates.language(c.request().customer().locale()),
                text.subject(),
                text.body(),
                Map.of(),
                createdAt,
                sendAfter);
    }
}
