package com.refundpipeline.store;

/** How a conditional transition ended. */
public enum TransitionResult {
    /** Written: the case moved. */
    APPLIED,
    /** Someone else moved the case first; re-read it and decide whether anything is left to do. */
    STALE,
    /** The order has not enough left to refund for the reservation that came with the transition. */
    ORDER_CAP_EXCEEDED
}
