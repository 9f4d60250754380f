package com.refundpipeline.domain;

/** Orders for tests of the core: one order as another storefront would have sent it. */
public final class TestOrders {

    private TestOrders() {}

    /** A request for one unit of an order of 10.00 EUR, delivered, by email in English. */
    public static RefundRequest request() {
        RefundRequest.Order order = new RefundRequest.Order(
                "ord_" + java.util.UUID.randomUUID(),
                "cus_1",
                "EUR",
                1000,
                java.time.Instant.parse("2026-11-01T00:00:00Z"),
                ShipmentStatus.DELIVERED,
                null,
                null,
                "pi_1",
                java.util.List.of(new RefundRequest.OrderLine("SKU", 1, 1000, null)));
        return new RefundRequest(
                order,
                java.util.List.of(new RefundRequest.RequestedItem("SKU", 1)),
                RefundReason.OTHER,
                null,
                java.util.List.of(),
                PayoutMethod.ORIGINAL_PAYMENT,
                new RefundRequest.CustomerContact("b@example.com", null, "en", "Europe/Paris", "email"));
    }

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
