package com.refundpipeline.orders;

import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.CaseTransition;
import com.refundpipeline.domain.Decision;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.ReplacementShipment;
import com.refundpipeline.messaging.CaseEvents;
import com.refundpipeline.store.CaseRepository;
import com.refundpipeline.store.TransitionResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The store's answers to a replacement request. {@code replacement_shipped} moves {@code replacement_pending} to
 * {@code replaced} with the carrier and tracking code on the grant; {@code out_of_stock} moves it to {@code approved}
 * for the grant's fallback (the amount was held on the order when the goods were granted) and queues the payout.
 * Each is one conditional write on the case's version with its timeline event, and only a move {@link CaseStatus}
 * allows: a replay, a late or contradicting answer, or one for an unknown case changes nothing.
 */
@ApplicationScoped
public class ReplacementConfirmations {

    private static final Logger LOG = Logger.getLogger(ReplacementConfirmations.class);
    private static final int ATTEMPTS = 3;
    public static final String OUT_OF_STOCK_RULE = "out_of_stock";

    /** What an answer did. */
    public enum Outcome {
        MOVED,
        UNCHANGED,
        UNKNOWN_CASE
    }

    private final CaseRepository cases;
    private final CaseEvents events;
    private final Clock clock;

    public ReplacementConfirmations(CaseRepository cases, CaseEvents events, Clock clock) {
        this.cases = cases;
        this.events = events;
        this.clock = clock;
    }

    public Outcome shipped(String caseId, ReplacementShipment shipment, String actor) {
        return answer(caseId, CaseStatus.REPLACED, actor, current -> {
            Decision.Grant grant = current.decision().grant().withShipment(shipment);
            String note = grant.resolution().wire() + " shipped by " + shipment.carrier() + ", tracking "
                    + shipment.trackingCode();
            return current.moveTo(CaseStatus.REPLACED, actor, note, clock.instant())
                    .withDecision(current.decision().withGrant(grant));
        });
    }

    public Outcome outOfStock(String caseId, String actor) {
        return answer(caseId, CaseStatus.APPROVED, actor, current -> {
            Decision held = current.decision();
            Decision.Grant goods = held.grant();
            Decision.Grant money = new Decision.Grant(
                    goods.fallback(),
                    "the store is out of stock for the " + goods.resolution().wire() + "; the rule's next resolution, "
                            + goods.fallback().wire(),
                    goods.returnFirst(),
                    goods.returnDays(),
                    goods.returnShipping());
            Instant now = clock.instant();
            String explanation = "out of stock for the " + goods.resolution().wire() + ": "
                    + goods.fallback().wire() + " of the held amount by "
                    + held.method().wire();
            Decision approved = new Decision(
                    CaseStatus.APPROVED,
                    held.amount(),
                    held.method(),
                    OUT_OF_STOCK_RULE,
                    held.policyVersion(),
                    null,
                    explanation,
                    actor,
                    now,
                    held.checks(),
                    held.inputs(),
                    held.inputsHash(),
                    null,
                    held.breakdown(),
                    money);
            return current.moveTo(CaseStatus.APPROVED, actor, explanation, now).withDecision(approved);
        });
    }

    private Outcome answer(
            String caseId,
            CaseStatus target,
            String actor,
            java.util.function.Function<RefundCase, CaseTransition> move) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<RefundCase> found = cases.find(caseId);
            if (found.isEmpty()) {
                return Outcome.UNKNOWN_CASE;
            }
            RefundCase current = found.get();
            // Already answered (a replay), answered the other way (shipped, then out of stock), or never asked.
            if (current.status() != CaseStatus.REPLACEMENT_PENDING
                    || current.decision() == null
                    || current.decision().grant() == null
                    || !current.decision().grant().sendsGoods()) {
                // A replay may follow a delivery that stopped after its write, before its messages (ADR 0035).
                events.retell(current, m -> m.from() == CaseStatus.REPLACEMENT_PENDING && actor.equals(m.actor()));
                return Outcome.UNCHANGED;
            }
            CaseTransition transition = move.apply(current);
            if (cases.apply(transition) == TransitionResult.APPLIED) {
                RefundCase moved = current.after(transition);
                LOG.infof("case %s %s by %s", moved.caseId(), moved.status().wire(), actor);
                if (target == CaseStatus.APPROVED) {
                    events.payoutRequested(moved);
                }
                events.statusChanged(moved);
                return Outcome.MOVED;
            }
        }
        throw new IllegalStateException("case " + caseId + " kept changing while the store's answer was recorded");
    }
}
