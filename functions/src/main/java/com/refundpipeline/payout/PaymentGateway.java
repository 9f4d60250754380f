package com.refundpipeline.payout;

import java.util.Optional;

/**
 * A payment provider that can send money back. Both calls are keyed by the payout's idempotency key: a provider
 * given the same key twice must not pay twice, and must be able to say what became of a key.
 */
public interface PaymentGateway {

    /**
     * Asks the provider to refund.
     *
     * @throws PaymentOutcomeUnknownException when the call may or may not have reached the provider (timeout,
     *         connection reset, 5xx): ask {@link #find} before anything else
     * @throws com.refundpipeline.messaging.RetryLaterException when the provider asked us to come back later
     *         (rate limited) and did nothing
     */
    PaymentResult refund(RefundInstruction instruction);

    /**
     * What the provider knows of the refund made under the instruction's idempotency key, if any. The whole
     * instruction is given because some providers can only be asked by payment (Stripe lists a payment intent's
     * refunds; the key is matched in their metadata).
     *
     * @throws com.refundpipeline.messaging.RetryLaterException when the provider cannot be asked now
     */
    Optional<PaymentResult> find(RefundInstruction instruction);
}
