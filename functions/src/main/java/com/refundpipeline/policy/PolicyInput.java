package com.refundpipeline.policy;

import java.time.Instant;

import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.store.OrderPosition;

/** What a rule may look at: the case, what its order has left to refund, and the time of the decision. */
public record PolicyInput(RefundCase refundCase, OrderPosition order, Instant now) {
}
