package com.refundpipeline.payout;

/** The provider call ended without an answer; it may have paid. Reconcile before paying again. */
public class PaymentOutcomeUnknownException extends RuntimeException {

    public PaymentOutcomeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
