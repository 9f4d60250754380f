package com.refundpipeline.payout.credit;

import com.refundpipeline.payout.PaymentGateway;
import com.refundpipeline.payout.PaymentResult;
import com.refundpipeline.payout.RefundInstruction;
import com.refundpipeline.policy.PolicyConfig;
import com.refundpipeline.store.StoreCreditLedger;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.time.Clock;
import java.util.Optional;

/**
 * Refunds as store credit: an entry in the customer's ledger, keyed by the payout's idempotency key, plus the
 * policy's bonus percentage (rounded down) for taking credit instead of money. Settles at once.
 */
@ApplicationScoped
@Typed(StoreCreditGateway.class) // not a candidate for PaymentGateway injection: that is the original payment's
public class StoreCreditGateway implements PaymentGateway {

    private final StoreCreditLedger ledger;
    private final int bonusPercent;
    private final Clock clock;

    public StoreCreditGateway(StoreCreditLedger ledger, PolicyConfig policy, Clock clock) {
        this.ledger = ledger;
        this.bonusPercent = policy.storeCreditBonusPercent();
        this.clock = clock;
        if (bonusPercent < 0 || bonusPercent > 100) {
            throw new IllegalStateException("refunds.policy.store-credit-bonus-percent must be 0 to 100");
        }
    }

    @Override
    public PaymentResult refund(RefundInstruction instruction) {
        require(instruction);
        long bonus = Math.multiplyExact(instruction.amount(), bonusPercent) / 100;
        StoreCreditLedger.Entry entry = ledger.credit(new StoreCreditLedger.Entry(
                instruction.customerId(),
                instruction.currency(),
                instruction.idempotencyKey(),
                instruction.caseId(),
                instruction.amount(),
                bonus,
                clock.instant()));
        return succeeded(entry);
    }

    @Override
    public Optional<PaymentResult> find(RefundInstruction instruction) {
        require(instruction);
        return ledger.find(instruction.customerId(), instruction.currency(), instruction.idempotencyKey())
                .map(StoreCreditGateway::succeeded);
    }

    private static PaymentResult succeeded(StoreCreditLedger.Entry entry) {
        return new PaymentResult(PaymentResult.Status.SUCCEEDED, "credit_" + entry.entryId(), null);
    }

    private static void require(RefundInstruction instruction) {
        if (instruction.customerId() == null || instruction.customerId().isBlank()) {
            throw new IllegalArgumentException("store credit needs the order's customer_id");
        }
    }
}
