package com.refundpipeline.payout;

import com.refundpipeline.config.PipelineConfig;
import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.CaseTransition;
import com.refundpipeline.domain.Decision;
import com.refundpipeline.domain.Payout;
import com.refundpipeline.domain.PayoutMethod;
import com.refundpipeline.domain.Readable;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.TimelineEvent;
import com.refundpipeline.messaging.CaseEvents;
import com.refundpipeline.payout.credit.GoodwillCouponGateway;
import com.refundpipeline.payout.credit.StoreCreditGateway;
import com.refundpipeline.store.CaseRepository;
import com.refundpipeline.store.PayoutRepository;
import com.refundpipeline.store.TransitionResult;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Pays an approved case exactly once in effect:
 * <ol>
 * <li>the payout intent, with an idempotency key derived from the case and attempt, is written before the provider
 * is called, already claimed by the delivery that writes it (one conditional write);</li>
 * <li>only the holder of the payout's claim (a lease on the payout record) talks to the provider, so concurrent
 * deliveries of the message make one provider call; a holder that died loses the claim when its lease ends;</li>
 * <li>a retry finds the intent and first asks the provider what became of the key, and pays only if it knows
 * nothing — under the same key, so even then the provider pays once;</li>
 * <li>the outcome is written once, then the case moves.</li>
 * </ol>
 * Refunds to the original payment go through the configured {@link PaymentGateway}; store credit and goodwill
 * coupons through the store-credit ledger, behind the same interface and the same steps. The provider's later
 * reports settle payouts in {@link PayoutSettler}; an operator's retry is {@link PayoutRetry}.
 */
@ApplicationScoped
public class PayoutIssuer {

    private static final Logger LOG = Logger.getLogger(PayoutIssuer.class);

    private final CaseRepository cases;
    private final PayoutRepository payouts;
    private final PaymentGateway gateway;
    private final Instance<StoreCreditGateway> storeCredit;
    private final Instance<GoodwillCouponGateway> coupons;
    private final CaseEvents events;
    private final PayoutFinisher finisher;
    private final Clock clock;
    private final Duration lease;

    public PayoutIssuer(
            CaseRepository cases,
            PayoutRepository payouts,
            PaymentGateway gateway,
            Instance<StoreCreditGateway> storeCredit,
            Instance<GoodwillCouponGateway> coupons,
            CaseEvents events,
            PayoutFinisher finisher,
            PipelineConfig config,
            Clock clock) {
        this.coupons = coupons;
        this.cases = cases;
        this.payouts = payouts;
        this.gateway = gateway;
        this.storeCredit = storeCredit;
        this.events = events;
        this.finisher = finisher;
        this.clock = clock;
        this.lease = config.payment().claimLease();
    }

    public void pay(String caseId) {
        for (int attempt = 1; attempt <= PayoutFinisher.ATTEMPTS; attempt++) {
            RefundCase current = cases.find(caseId).orElseThrow(() -> new IllegalStateException("no case " + caseId));
            if (current.status() != CaseStatus.APPROVED && current.status() != CaseStatus.PAYOUT_PENDING) {
                LOG.debugf(
                        "case %s is %s; payout message acknowledged",
                        caseId, current.status().wire());
                // The process may have stopped (killed, timed out) after the settling write and before its
                // status_changed went out: the chaos run (seed 17) left a paid customer never told. Tell again
                // (ADR 0035); send-follow-up records each message once.
                events.retell(current, PayoutIssuer::settledHere);
                return;
            }
            if (payOnce(current)) {
                return;
            }
        }
        throw new IllegalStateException("case " + caseId + " kept changing while being paid");
    }

    /** Whether the move is issue-payout's own settling one (to paid or payout_failed). */
    private static boolean settledHere(TimelineEvent move) {
        return "issue-payout".equals(move.actor())
                && (move.to() == CaseStatus.PAID || move.to() == CaseStatus.PAYOUT_FAILED);
    }

    /** Returns false when the case changed under us and must be read again. */
    private boolean payOnce(RefundCase current) {
        Payout intent = intentFor(current);
        String owner = UUID.randomUUID().toString();
        // The first delivery records the intent already claimed, in one write; a later one finds it and claims it.
        boolean firstAttempt = payouts.recordClaimedIntent(intent, owner, clock.instant(), lease);
        Payout recorded =
                firstAttempt ? intent : payouts.find(intent.idempotencyKey()).orElseThrow();

        if (current.status() == CaseStatus.APPROVED) {
            CaseTransition pending = current.moveTo(
                            CaseStatus.PAYOUT_PENDING,
                            "issue-payout",
                            "paying " + Readable.money(recorded.amount(), recorded.currency()) + " by "
                                    + recorded.method().wire(),
                            clock.instant())
                    .withPayout(recorded);
            if (cases.apply(pending) != TransitionResult.APPLIED) {
                if (firstAttempt) {
                    release(recorded.idempotencyKey(), owner);
                }
                return false;
            }
            current = current.after(pending);
            events.statusChanged(current);
        }

        if (recorded.status() == Payout.Status.SUCCEEDED || recorded.status() == Payout.Status.FAILED) {
            return finisher.finish(current, recorded, "issue-payout");
        }
        if (!firstAttempt && !payouts.claim(recorded.idempotencyKey(), owner, clock.instant(), lease)) {
            Payout now = payouts.find(recorded.idempotencyKey()).orElseThrow();
            if (now.status() == Payout.Status.SUCCEEDED || now.status() == Payout.Status.FAILED) {
                return finisher.finish(current, now, "issue-payout");
            }
            throw new PayoutInProgressException(
                    "payout " + recorded.idempotencyKey() + " is being paid by another delivery");
        }
        Payout settled;
        try {
            settled = payAtProvider(recorded, current, firstAttempt);
        } catch (RuntimeException e) {
            release(recorded.idempotencyKey(), owner);
            throw e;
        }
        if (settled == null) {
            release(recorded.idempotencyKey(), owner);
            throw new PayoutNotSettledException(
                    "payout " + recorded.idempotencyKey() + " is still pending at the provider");
        }
        // A settled payout needs no release: the outcome write replaced the record, claim and all.
        return finisher.finish(current, settled, "issue-payout");
    }

    /** Gives the claim back so the queue's next delivery need not wait for the lease; a crash just lets it lapse. */
    private void release(String idempotencyKey, String owner) {
        try {
            payouts.release(idempotencyKey, owner);
        } catch (RuntimeException e) {
            LOG.warnf("payout %s: claim not released (%s); it lapses after %s", idempotencyKey, e.getMessage(), lease);
        }
    }

    /**
     * Asks the provider what became of the payout (unless this attempt wrote the intent), pays it there if the
     * provider knows nothing, and records the outcome; null while the provider reports it pending.
     */
    private Payout payAtProvider(Payout recorded, RefundCase current, boolean firstAttempt) {
        PaymentGateway provider = gatewayFor(recorded.method());
        RefundInstruction instruction = new RefundInstruction(
                recorded.idempotencyKey(),
                current.caseId(),
                current.request().order().paymentReference(),
                recorded.amount(),
                recorded.currency(),
                recorded.method(),
                current.request().order().customerId(),
                current.orderId());
        // Unless this call wrote the intent, ask before paying: an earlier attempt may have paid and lost the answer.
        PaymentResult result = firstAttempt ? null : provider.find(instruction).orElse(null);
        if (result == null) {
            try {
                result = provider.refund(instruction);
            } catch (PaymentOutcomeUnknownException unknown) {
                payouts.recordOutcome(
                        recorded.with(Payout.Status.UNKNOWN, null, unknown.getMessage(), clock.instant()));
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
            if (result.providerReference() != null && recorded.providerReference() == null) {
                // Keep the provider's reference, so the webhook and people can match it.
                payouts.recordOutcome(recorded.with(Payout.Status.PENDING, result.providerReference(), null, now));
            }
            return null;
        }
        if (!payouts.recordOutcome(outcome)) {
            // Someone settled it first; their record is the truth.
            return payouts.find(recorded.idempotencyKey()).orElseThrow();
        }
        return outcome;
    }

    private PaymentGateway gatewayFor(PayoutMethod method) {
        return switch (method) {
            case STORE_CREDIT -> storeCredit.get();
            case GOODWILL_COUPON -> coupons.get();
            case ORIGINAL_PAYMENT -> gateway;
        };
    }

    private static Payout intentFor(RefundCase current) {
        Decision decision = current.decision();
        if (current.payout() != null) {
            // Paying already (or retried by an operator): the recorded attempt is the one to pay.
            Payout p = current.payout();
            return new Payout(
                    p.idempotencyKey(),
                    p.caseId(),
                    p.attempt(),
                    p.amount(),
                    p.currency(),
                    p.method(),
                    Payout.Status.PENDING,
                    null,
                    null,
                    p.createdAt(),
                    p.createdAt());
        }
        Instant at = current.updatedAt();
        return new Payout(
                Payout.idempotencyKey(current.caseId(), 1),
                current.caseId(),
                1,
                decision.amount(),
                current.currency(),
                decision.method(),
                Payout.Status.PENDING,
                null,
                null,
                at,
                at);
    }
}
