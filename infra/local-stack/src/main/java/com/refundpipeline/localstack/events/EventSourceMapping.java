package com.refundpipeline.localstack.events;

/**
 * A poller that hands a function its events (an SQS queue's messages, a table's stream records), which can be turned
 * off and on as Lambda's {@code UpdateEventSourceMapping --enabled} does: while off it reads nothing, and what it
 * would have read waits in its source.
 */
public interface EventSourceMapping extends AutoCloseable {

    void enabled(boolean enabled);
}
