package com.refundpipeline.domain;

import java.time.Instant;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A validated refund request, as recorded on the case. Amounts are integer minor units of {@code order.currency}.
 */
@RegisterForReflection
public record RefundRequest(Order order, List<RequestedItem> items, RefundReason reason, String note,
        List<Evidence> evidence, PayoutMethod preferredMethod, CustomerContact customer) {

    @RegisterForReflection
    public record Order(String id, String customerId, String currency, long capturedAmount, Instant placedAt,
            ShipmentStatus shipmentStatus, Instant shippedAt, Instant deliveredAt, String paymentReference,
            List<OrderLine> lines) {

        public OrderLine line(String sku) {
            return lines.stream().filter(l -> l.sku().equals(sku)).findFirst().orElse(null);
        }
    }

    @RegisterForReflection
    public record OrderLine(String sku, long quantity, long unitAmount, String category) {
    }

    @RegisterForReflection
    public record RequestedItem(String sku, long quantity) {
    }

    @RegisterForReflection
    public record Evidence(String type, String url, String contentType, long bytes) {

        public boolean isPhoto() {
            return "photo".equals(type);
        }
    }

    /** Contact details are kept only to reach the customer about this case, and never logged. */
    @RegisterForReflection
    public record CustomerContact(String email, String phone, String locale, String timeZone, String channel) {
    }

    /** What the requested lines are worth: quantity times unit amount, in minor units. */
    public long requestedAmount() {
        long total = 0;
        for (RequestedItem item : items) {
            total = Math.addExact(total, Math.multiplyExact(item.quantity(), order.line(item.sku()).unitAmount()));
        }
        return total;
    }

    public long photoCount() {
        return evidence.stream().filter(Evidence::isPhoto).count();
    }
}
