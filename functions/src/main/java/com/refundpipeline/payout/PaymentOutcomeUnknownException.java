package com.refundpipeline.payout;

import com.refundpipeline.messaging.RetryLaterException;

/** The provider call ended without an answer; it may have paid. Reconcile before paying again. */
public class PaymentOutcomeUnknownException extends RetryLaterException {

    public PaymentOutcomeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
