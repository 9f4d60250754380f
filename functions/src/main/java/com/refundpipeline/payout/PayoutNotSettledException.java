package com.refundpipeline.payout;

import com.refundpipeline.messaging.RetryLaterException;

/** The provider accepted the refund but has not settled it; the queue asks again after the visibility timeout. */
public class PayoutNotSettledException extends RetryLaterException {

    public PayoutNotSettledException(String message) {
        super(message, null);
    }
}
