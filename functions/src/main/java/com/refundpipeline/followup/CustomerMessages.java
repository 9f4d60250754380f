package com.refundpipeline.followup;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.refundpipeline.domain.Notification;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.store.NotificationOutbox;

/**
 * Records what the customer is to hear in the outbox, once per case and key, and hands it to the {@link Courier} at
 * once when its time has come; what must wait (a survey days later) goes out with a later sweep.
 */
@ApplicationScoped
public class CustomerMessages {

    private static final Logger LOG = Logger.getLogger(CustomerMessages.class);

    private final NotificationOutbox outbox;
    private final Courier courier;
    private final Clock clock;

    public CustomerMessages(NotificationOutbox outbox, Courier courier, Clock clock) {
        this.outbox = outbox;
        this.courier = courier;
        this.clock = clock;
    }

    /**
     * Records the customer's message for {@code event} (its id suffix {@code key}) to go out from {@code sendAfter},
     * and tries it at once when that time has come. False when it was recorded before: a repeat sends nothing here;
     * a message an earlier attempt left pending goes out with the next sweep.
     */
    boolean tell(RefundCase c, String key, String event, Instant expires, Instant sendAfter) {
        MessageTemplates.Message text = MessageTemplates.render(event, c, expires);
        Instant now = clock.instant();
        Notification message = Notification.pending(Notification.idFor(c.caseId(), key), c.caseId(),
                Notification.CUSTOMER, event, c.request().customer().channel(),
                MessageTemplates.language(c.request().customer().locale()), text.subject(), text.body(), Map.of(),
                now, sendAfter);
        if (!outbox.record(message)) {
            return false;
        }
        LOG.infof("case %s: %s recorded for %s", c.caseId(), key, message.channel());
        if (!sendAfter.isAfter(now)) {
            courier.deliver(message);
        }
        return true;
    }
}
