package com.refundpipeline.verify;

import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.CaseTransition;
import com.refundpipeline.domain.Decision;
import com.refundpipeline.domain.OrderPosition;
import com.refundpipeline.domain.OrderReservation;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.RefundRequest;
import com.refundpipeline.messaging.CaseEvents;
import com.refundpipeline.messaging.RetryLaterException;
import com.refundpipeline.policy.PolicyInput;
import com.refundpipeline.policy.RefundPolicy;
import com.refundpipeline.returns.CarrierLabels;
import com.refundpipeline.returns.ReturnAuthorizer;
import com.refundpipeline.store.CaseRepository;
import com.refundpipeline.store.OrderLedger;
import com.refundpipeline.store.TransitionResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Decides a case under the refund policy and records the decision. An approval commits the case's share of its
 * order in the same write, so no interleaving of cases can approve more than was captured. A held case (a parcel
 * still with the carrier) is looked at again when its hold ends, through a delayed message on the verify queue.
 */
@ApplicationScoped
public class EvidenceVerifier {

    private static final Logger LOG = Logger.getLogger(EvidenceVerifier.class);
    /** A lost race is re-read and re-decided; more than a few in a row means something else is wrong. */
    private static final int ATTEMPTS = 3;

    private final CaseRepository cases;
    private final OrderLedger ledger;
    private final CaseEvents events;
    private final RefundPolicy policy;
    private final ReturnAuthorizer returns;
    private final Clock clock;

    public EvidenceVerifier(
            CaseRepository cases,
            OrderLedger ledger,
            CaseEvents events,
            RefundPolicy policy,
            ReturnAuthorizer returns,
            Clock clock) {
        this.returns = returns;
        this.cases = cases;
        this.ledger = ledger;
        this.events = events;
        this.policy = policy;
        this.clock = clock;
    }

    public void verify(String caseId) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            RefundCase current = cases.find(caseId).orElseThrow(() -> new IllegalStateException("no case " + caseId));
            if (!current.status().awaitsVerification()) {
                acknowledgeDuplicate(current);
                return;
            }
            if (stillHeld(current)) {
                return;
            }
            try {
                if (decide(current)) {
                    return;
                }
            } catch (ReturnAuthorizer.LabelPendingException e) {
                throw new RetryLaterException(e.getMessage(), e);
            } catch (CarrierLabels.CarrierException e) {
                // Only a failure worth retrying reaches here; a refusal for good authorizes the return without a label.
                throw new RetryLaterException("return label for case " + caseId + ": " + e.getMessage(), e);
            }
        }
        throw new IllegalStateException("case " + caseId + " kept changing while being verified");
    }

    /** The facts a decision of this case would see now. */
    public PolicyInput inputFor(RefundCase current, Instant now) {
        RefundRequest.Order order = current.request().order();
        OrderPosition position = ledger.position(order.id(), order.currency(), order.capturedAmount());
        Duration window = policy.document().frequentRefunder().window();
        int recent = cases.countForCustomerSince(
                current.customerId(), current.createdAt().minus(window), current.caseId());
        return PolicyInput.of(current, position, recent, now);
    }

    /** Returns false when the case changed under us (or the order's share was taken) and must be read again. */
    private boolean decide(RefundCase current) {
        Instant now = clock.instant();
        Decision decision = policy.decide(inputFor(current, now));
        if (decision.outcome() == CaseStatus.ON_HOLD && current.status() == CaseStatus.ON_HOLD) {
            events.verificationRequestedAfter(current, Duration.between(now, decision.holdUntil()));
            return true;
        }
        CaseTransition transition = transition(current, decision, now);
        if (decision.outcome() == CaseStatus.AWAITING_RETURN) {
            transition = returns.authorized(transition, decision, now);
        }
        TransitionResult result;
        if (decision.outcome() == CaseStatus.APPROVED
                || decision.outcome() == CaseStatus.AWAITING_RETURN
                || decision.outcome() == CaseStatus.REPLACEMENT_PENDING) {
            RefundRequest.Order order = current.request().order();
            // Another case of the order may take its share between our read and our write: then the ledger refuses
            // and the next attempt decides on the new position. A return holds its units the same way while the
            // parcel is owed, so they cannot be refunded twice; a replacement holds them for its out-of-stock fallback.
            Map<String, Long> units = new HashMap<>();
            current.request().items().forEach(item -> units.merge(item.sku(), item.quantity(), Long::sum));
            result = cases.apply(
                    transition,
                    new OrderReservation(
                            order.id(),
                            current.caseId(),
                            decision.amount(),
                            order.capturedAmount(),
                            order.currency(),
                            Map.copyOf(units)));
        } else {
            result = cases.apply(transition);
        }
        if (result != TransitionResult.APPLIED) {
            return false;
        }
        RefundCase decided = current.after(transition);
        LOG.infof(
                "case %s %s by %s (policy %s)",
                decided.caseId(), decided.status().wire(), decision.rule(), decision.policyVersion());
        if (decided.status() == CaseStatus.APPROVED) {
            events.payoutRequested(decided);
        }
        if (decided.status() == CaseStatus.ON_HOLD) {
            events.verificationRequestedAfter(decided, Duration.between(now, decision.holdUntil()));
        }
        events.statusChanged(decided);
        return true;
    }

    /** A held case whose hold has not ended is sent round again, as close to its end as SQS allows. */
    private boolean stillHeld(RefundCase current) {
        if (current.status() != CaseStatus.ON_HOLD
                || current.decision() == null
                || current.decision().holdUntil() == null) {
            return false;
        }
        Instant now = clock.instant();
        if (!now.isBefore(current.decision().holdUntil())) {
            return false;
        }
        events.verificationRequestedAfter(
                current, Duration.between(now, current.decision().holdUntil()));
        return true;
    }

    static CaseTransition transition(RefundCase current, Decision decision, Instant now) {
        return current.moveTo(
                        decision.outcome(),
                        "policy:" + decision.policyVersion(),
                        decision.rule() + ": " + decision.explanation(),
                        now)
                .withDecision(decision);
    }

    /**
     * A duplicate or late message changes nothing. The next hops' messages may have been lost after the write (the
     * process killed or timed out before sending them), so they are sent again: the payout request while the case is
     * still approved, and the customer's status_changed for verification's move wherever the case is now. The chaos
     * run found customers never told "received" that way twice: first while the case still sat where verification
     * left it, then (seed 2026) after the payout, a reviewer or the customer had already moved it on, so that no later
     * message told it. Their consumers are idempotent: send-follow-up records each message once, and tells of a
     * status the case has passed through as of when it was reached.
     */
    private void acknowledgeDuplicate(RefundCase current) {
        LOG.debugf(
                "case %s already %s; verification message acknowledged",
                current.caseId(), current.status().wire());
        if (current.status() == CaseStatus.APPROVED) {
            events.payoutRequested(current);
        }
        asVerificationLeftIt(current).ifPresent(events::statusChanged);
    }

    /**
     * The case as verification's last move left it (status and timeline up to that move; its actor is the policy),
     * or empty when verification never moved it.
     */
    static Optional<RefundCase> asVerificationLeftIt(RefundCase current) {
        return current.asLeftBy(e -> e.actor() != null && e.actor().startsWith("policy:"));
    }
}
