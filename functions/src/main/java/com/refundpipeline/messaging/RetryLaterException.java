package com.refundpipeline.messaging;

/** A failure expected to pass by itself (a provider still settling, an answer lost): retried by the queue. */
public class RetryLaterException extends RuntimeException {

    public RetryLaterException(String message, Throwable cause) {
        super(message, cause);
    }
}
