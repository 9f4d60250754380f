package com.refundpipeline.messaging;

import com.refundpipeline.domain.RefundCase;

/** The hops between functions. Every consumer is idempotent, so sending a message twice is harmless. */
public interface CaseEvents {

    void verificationRequested(RefundCase refundCase);

    /**
     * Verification again after {@code delay} (at most {@link #MAX_DELAY}, SQS's limit): how a held case is looked at
     * again. A longer hold takes several hops; each hop finds the hold unfinished and queues the next.
     */
    default void verificationRequestedAfter(RefundCase refundCase, java.time.Duration delay) {
        verificationRequested(refundCase);
    }

    java.time.Duration MAX_DELAY = java.time.Duration.ofMinutes(15);

    void payoutRequested(RefundCase refundCase);

    void statusChanged(RefundCase refundCase);
}
