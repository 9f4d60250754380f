package com.refundpipeline.payout;

import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.CaseTransition;
import com.refundpipeline.domain.Payout;
import com.refundpipeline.domain.Readable;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.logging.LogEvents;
import com.refundpipeline.messaging.CaseEvents;
import com.refundpipeline.store.CaseRepository;
import com.refundpipeline.store.TransitionResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import org.jboss.logging.Logger;

/**
 * The last step of every payout, whoever learnt its outcome (issue-payout from the provider's answer, or the
 * provider's webhook): the case moves to paid or payout_failed with the settled payout, one conditional write.
 */
@ApplicationScoped
public class PayoutFinisher {

    private static final Logger LOG = Logger.getLogger(PayoutFinisher.class);
    /** How often a payout step reads a case again that changed under it before giving up. */
    static final int ATTEMPTS = 3;

    private final CaseRepository cases;
    private final CaseEvents events;
    private final Clock clock;

    public PayoutFinisher(CaseRepository cases, CaseEvents events, Clock clock) {
        this.cases = cases;
        this.events = events;
        this.clock = clock;
    }

    /** Returns false when the case changed under us and must be read again. */
    boolean finish(RefundCase current, Payout settled, String actor) {
        CaseStatus next = settled.status() == Payout.Status.SUCCEEDED ? CaseStatus.PAID : CaseStatus.PAYOUT_FAILED;
        String why = next == CaseStatus.PAID
                ? "paid " + Readable.money(settled.amount(), settled.currency()) + ", provider reference "
                        + settled.providerReference()
                : "the provider refused the refund: " + settled.failureReason();
        CaseTransition transition =
                current.moveTo(next, actor, why, clock.instant()).withPayout(settled);
        if (cases.apply(transition) != TransitionResult.APPLIED) {
            return false;
        }
        RefundCase done = current.after(transition);
        if (next == CaseStatus.PAID) {
            LOG.infof("case %s paid (payout %s)", done.caseId(), settled.idempotencyKey());
        } else {
            LogEvents.log(
                    LOG,
                    Logger.Level.ERROR,
                    LogEvents.PAYOUT_FAILED,
                    "case %s payout_failed (payout %s): %s; an operator can retry it",
                    done.caseId(),
                    settled.idempotencyKey(),
                    settled.failureReason());
        }
        events.statusChanged(done);
        return true;
    }
}
