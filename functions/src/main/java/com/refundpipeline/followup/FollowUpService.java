package com.refundpipeline.followup;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.Payout;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.store.CaseRepository;
import com.refundpipeline.store.Notification;
import com.refundpipeline.store.NotificationOutbox;

/**
 * Puts what the customer and operations must hear into the outbox, once per case and event: the outbox id is the
 * case and the event, so a repeated message or a repeated schedule records nothing new.
 */
@ApplicationScoped
public class FollowUpService {

    private static final Logger LOG = Logger.getLogger(FollowUpService.class);
    /** Enough for one sweep to stay well inside the function's timeout; the next sweep takes the rest. */
    static final int SWEEP_LIMIT = 200;

    private final CaseRepository cases;
    private final NotificationOutbox outbox;
    private final Clock clock;

    public FollowUpService(CaseRepository cases, NotificationOutbox outbox, Clock clock) {
        this.cases = cases;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** Tells the customer the case reached {@code status}, if it is still there or has passed through it. */
    public void statusChanged(String caseId, CaseStatus status) {
        RefundCase refundCase = cases.find(caseId).orElseThrow(() -> new IllegalStateException("no case " + caseId));
        boolean reached = refundCase.timeline().stream().anyMatch(e -> e.to() == status);
        if (!reached) {
            // The message outran the write it reports (it cannot, as writes come first) or names a status the case
            // never had: either way there is nothing true to tell.
            throw new IllegalStateException("case " + caseId + " never reached " + status.wire());
        }
        RefundCase asOfStatus = refundCase.status() == status ? refundCase : statusView(refundCase, status);
        NotificationTemplates.render(asOfStatus).ifPresent(message -> {
            Notification notification = new Notification(Notification.idFor(caseId, status.wire()), caseId,
                    "customer", status.wire(), refundCase.request().customer().channel(),
                    refundCase.request().customer().locale(), message.subject(), message.body(), Map.of(), "pending",
                    clock.instant());
            if (outbox.record(notification)) {
                LOG.infof("case %s: %s notification queued for %s", caseId, status.wire(), notification.channel());
            }
        });
        if (status == CaseStatus.PAYOUT_FAILED && asOfStatus.payout() != null) {
            alertPayoutFailed(asOfStatus);
        }
    }

    /** Operations hear of every failed payout attempt once, with the provider's reason, to fix and retry it. */
    private void alertPayoutFailed(RefundCase refundCase) {
        Payout payout = refundCase.payout();
        String event = "payout_failed_attempt_" + payout.attempt();
        Notification alert = new Notification(Notification.idFor(refundCase.caseId(), event), refundCase.caseId(),
                "operations", "payout_failed", "operations", "en", "Payout failed: " + refundCase.caseId(),
                "Refunding " + payout.amount() + " " + payout.currency() + " by " + payout.method().wire()
                        + " for case " + refundCase.caseId() + " failed at the provider: " + payout.failureReason()
                        + ". Fix the cause, then retry the payout from the review function.",
                Map.of("idempotency_key", payout.idempotencyKey(), "reason", String.valueOf(payout.failureReason()),
                        "attempt", Integer.toString(payout.attempt())),
                "pending", clock.instant());
        if (outbox.record(alert)) {
            LOG.warnf("case %s: payout attempt %d failed (%s); operations alerted", refundCase.caseId(),
                    payout.attempt(), payout.failureReason());
        }
    }

    /** The scheduled sweep: an alert to operations, once, for each open case past its promised time. */
    public int sweep() {
        Instant now = clock.instant();
        int alerts = 0;
        for (String caseId : cases.openCasesDueBefore(now, SWEEP_LIMIT)) {
            RefundCase refundCase = cases.find(caseId).orElse(null);
            // The clock stops while the customer owes us evidence.
            if (refundCase == null || !refundCase.status().isOpen()
                    || refundCase.status() == CaseStatus.NEEDS_EVIDENCE) {
                continue;
            }
            Notification alert = new Notification(Notification.idFor(caseId, "sla_breach"), caseId, "operations",
                    "sla_breach", "operations", "en", "SLA breach: " + caseId,
                    "Case " + caseId + " is " + refundCase.status().wire() + " and was promised by "
                            + refundCase.resolutionDueAt() + ".",
                    Map.of("status", refundCase.status().wire()), "pending", now);
            if (outbox.record(alert)) {
                alerts++;
                LOG.warnf("case %s breached its resolution target (%s)", caseId, refundCase.resolutionDueAt());
            }
        }
        return alerts;
    }

    /** The case as it was when it reached {@code status}, for a message that arrives after the case moved on. */
    private static RefundCase statusView(RefundCase c, CaseStatus status) {
        return new RefundCase(c.caseId(), status, c.version(), c.createdAt(), c.updatedAt(), c.resolutionDueAt(),
                c.request(), c.requestHash(), c.requestedAmount(), c.decision(), c.payout(), c.timeline());
    }
}
