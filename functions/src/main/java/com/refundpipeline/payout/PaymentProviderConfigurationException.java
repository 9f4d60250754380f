package com.refundpipeline.payout;

/**
 * The provider refused our credentials or permissions: nothing the customer did, nothing a retry fixes by itself.
 * The message is retried by the queue and dead-lettered, which alerts operations; the case stays payout_pending.
 */
public class PaymentProviderConfigurationException extends RuntimeException {

    public PaymentProviderConfigurationException(String message) {
        super(message);
    }
}
