package com.refundpipeline.messaging;

import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.TimelineEvent;

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

    /**
     * A repeat (a redelivered message, a retried webhook or request) that finds its move already made: the process
     * that made it may have stopped after the write and before the messages that follow it, so they go again, as of
     * that move (ADR 0035): the next hop's request while the case still waits on it (verification, payout), and the
     * customer's status message. Both consumers are idempotent (the outbox records a status message once per case
     * and status), so a repeat after a complete first attempt sends nothing to the customer. Nothing is sent when no
     * move of the case matches {@code move}.
     */
    default void retell(RefundCase current, java.util.function.Predicate<TimelineEvent> move) {
        current.asLeftBy(move).ifPresent(asMoved -> {
            if (asMoved.status() == current.status()) {
                switch (current.status()) {
                    case APPROVED, PAYOUT_PENDING -> payoutRequested(current);
                    case VERIFYING -> verificationRequested(current);
                    default -> {}
                }
            }
            statusChanged(asMoved);
        });
    }
}
