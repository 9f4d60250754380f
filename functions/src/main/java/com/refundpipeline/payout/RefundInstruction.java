package com.refundpipeline.payout;

import com.refundpipeline.domain.PayoutMethod;

/** What to pay, to whom and under which idempotency key. */
public record RefundInstruction(
        String idempotencyKey,
        String caseId,
        String paymentReference,
        long amount,
        String currency,
        PayoutMethod method,
        String customerId,
        String orderId) {

    public RefundInstruction(
            String idempotencyKey,
            String caseId,
            String paymentReference,
            long amount,
            String currency,
            PayoutMethod method) {
        this(idempotencyKey, caseId, paymentReference, amount, currency, method, null, null);
    }
}
