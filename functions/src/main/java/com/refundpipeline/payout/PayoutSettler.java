package com.refundpipeline.payout;

import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.Payout;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.TimelineEvent;
import com.refundpipeline.logging.LogEvents;
import com.refundpipeline.messaging.CaseEvents;
import com.refundpipeline.store.CaseRepository;
import com.refundpipeline.store.PayoutRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Settles payouts from the provider's own reports (its webhook), outside the payout call: a payout that is still
 * pending or unknown here takes the reported outcome, and its case moves if it is waiting on that payout.
 */
@ApplicationScoped
public class PayoutSettler {

    private static final Logger LOG = Logger.getLogger(PayoutSettler.class);

    private final CaseRepository cases;
    private final PayoutRepository payouts;
    private final PayoutFinisher finisher;
    private final CaseEvents events;
    private final Clock clock;

    public PayoutSettler(
            CaseRepository cases, PayoutRepository payouts, PayoutFinisher finisher, CaseEvents events, Clock clock) {
        this.events = events;
        this.cases = cases;
        this.payouts = payouts;
        this.finisher = finisher;
        this.clock = clock;
    }

    /** How a provider's report of a payout (a webhook) was taken. */
    public enum Settlement {
        /** The payout and the case moved. */
        APPLIED,
        /** Already known: nothing changed. */
        ALREADY_SETTLED,
        /** Not settled yet at the provider: nothing to change. */
        STILL_PENDING,
        /** No payout of ours under that key. */
        UNKNOWN_PAYOUT,
        /** The provider now says the opposite of what was recorded: left for a person. */
        CONFLICT
    }

    /**
     * What the provider reported of a payout, outside the payout call (a webhook): recorded if the payout is still
     * unsettled, and the case moved if it is waiting on this payout. Repeats and late reports change nothing.
     */
    public Settlement settle(String idempotencyKey, PaymentResult result, String actor) {
        Optional<Payout> known = payouts.find(idempotencyKey);
        if (known.isEmpty()) {
            return Settlement.UNKNOWN_PAYOUT;
        }
        Payout recorded = known.get();
        Payout.Status reported = switch (result.status()) {
            case SUCCEEDED -> Payout.Status.SUCCEEDED;
            case FAILED -> Payout.Status.FAILED;
            case PENDING -> null;
        };
        if (reported == null) {
            return Settlement.STILL_PENDING;
        }
        Payout settled = recorded;
        if (recorded.status() == Payout.Status.PENDING || recorded.status() == Payout.Status.UNKNOWN) {
            Payout outcome =
                    recorded.with(reported, result.providerReference(), result.failureReason(), clock.instant());
            settled = payouts.recordOutcome(outcome)
                    ? outcome
                    : payouts.find(idempotencyKey).orElseThrow();
        }
        if (settled.status() != reported) {
            LogEvents.log(
                    LOG,
                    Logger.Level.ERROR,
                    LogEvents.PAYOUT_CONFLICT,
                    "payout %s is %s here but the provider now reports %s (%s); left for operations",
                    idempotencyKey,
                    settled.status().wire(),
                    reported.wire(),
                    result.failureReason());
            return Settlement.CONFLICT;
        }
        for (int attempt = 1; attempt <= PayoutFinisher.ATTEMPTS; attempt++) {
            RefundCase current = cases.find(recorded.caseId()).orElse(null);
            if (current == null
                    || current.status() != CaseStatus.PAYOUT_PENDING
                    || current.payout() == null
                    || !current.payout().idempotencyKey().equals(idempotencyKey)) {
                if (current != null
                        && current.payout() != null
                        && current.payout().idempotencyKey().equals(idempotencyKey)) {
                    // A redelivered report finding the case settled by this payout: the delivery that settled it may
                    // have stopped after the write, before the customer's message (ADR 0035).
                    events.retell(current, move -> actor.equals(move.actor()) && settles(move));
                }
                return settled.equals(recorded) ? Settlement.ALREADY_SETTLED : Settlement.APPLIED;
            }
            if (finisher.finish(current, settled, actor)) {
                return Settlement.APPLIED;
            }
        }
        throw new IllegalStateException("case " + recorded.caseId() + " kept changing while being settled");
    }

    private static boolean settles(TimelineEvent move) {
        return move.from() == CaseStatus.PAYOUT_PENDING
                && (move.to() == CaseStatus.PAID || move.to() == CaseStatus.PAYOUT_FAILED);
    }
}
