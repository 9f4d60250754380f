package com.refundpipeline.payout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import org.jboss.logging.Logger;

import com.refundpipeline.config.PipelineConfig;
import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.CaseTransition;
import com.refundpipeline.domain.Decision;
import com.refundpipeline.domain.Payout;
import com.refundpipeline.domain.PayoutMethod;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.logging.LogEvents;
import com.refundpipeline.messaging.CaseEvents;
import com.refundpipeline.payout.credit.GoodwillCouponGateway;
import com.refundpipeline.payout.credit.StoreCreditGateway;
import com.refundpipeline.store.CaseRepository;
import com.refundpipeline.store.PayoutRepository;
import com.refundpipeline.store.TransitionResult;

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
 * coupons through the store-credit ledger, behind the same interface and the same steps.
 */
@ApplicationScoped
public class PayoutIssuer {

    private static final Logger LOG = Logger.getLogger(PayoutIssuer.class);
    private static final int ATTEMPTS = 3;

    private final CaseRepository cases;
    private final PayoutRepository payouts;
    private final PaymentGateway gateway;
    private final Instance<StoreCreditGateway> storeCredit;
    private final Instance<GoodwillCouponGateway> coupons;
    private final CaseEvents events;
    private final Clock clock;
    private final Duration lease;

    public PayoutIssuer(CaseRepository cases, PayoutRepository payouts, PaymentGateway gateway,
            Instance<StoreCreditGateway> storeCredit, Instance<GoodwillCouponGateway> coupons, CaseEvents events,
            PipelineConfig config, Clock clock) {
        this.coupons = coupons;
        this.cases = cases;
        this.payouts = payouts;
        this.gateway = gateway;
        this.storeCredit = storeCredit;
        this.events = events;
        this.clock = clock;
        this.lease = config.payment().claimLease();
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

    /**
     * An operator's retry of a failed payout: the case goes back to payout_pending under a new attempt (so a new
     * idempotency key: the failed refund stays failed at the provider) and the payout is queued again.
     *
     * @return the case as it now is
     * @throws IllegalStateException when the case is not payout_failed, or changed meanwhile
     */
    public RefundCase retry(String caseId, String operator) {
        if (operator == null || operator.isBlank()) {
            throw new IllegalArgumentException("an operator retry names the operator");
        }
        RefundCase current = cases.find(caseId).orElseThrow(() -> new IllegalStateException("no case " + caseId));
        if (current.status() != CaseStatus.PAYOUT_FAILED || current.payout() == null) {
            throw new IllegalStateException("case " + caseId + " is " + current.status().wire()
                    + "; only a payout_failed case can be retried");
        }
        Payout failed = current.payout();
        int attempt = failed.attempt() + 1;
        Instant now = clock.instant();
        Payout next = new Payout(Payout.idempotencyKey(caseId, attempt), caseId, attempt, failed.amount(),
                failed.currency(), failed.method(), Payout.Status.PENDING, null, null, now, now);
        CaseTransition transition = current.moveTo(CaseStatus.PAYOUT_PENDING, "operator:" + operator,
                "payout retried as attempt " + attempt + " after: " + failed.failureReason(), now).withPayout(next);
        if (cases.apply(transition) != TransitionResult.APPLIED) {
            throw new IllegalStateException("case " + caseId + " changed meanwhile; read it and retry");
        }
        RefundCase retried = current.after(transition);
        LOG.infof("case %s: payout retried by %s as attempt %d", caseId, operator, attempt);
        events.payoutRequested(retried);
        events.statusChanged(retried);
        return retried;
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
            Payout outcome = recorded.with(reported, result.providerReference(), result.failureReason(),
                    clock.instant());
            settled = payouts.recordOutcome(outcome) ? outcome : payouts.find(idempotencyKey).orElseThrow();
        }
        if (settled.status() != reported) {
            LogEvents.log(LOG, Logger.Level.ERROR, LogEvents.PAYOUT_CONFLICT,
                    "payout %s is %s here but the provider now reports %s (%s); left for operations",
                    idempotencyKey, settled.status().wire(), reported.wire(), result.failureReason());
            return Settlement.CONFLICT;
        }
        for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
            RefundCase current = cases.find(recorded.caseId()).orElse(null);
            if (current == null || current.status() != CaseStatus.PAYOUT_PENDING || current.payout() == null
                    || !current.payout().idempotencyKey().equals(idempotencyKey)) {
                return settled == recorded ? Settlement.ALREADY_SETTLED : Settlement.APPLIED;
            }
            if (finish(current, settled, actor)) {
                return Settlement.APPLIED;
            }
        }
        throw new IllegalStateException("case " + recorded.caseId() + " kept changing while being settled");
    }

    /** Returns false when the case changed under us and must be read again. */
    private boolean payOnce(RefundCase current) {
        Payout intent = intentFor(current);
        String owner = UUID.randomUUID().toString();
        // The first delivery records the intent already claimed, in one write; a later one finds it and claims it.
        boolean firstAttempt = payouts.recordClaimedIntent(intent, owner, clock.instant(), lease);
        Payout recorded = firstAttempt ? intent : payouts.find(intent.idempotencyKey()).orElseThrow();

        if (current.status() == CaseStatus.APPROVED) {
            CaseTransition pending = current.moveTo(CaseStatus.PAYOUT_PENDING, "issue-payout",
                    "paying " + recorded.amount() + " " + recorded.currency() + " by " + recorded.method().wire(),
                    clock.instant()).withPayout(recorded);
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
            return finish(current, recorded, "issue-payout");
        }
        if (!firstAttempt && !payouts.claim(recorded.idempotencyKey(), owner, clock.instant(), lease)) {
            Payout now = payouts.find(recorded.idempotencyKey()).orElseThrow();
            if (now.status() == Payout.Status.SUCCEEDED || now.status() == Payout.Status.FAILED) {
                return finish(current, now, "issue-payout");
            }
            throw new PayoutInProgressException("payout " + recorded.idempotencyKey()
                    + " is being paid by another delivery");
        }
        Payout settled;
        try {
            settled = settle(recorded, current, firstAttempt);
        } catch (RuntimeException e) {
            release(recorded.idempotencyKey(), owner);
            throw e;
        }
        if (settled == null) {
            release(recorded.idempotencyKey(), owner);
            throw new PayoutNotSettledException("payout " + recorded.idempotencyKey() + " is still pending at the provider");
        }
        // A settled payout needs no release: the outcome write replaced the record, claim and all.
        return finish(current, settled, "issue-payout");
    }

    /** Gives the claim back so the queue's next delivery need not wait for the lease; a crash just lets it lapse. */
    private void release(String idempotencyKey, String owner) {
        try {
            payouts.release(idempotencyKey, owner);
        } catch (RuntimeException e) {
            LOG.warnf("payout %s: claim not released (%s); it lapses after %s", idempotencyKey, e.getMessage(), lease);
        }
    }

    private Payout settle(Payout recorded, RefundCase current, boolean firstAttempt) {
        PaymentGateway provider = gatewayFor(recorded.method());
        RefundInstruction instruction = new RefundInstruction(recorded.idempotencyKey(), current.caseId(),
                current.request().order().paymentReference(), recorded.amount(), recorded.currency(),
                recorded.method(), current.request().order().customerId(), current.orderId());
        // Unless this call wrote the intent, ask before paying: an earlier attempt may have paid and lost the answer.
        PaymentResult result = firstAttempt ? null : provider.find(instruction).orElse(null);
        if (result == null) {
            try {
                result = provider.refund(instruction);
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

    private boolean finish(RefundCase current, Payout settled, String actor) {
        CaseStatus next = settled.status() == Payout.Status.SUCCEEDED ? CaseStatus.PAID : CaseStatus.PAYOUT_FAILED;
        String why = next == CaseStatus.PAID
                ? "paid " + settled.amount() + " " + settled.currency() + ", provider reference "
                        + settled.providerReference()
                : "the provider refused the refund: " + settled.failureReason();
        CaseTransition transition = current.moveTo(next, actor, why, clock.instant()).withPayout(settled);
        if (cases.apply(transition) != TransitionResult.APPLIED) {
            return false;
        }
        RefundCase done = current.after(transition);
        if (next == CaseStatus.PAID) {
            LOG.infof("case %s paid (payout %s)", done.caseId(), settled.idempotencyKey());
        } else {
            LogEvents.log(LOG, Logger.Level.ERROR, LogEvents.PAYOUT_FAILED,
                    "case %s payout_failed (payout %s): %s; an operator can retry it", done.caseId(),
                    settled.idempotencyKey(), settled.failureReason());
        }
        events.statusChanged(done);
        return true;
    }

    private static Payout intentFor(RefundCase current) {
        Decision decision = current.decision();
        if (current.payout() != null) {
            // Paying already (or retried by an operator): the recorded attempt is the one to pay.
            Payout p = current.payout();
            return new Payout(p.idempotencyKey(), p.caseId(), p.attempt(), p.amount(), p.currency(), p.method(),
                    Payout.Status.PENDING, null, null, p.createdAt(), p.createdAt());
        }
        Instant at = current.updatedAt();
        return new Payout(Payout.idempotencyKey(current.caseId(), 1), current.caseId(), 1, decision.amount(),
                current.currency(), decision.method(), Payout.Status.PENDING, null, null, at, at);
    }
}
