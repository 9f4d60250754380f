package com.refundpipeline.policy;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import com.refundpipeline.domain.DeclineCode;
import com.refundpipeline.domain.RefundReason;
import com.refundpipeline.domain.RefundRequest;

/**
 * Returns are accepted for a set time after delivery (or shipment, or the order when neither is known). A parcel
 * that never arrived and a payment taken twice are not returns, so the window does not apply to them.
 */
final class ReturnWindowRule implements PolicyRule {

    static final String NAME = "return_window";

    private final Duration window;

    ReturnWindowRule(Duration window) {
        this.window = window;
    }

    @Override
    public Optional<Verdict> evaluate(PolicyInput input) {
        RefundRequest request = input.refundCase().request();
        if (request.reason() == RefundReason.NOT_RECEIVED || request.reason() == RefundReason.DUPLICATE_PAYMENT) {
            return Optional.empty();
        }
        RefundRequest.Order order = request.order();
        Instant start = order.deliveredAt() != null ? order.deliveredAt()
                : order.shippedAt() != null ? order.shippedAt() : order.placedAt();
        Instant closes = start.plus(window);
        Instant requestedAt = input.refundCase().createdAt();
        if (requestedAt.isAfter(closes)) {
            return Optional.of(Verdict.decline(NAME, DeclineCode.OUTSIDE_WINDOW,
                    "requested at " + requestedAt + ", the return window closed at " + closes));
        }
        return Optional.empty();
    }
}
