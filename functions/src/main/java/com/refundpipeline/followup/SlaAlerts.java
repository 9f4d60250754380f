package com.refundpipeline.followup;

import com.refundpipeline.config.FollowUpConfig;
import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.Notification;
import com.refundpipeline.domain.Readable;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.logging.LogEvents;
import com.refundpipeline.store.NotificationOutbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.Map;
import org.jboss.logging.Logger;

/** The sweep's job for operations: one alert per case and missed target (not decided in time; not paid in time). */
@ApplicationScoped
public class SlaAlerts {

    private static final Logger LOG = Logger.getLogger(SlaAlerts.class);
    static final String SLA_DECISION = "sla_decision";
    static final String SLA_BREACH = "sla_breach";

    private final NotificationOutbox outbox;
    private final Courier courier;
    private final FollowUpConfig config;

    public SlaAlerts(NotificationOutbox outbox, Courier courier, FollowUpConfig config) {
        this.outbox = outbox;
        this.courier = courier;
        this.config = config;
    }

    /** The alerts raised now for {@code c} (0 to 2). */
    int check(RefundCase c, Instant now) {
        int alerts = 0;
        boolean undecided = c.status() == CaseStatus.RECEIVED
                || c.status() == CaseStatus.VERIFYING
                || c.status() == CaseStatus.IN_REVIEW;
        if (undecided && c.createdAt().plus(config.decisionTarget()).isBefore(now)) {
            alerts += alert(c, SLA_DECISION, "decided", c.createdAt().plus(config.decisionTarget()), now);
        }
        if (c.resolutionDueAt().isBefore(now)) {
            alerts += alert(c, SLA_BREACH, "paid", c.resolutionDueAt(), now);
        }
        return alerts;
    }

    /** Operations read the case by its id: the alert carries no personal data. */
    private int alert(RefundCase c, String event, String due, Instant target, Instant now) {
        Notification alert = Notification.pending(
                Notification.idFor(c.caseId(), event),
                c.caseId(),
                Notification.OPERATIONS,
                event,
                "operations",
                "en",
                "SLA breach: not " + due + ": " + c.caseId(),
                "Case " + c.caseId() + " (" + c.request().reason().wire() + ") is "
                        + c.status().wire() + "; it should have been " + due + " by " + Readable.time(target) + ".",
                Map.of("status", c.status().wire(), "target", target.toString()),
                now,
                now);
        if (!outbox.record(alert)) {
            return 0;
        }
        LogEvents.log(
                LOG,
                Logger.Level.WARN,
                LogEvents.SLA_BREACHED,
                "case %s breached its %s target (%s)",
                c.caseId(),
                event,
                target);
        courier.deliver(alert);
        return 1;
    }
}
