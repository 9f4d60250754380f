package com.refundpipeline.followup;

import com.refundpipeline.domain.Notification;
import com.refundpipeline.store.NotificationOutbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/** The sweep's last job: every message whose time has come (after quiet hours, the daily cap, a survey's delay). */
@ApplicationScoped
public class DueMessages {

    private final NotificationOutbox outbox;
    private final Courier courier;

    public DueMessages(NotificationOutbox outbox, Courier courier) {
        this.outbox = outbox;
        this.courier = courier;
    }

    /** How many went out (or were settled otherwise), and how many must wait again. */
    record Delivery(int delivered, int waiting) {}

    Delivery deliver(Instant now, int limit) {
        int delivered = 0;
        int waiting = 0;
        // First the claims whose sender was killed or timed out: recorded "sending", never settled.
        for (NotificationOutbox.StaleClaim stale : outbox.staleClaims(now.minus(Courier.CLAIM_LEASE), limit)) {
            if (Notification.PENDING.equals(courier.recover(stale))) {
                waiting++;
            } else {
                delivered++;
            }
        }
        // Messages that waited for the same moment (the end of the night) go out in the order they were recorded:
        // "approved" before "paid".
        List<Notification> due = outbox.dueBefore(now, limit).stream()
                .sorted(Comparator.comparing(Notification::sendAfter).thenComparing(Notification::createdAt))
                .toList();
        for (Notification message : due) {
            String status = courier.deliver(message);
            if (Notification.PENDING.equals(status)) {
                waiting++;
            } else {
                delivered++;
            }
        }
        return new Delivery(delivered, waiting);
    }
}
