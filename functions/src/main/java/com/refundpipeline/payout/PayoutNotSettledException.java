package com.refundpipeline.payout;

/** The provider accepted the refund but has not settled it; the queue asks again after the visibility timeout. */
public class PayoutNotSettledException extends RuntimeException {

    public PayoutNotSettledException(String message) {
        super(message);
    }
}
