package com.refundpipeline.payout.credit;

import com.refundpipeline.payout.PaymentGateway;
import com.refundpipeline.payout.PaymentResult;
import com.refundpipeline.payout.RefundInstruction;
import com.refundpipeline.store.StoreCreditLedger;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;

/**
 * Refunds as a goodwill coupon: a random single-use code worth the refund, in the order's currency, issued once per
 * payout key (a retry finds the code already issued). The code is the payout's provider reference, which the
 * customer's "paid" message carries; the storefront redeems it.
 */
@ApplicationScoped
@Typed(GoodwillCouponGateway.class)
public class GoodwillCouponGateway implements PaymentGateway {

    /** No 0/O, 1/I/L: codes are read off phones and typed. */
    private static final char[] ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ".toCharArray();

    private static final SecureRandom RANDOM = new SecureRandom();

    private final StoreCreditLedger ledger;
    private final Clock clock;

    public GoodwillCouponGateway(StoreCreditLedger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    @Override
    public PaymentResult refund(RefundInstruction instruction) {
        require(instruction);
        StoreCreditLedger.Coupon coupon = ledger.issueCoupon(new StoreCreditLedger.Coupon(
                instruction.customerId(),
                instruction.currency(),
                instruction.idempotencyKey(),
                instruction.caseId(),
                newCode(),
                instruction.amount(),
                clock.instant()));
        return new PaymentResult(PaymentResult.Status.SUCCEEDED, coupon.code(), null);
    }

    @Override
    public Optional<PaymentResult> find(RefundInstruction instruction) {
        require(instruction);
        return ledger.findCoupon(instruction.customerId(), instruction.currency(), instruction.idempotencyKey())
                .map(c -> new PaymentResult(PaymentResult.Status.SUCCEEDED, c.code(), null));
    }

    /** GW- and three groups of four: 60 random bits. */
    static String newCode() {
        StringBuilder code = new StringBuilder("GW");
        for (int i = 0; i < 12; i++) {
            if (i % 4 == 0) {
                code.append('-');
            }
            code.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return code.toString();
    }

    private static void require(RefundInstruction instruction) {
        if (instruction.customerId() == null || instruction.customerId().isBlank()) {
            throw new IllegalArgumentException("a goodwill coupon needs the order's customer_id");
        }
    }
}
