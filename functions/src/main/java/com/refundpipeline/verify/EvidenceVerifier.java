package com.refundpipeline.verify;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.refundpipeline.amount.AmountRules;
import com.refundpipeline.amount.RefundBreakdown;
import com.refundpipeline.amount.RefundCalculator;
import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.CaseTransition;
import com.refundpipeline.domain.Decision;
import com.refundpipeline.domain.DeclineCode;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.RefundRequest;
import com.refundpipeline.messaging.CaseEvents;
import com.refundpipeline.policy.PolicyInput;
import com.refundpipeline.policy.RefundPolicy;
import com.refundpipeline.store.CaseRepository;
import com.refundpipeline.store.OrderLedger;
import com.refundpipeline.store.OrderPosition;
import com.refundpipeline.store.OrderReservation;
import com.refundpipeline.store.TransitionResult;

/**
 * Decides a case under the refund policy and records the decision. An approval commits the case's share of its
 * order in the same write, so no interleaving of cases can approve more than was captured.
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
    private final AmountRules amountRules;
    private final Clock clock;

    public EvidenceVerifier(CaseRepository cases, OrderLedger ledger, CaseEvents events, PolicyConfig policyConfig,
            Clock clock) {
        this.cases = cases;
        this.ledger = ledger;
        this.events = events;
        this.policy = new RefundPolicy(policyConfig.version(), policyConfig.returnWindow(),
                policyConfig.autoApproveLimit());
        this.amountRules = policyConfig.amountRules();
        this.clock = clock;
    }

    public void verify(String caseId) {
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            RefundCase current = cases.find(caseId)
                    .orElseThrow(() -> new IllegalStateException("no case " + caseId));
            if (!current.status().awaitsVerification()) {
                acknowledgeDuplicate(current);
                return;
            }
            if (decide(current)) {
                return;
            }
        }
        throw new IllegalStateException("case " + caseId + " kept changing while being verified");
    }

    /** Returns false when the case changed under us and must be read again. */
    private boolean decide(RefundCase current) {
        Instant now = clock.instant();
        RefundRequest.Order order = current.request().order();
        OrderPosition position = ledger.position(order.id(), order.currency(), order.capturedAmount());
        Decision decision = policy.decide(new PolicyInput(current, position, now));
        if (decision.outcome() == CaseStatus.APPROVED) {
            // The amount is computed again against the order as it is now: other refunds may have taken units
            // since the request, which moves the cent shares of discounts, tax and shipping.
            RefundBreakdown breakdown = RefundCalculator.calculate(current.request(), position.committedUnits(),
                    position.refundableFor(current.caseId()), amountRules);
            decision = breakdown.total() > 0 ? decision.withAmount(breakdown)
                    : new Decision(CaseStatus.DECLINED, null, null, "order_cap", policy.version(),
                            DeclineCode.ALREADY_REFUNDED, DeclineCode.ALREADY_REFUNDED.explanation(), "policy", now);
        }

        TransitionResult result;
        if (decision.outcome() == CaseStatus.APPROVED) {
            Map<String, Long> units = new HashMap<>();
            current.request().items().forEach(item -> units.merge(item.sku(), item.quantity(), Long::sum));
            result = cases.apply(transition(current, decision, now),
                    new OrderReservation(order.id(), current.caseId(), decision.amount(), order.capturedAmount(),
                            order.currency(), Map.copyOf(units)));
            if (result == TransitionResult.ORDER_CAP_EXCEEDED) {
                // Another case of the order took its share between our read and our write.
                decision = new Decision(CaseStatus.DECLINED, null, null, "order_cap", policy.version(),
                        DeclineCode.ALREADY_REFUNDED, DeclineCode.ALREADY_REFUNDED.explanation(), "policy", now);
                result = cases.apply(transition(current, decision, now));
            }
        } else {
            result = cases.apply(transition(current, decision, now));
        }
        if (result != TransitionResult.APPLIED) {
            return false;
        }
        RefundCase decided = current.after(transition(current, decision, now));
        LOG.infof("case %s %s by rule %s (policy %s)", decided.caseId(), decided.status().wire(), decision.rule(),
                decision.policyVersion());
        if (decided.status() == CaseStatus.APPROVED) {
            events.payoutRequested(decided);
        }
        events.statusChanged(decided);
        return true;
    }

    private static CaseTransition transition(RefundCase current, Decision decision, Instant now) {
        return current.moveTo(decision.outcome(), "policy:" + decision.policyVersion(),
                decision.rule() + ": " + decision.explanation(), now).withDecision(decision);
    }

    /**
     * A duplicate or late message changes nothing. If the case still sits where this step left it, the next hop's
     * message may have been lost after the write, so it is sent again; its consumer is idempotent.
     */
    private void acknowledgeDuplicate(RefundCase current) {
        LOG.debugf("case %s already %s; verification message acknowledged", current.caseId(), current.status().wire());
        if (current.status() == CaseStatus.APPROVED) {
            events.payoutRequested(current);
        }
    }
}
