package com.refundpipeline.policy;

import com.refundpipeline.domain.RefundReason;
import com.refundpipeline.domain.RefundRequest;
import java.time.Instant;

/**
 * For a parcel the customer did not receive: never shipped means cancel and refund in full; still with the carrier
 * means wait until the expected delivery plus grace and look again; marked delivered means a person checks with
 * the carrier and the customer.
 */
final class ShipmentStateValidator implements Validator {

    static final String NAME = "shipment_state";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Finding check(Subject subject) {
        RefundRequest request = subject.input().request();
        if (request.reason() != RefundReason.NOT_RECEIVED) {
            return Finding.pass(NAME, "applies to not_received only");
        }
        RefundRequest.Order order = request.order();
        return switch (order.shipmentStatus()) {
            case NOT_SHIPPED -> Finding.pass(NAME, "the order was never shipped: cancel it and refund in full");
            case IN_TRANSIT -> inTransit(subject, order);
            case DELIVERED ->
                Finding.review(
                        NAME,
                        "the carrier marked the parcel delivered at " + order.deliveredAt()
                                + "; a person checks with the carrier and the customer");
        };
    }

    private static Finding inTransit(Subject subject, RefundRequest.Order order) {
        PolicyDocument.InTransit terms = subject.rule().inTransit();
        Instant shipped = order.shippedAt() != null ? order.shippedAt() : order.placedAt();
        Instant expected = shipped.plus(terms.expectedTransit());
        Instant recheck = expected.plus(terms.grace());
        if (subject.input().now().isBefore(recheck)) {
            return Finding.hold(
                    NAME,
                    recheck,
                    "in transit since " + shipped + ", expected by " + expected + "; held until " + recheck + " (grace "
                            + PolicyDocument.text(terms.grace()) + "), then checked again");
        }
        return Finding.review(
                NAME,
                "still in transit at " + subject.input().now() + ", past the expected delivery " + expected
                        + " plus grace; a person asks the carrier");
    }
}
