package com.refundpipeline.payout;

import com.refundpipeline.messaging.RetryLaterException;

/** Another delivery of the same payout holds its claim and is talking to the provider: ask again later. */
public class PayoutInProgressException extends RetryLaterException {

    public PayoutInProgressException(String message) {
        super(message, null);
    }
}
