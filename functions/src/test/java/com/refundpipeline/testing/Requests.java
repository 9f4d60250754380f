package com.refundpipeline.testing;

/** Refund request bodies as a storefront sends them. */
public final class Requests {

    private Requests() {}

    public static final String DAMAGED_WITH_PHOTO = """
            {"order": {"id": "%s", "customer_id": "cus_%1$s", "currency": "USD", "captured_amount": 5998,
                       "placed_at": "2026-11-20T08:00:00Z", "shipment_status": "delivered",
                       "shipped_at": "2026-11-20T18:00:00Z", "delivered_at": "2026-11-22T10:00:00Z",
                       "payment_reference": "pi_123",
                       "lines": [{"sku": "TSHIRT-M", "quantity": 2, "unit_amount": 2999, "category": "apparel"}]},
             "items": [{"sku": "TSHIRT-M", "quantity": %d}],
             "reason": "%s",
             "note": "seam torn on arrival",
             "evidence": [%s],
             "preferred_method": "original_payment",
             "customer": {"email": "a@example.com", "phone": "+8613800000000", "locale": "zh-CN",
                          "time_zone": "Asia/Shanghai", "channel": "email"}}
            """;

    public static final String PHOTO = """
            {"type": "photo", "url": "https://evidence.example/ord/1.jpg", "content_type": "image/jpeg", "bytes": 48211}""";

    /** A damaged-item request for one of two T-shirts, with a photo. */
    public static String damaged(String orderId) {
        return refund(orderId, 1, "damaged", true);
    }

    public static String refund(String orderId, int quantity, String reason, boolean photo) {
        return DAMAGED_WITH_PHOTO.formatted(orderId, quantity, reason, photo ? PHOTO : "");
    }

    /** A request for {@code quantity} of two units at {@code unitAmount}, captured in full, delivered when given. */
    public static String priced(
            String orderId, long unitAmount, int quantity, String reason, boolean photo, String deliveredAt) {
        String body = refund(orderId, quantity, reason, photo);
        body = BodyEditor.set(body, "order.lines[0].unit_amount", Long.toString(unitAmount));
        body = BodyEditor.set(body, "order.captured_amount", Long.toString(unitAmount * 2));
        return BodyEditor.set(body, "order.delivered_at", "\"" + deliveredAt + "\"");
    }
}
