package com.refundpipeline.policy;

import java.util.Optional;

import com.refundpipeline.domain.RefundReason;
import com.refundpipeline.domain.RefundRequest;

/**
 * For a parcel that did not arrive: not shipped yet means cancel and refund; anything the carrier still has or
 * says it delivered needs a person to look (a hold until the expected delivery comes with the policy engine).
 */
final class ShipmentStateRule implements PolicyRule {

    static final String NAME = "shipment_state";

    @Override
    public Optional<Verdict> evaluate(PolicyInput input) {
        RefundRequest request = input.refundCase().request();
        if (request.reason() != RefundReason.NOT_RECEIVED) {
            return Optional.empty();
        }
        return switch (request.order().shipmentStatus()) {
            case NOT_SHIPPED -> Optional.of(Verdict.approve(NAME, "the order was never shipped: cancel and refund"));
            case IN_TRANSIT -> Optional.of(Verdict.review(NAME, "the parcel is still in transit"));
            case DELIVERED -> Optional.of(Verdict.review(NAME, "the carrier marked the parcel delivered"));
        };
    }
}
