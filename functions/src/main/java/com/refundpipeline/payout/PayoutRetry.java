package com.refundpipeline.payout;

import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.CaseTransition;
import com.refundpipeline.domain.Payout;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.Refusal;
import com.refundpipeline.messaging.CaseEvents;
import com.refundpipeline.store.CaseRepository;
import com.refundpipeline.store.TransitionResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import org.jboss.logging.Logger;

/** An operator pays a payout_failed case again, as the next attempt; issue-payout then pays it as any other. */
@ApplicationScoped
public class PayoutRetry {

    private static final Logger LOG = Logger.getLogger(PayoutRetry.class);

    private final CaseRepository cases;
    private final CaseEvents events;
    private final Clock clock;

    public PayoutRetry(CaseRepository cases, CaseEvents events, Clock clock) {
        this.cases = cases;
        this.events = events;
        this.clock = clock;
    }

    /**
     * An operator's retry of a failed payout: the case goes back to payout_pending under a new attempt (so a new
     * idempotency key: the failed refund stays failed at the provider) and the payout is queued again.
     *
     * @return the case as it now is
     * @throws Refusal (conflict, case_changed) when the case is not payout_failed, or changed meanwhile
     */
    public RefundCase retry(String caseId, String operator) {
        if (operator == null || operator.isBlank()) {
            throw new IllegalArgumentException("an operator retry names the operator");
        }
        RefundCase current =
                cases.find(caseId).orElseThrow(() -> Refusal.notFound("case_not_found", "no case " + caseId));
        if (current.status() != CaseStatus.PAYOUT_FAILED || current.payout() == null) {
            throw Refusal.conflict(
                    "case_changed",
                    "case " + caseId + " is " + current.status().wire() + "; only a payout_failed case can be retried");
        }
        Payout failed = current.payout();
        int attempt = failed.attempt() + 1;
        Instant now = clock.instant();
        Payout next = new Payout(
                Payout.idempotencyKey(caseId, attempt),
                caseId,
                attempt,
                failed.amount(),
                failed.currency(),
                failed.method(),
                Payout.Status.PENDING,
                null,
                null,
                now,
                now);
        CaseTransition transition = current.moveTo(
                        CaseStatus.PAYOUT_PENDING,
                        "operator:" + operator,
                        "payout retried as attempt " + attempt + " after: " + failed.failureReason(),
                        now)
                .withPayout(next);
        if (cases.apply(transition) != TransitionResult.APPLIED) {
            throw Refusal.conflict("case_changed", "case " + caseId + " changed meanwhile; read it and retry");
        }
        RefundCase retried = current.after(transition);
        LOG.infof("case %s: payout retried by %s as attempt %d", caseId, operator, attempt);
        events.payoutRequested(retried);
        events.statusChanged(retried);
        return retried;
    }
}
