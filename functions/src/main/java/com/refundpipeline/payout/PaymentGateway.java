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
     */
    PaymentResult refund(RefundInstruction instruction);

    /** What the provider knows of the refund made under this key, if any. */
    Optional<PaymentResult> find(String idempotencyKey);
}
