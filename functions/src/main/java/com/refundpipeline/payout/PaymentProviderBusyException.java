package com.refundpipeline.payout;

import com.refundpipeline.messaging.RetryLaterException;

/** The provider refused to act now (rate limited) and did nothing: retried through the queue, with its backoff. */
public class PaymentProviderBusyException extends RetryLaterException {

    public PaymentProviderBusyException(String message) {
        super(message, null);
    }
}
