package com.refundpipeline.messaging;

/** A queue message this consumer cannot act on, now or ever. */
public class UnexpectedMessageException extends RuntimeException {

    public UnexpectedMessageException(String message) {
        super(message);
    }
}
