package com.refundpipeline.orders;

/**
 * The store's order system, as the stack reaches it: events on the stack's own EventBridge bus that the store's
 * systems subscribe to (ADR 0034). A publish may be repeated (a redelivered message publishes again); a repeat
 * carries the same {@code event_id}, which the store uses to drop duplicates.
 */
public interface StoreOrders {

    /** Publishes {@code event}; throws when the bus did not take it, so the message that asked is retried. */
    void publish(StoreEvent event);

    /** Whether a bus is configured: without one, replacement and exchange are not granted at all. */
    boolean connected();
}
