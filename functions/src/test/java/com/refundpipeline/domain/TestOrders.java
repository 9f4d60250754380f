package com.refundpipeline.domain;

/** Orders for tests of the core: one order as another storefront would have sent it. */
public final class TestOrders {

    private TestOrders() {}

    /** The order with other captured, discount, tax and shipping amounts (null: the storefront did not send it). */
    public static RefundRequest.Order withAmounts(
            RefundRequest.Order o, long captured, Long discount, Long tax, Long shipping) {
        return new RefundRequest.Order(
                o.id(),
                o.customerId(),
                o.currency(),
                captured,
                o.placedAt(),
                o.shipmentStatus(),
                o.shippedAt(),
                o.deliveredAt(),
                o.paymentReference(),
                o.lines(),
                discount,
                tax,
                shipping);
    }
}
