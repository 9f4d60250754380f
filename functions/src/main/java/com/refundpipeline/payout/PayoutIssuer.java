package com.refundpipeline.payout;

import java.time.Clock;
import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.CaseTransition;
import com.refundpipeline.domain.Decision;
import com.refundpipeline.domain.Payout;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.messaging.CaseEvents;
import com.refundpipeline.store.CaseRepository;
import com.refundpipeline.store.PayoutRepository;
import com.refundpipeline.store.TransitionResult;

/**
 * Pays an approved case exactly once in effect:
 * <ol>
 * <li>the payout intent, with an idempotency key derived from the case and attempt, is written before the provider
 * is called;</li>
 * <li>a retry finds the intent and first asks the provider what became of the key, and pays only if it knows
 * nothing — under the same key, so even then the provider pays once;</li>
 * <li>the outcome is written once, then the case moves.</li>
 * </ol>
 */
@ApplicationScoped
public class PayoutIssuer {

    private static final Logger LOG = Logger.getLogger(PayoutIssuer.class);
    private static final int ATTEMPTS = 3;

    private final CaseRepository cases;
    private final PayoutRepository payouts;
    private final PaymentGateway gateway;
    private final CaseEvents events;
    private final Clock clock;

    public PayoutIssuer(CaseRepository cases, PayoutRepository payouts, PaymentGateway gateway, CaseEvents events,
            Clock clock) {
        this.cases = cases;
        this.payouts = payouts;
        this.gateway = gateway;
        this.events = events;
        this.clock = clock;
    }

    public void pay(String caseId) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            RefundCase current = cases.find(caseId).orElseThrow(() -> new IllegalStateException("no case " + caseId));
            if (current.status() != CaseStatus.APPROVED && current.status() != CaseStatus.PAYOUT_PENDING) {
                LOG.debugf("case %s is %s; payout message acknowledged", caseId, current.status().wire());
                return;
            }
            if (payOnce(current)) {
                return;
            }
        }
        throw new IllegalStateException("case " + caseId + " kept changing while being paid");
    }

    /** Returns false when the case changed under us and must be read again. */
    private boolean payOnce(RefundCase current) {
        Payout intent = intentFor(current);
        boolean firstAttempt = payouts.recordIntent(intent);
        Payout recorded = firstAttempt ? intent : payouts.find(intent.idempotencyKey()).orElseThrow();

        if (current.status() == CaseStatus.APPROVED) {
            CaseTransition pending = current.moveTo(CaseStatus.PAYOUT_PENDING, "issue-payout",
                    "paying " + recorded.amount() + " " + recorded.currency() + " by " + recorded.method().wire(),
                    clock.instant()).withPayout(recorded);
            if (cases.apply(pending) != TransitionResult.APPLIED) {
                return false;
            }
            current = current.after(pending);
            events.statusChanged(current);
        }

        Payout settled = switch (recorded.status()) {
            case SUCCEEDED, FAILED -> recorded;
            case PENDING, UNKNOWN -> settle(recorded, current, firstAttempt);
        };
        if (settled == null) {
            throw new PayoutNotSettledException("payout " + recorded.idempotencyKey() + " is still pending at the provider");
        }
        return finish(current, settled);
    }

    private Payout settle(Payout recorded, RefundCase current, boolean firstAttempt) {
        // Unless this call wrote the intent, ask before paying: an earlier attempt may have paid and lost the answer.
        PaymentResult result = firstAttempt ? null : gateway.find(recorded.idempotencyKey()).orElse(null);
        if (result == null) {
            try {
                result = gateway.refund(new RefundInstruction(recorded.idempotencyKey(), current.caseId(),
                        current.request().order().paymentReference(), recorded.amount(), recorded.currency(),
                        recorded.method()));
            } catch (PaymentOutcomeUnknownException unknown) {
                payouts.recordOutcome(recorded.with(Payout.Status.UNKNOWN, null, unknown.getMessage(), clock.instant()));
                throw unknown;
            }
        }
        Instant now = clock.instant();
        Payout outcome = switch (result.status()) {
            case SUCCEEDED -> recorded.with(Payout.Status.SUCCEEDED, result.providerReference(), null, now);
            case FAILED -> recorded.with(Payout.Status.FAILED, result.providerReference(), result.failureReason(), now);
            case PENDING -> null;
        };
        if (outcome == null) {
            return null;
        }
        if (!payouts.recordOutcome(outcome)) {
            // Someone settled it first; their record is the truth.
            return payouts.find(recorded.idempotencyKey()).orElseThrow();
        }
        return outcome;
    }

    private boolean finish(RefundCase current, Payout settled) {
        CaseStatus next = settled.status() == Payout.Status.SUCCEEDED ? CaseStatus.PAID : CaseStatus.PAYOUT_FAILED;
        String why = next == CaseStatus.PAID
                ? "paid " + settled.amount() + " " + settled.currency() + ", provider reference "
                        + settled.providerReference()
                : "the provider refused the refund: " + settled.failureReason();
        CaseTransition transition = current.moveTo(next, "issue-payout", why, clock.instant()).withPayout(settled);
        if (cases.apply(transition) != TransitionResult.APPLIED) {
            return false;
        }
        RefundCase done = current.after(transition);
        LOG.infof("case %s %s (payout %s)", done.caseId(), next.wire(), settled.idempotencyKey());
        events.statusChanged(done);
        return true;
    }

    private static Payout intentFor(RefundCase current) {
        Decision decision = current.decision();
        int attempt = current.payout() == null ? 1 : current.payout().attempt();
        Instant at = current.updatedAt();
        return new Payout(Payout.idempotencyKey(current.caseId(), attempt), current.caseId(), attempt,
                decision.amount(), current.currency(), decision.method(), Payout.Status.PENDING, null, null, at, at);
    }
}
