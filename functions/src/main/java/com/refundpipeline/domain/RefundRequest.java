package com.refundpipeline.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;

/**
 * A validated refund request, as recorded on the case. Amounts are integer minor units of {@code order.currency}.
 */
@RegisterForReflection
public record RefundRequest(
        Order order,
        List<RequestedItem> items,
        RefundReason reason,
        String note,
        List<Evidence> evidence,
        PayoutMethod preferredMethod,
        CustomerContact customer,
        Resolution preferredResolution,
        String exchangeSku) {

    @JsonCreator
    public RefundRequest {}

    /** A request that names no exchange variant. */
    public RefundRequest(
            Order order,
            List<RequestedItem> items,
            RefundReason reason,
            String note,
            List<Evidence> evidence,
            PayoutMethod preferredMethod,
            CustomerContact customer,
            Resolution preferredResolution) {
        this(order, items, reason, note, evidence, preferredMethod, customer, preferredResolution, null);
    }

    /** A request that names no preferred resolution (the policy's order decides). */
    public RefundRequest(
            Order order,
            List<RequestedItem> items,
            RefundReason reason,
            String note,
            List<Evidence> evidence,
            PayoutMethod preferredMethod,
            CustomerContact customer) {
        this(order, items, reason, note, evidence, preferredMethod, customer, null, null);
    }

    /** The same request with the evidence the case now holds. */
    public RefundRequest withEvidence(List<Evidence> newEvidence) {
        return new RefundRequest(
                order, items, reason, note, newEvidence, preferredMethod, customer, preferredResolution, exchangeSku);
    }

    /**
     * {@code sku} checked as the variant of an exchange of {@code items} (the request's, or a reviewer's grant): one
     * requested line, all of its units coming back, and another sku than that line's.
     */
    public static String exchangeSku(String sku, List<RequestedItem> items) {
        if (items.size() != 1 || items.get(0).isPartial()) {
            throw Refusal.rule(
                    "exchange_needs_one_line",
                    "an exchange swaps the units of one requested line, all of them coming back",
                    "exchange_sku");
        }
        if (sku.equals(items.get(0).sku())) {
            throw Refusal.rule(
                    "exchange_sku_invalid", "exchange_sku must name another variant than the item's", "exchange_sku");
        }
        return sku;
    }

    /** Whether the customer keeps some goods and is refunded part of their value. */
    public boolean keepsItems() {
        return items.stream().anyMatch(RequestedItem::isPartial);
    }

    /**
     * The order as the storefront sent it. {@code discountAmount} (order-level discounts), {@code taxAmount} and
     * {@code shippingAmount} are optional: null when the storefront did not send them, which counts as zero.
     */
    @RegisterForReflection
    public record Order(
            String id,
            String customerId,
            String currency,
            long capturedAmount,
            Instant placedAt,
            ShipmentStatus shipmentStatus,
            Instant shippedAt,
            Instant deliveredAt,
            String paymentReference,
            List<OrderLine> lines,
            Long discountAmount,
            Long taxAmount,
            Long shippingAmount,
            String shipmentReference) {

        @JsonCreator
        public Order {}

        /** An order without the carrier's reference of its shipment (no return label can reverse it). */
        public Order(
                String id,
                String customerId,
                String currency,
                long capturedAmount,
                Instant placedAt,
                ShipmentStatus shipmentStatus,
                Instant shippedAt,
                Instant deliveredAt,
                String paymentReference,
                List<OrderLine> lines,
                Long discountAmount,
                Long taxAmount,
                Long shippingAmount) {
            this(
                    id,
                    customerId,
                    currency,
                    capturedAmount,
                    placedAt,
                    shipmentStatus,
                    shippedAt,
                    deliveredAt,
                    paymentReference,
                    lines,
                    discountAmount,
                    taxAmount,
                    shippingAmount,
                    null);
        }

        public Order(
                String id,
                String customerId,
                String currency,
                long capturedAmount,
                Instant placedAt,
                ShipmentStatus shipmentStatus,
                Instant shippedAt,
                Instant deliveredAt,
                String paymentReference,
                List<OrderLine> lines) {
            this(
                    id,
                    customerId,
                    currency,
                    capturedAmount,
                    placedAt,
                    shipmentStatus,
                    shippedAt,
                    deliveredAt,
                    paymentReference,
                    lines,
                    null,
                    null,
                    null);
        }

        public long discount() {
            return discountAmount == null ? 0 : discountAmount;
        }

        public long tax() {
            return taxAmount == null ? 0 : taxAmount;
        }

        public long shipping() {
            return shippingAmount == null ? 0 : shippingAmount;
        }

        /** What the lines are worth before order-level discounts: quantity times unit amount, summed. */
        public long goodsAmount() {
            long total = 0;
            for (OrderLine line : lines) {
                total = Math.addExact(total, Math.multiplyExact(line.quantity(), line.unitAmount()));
            }
            return total;
        }

        public OrderLine line(String sku) {
            return lines.stream().filter(l -> l.sku().equals(sku)).findFirst().orElse(null);
        }
    }

    @RegisterForReflection
    public record OrderLine(String sku, long quantity, long unitAmount, String category) {}

    /**
     * Units of one line to refund. A customer who keeps the item (damaged but usable) or received only part of it
     * gets {@code refundPercent} of its value, or {@code refundAmount}; both null means the whole value.
     */
    @RegisterForReflection
    public record RequestedItem(String sku, long quantity, Integer refundPercent, Long refundAmount) {

        @JsonCreator
        public RequestedItem {}

        public RequestedItem(String sku, long quantity) {
            this(sku, quantity, null, null);
        }

        /** Whether the customer keeps the goods and is refunded part of their value. */
        public boolean isPartial() {
            return refundPercent != null || refundAmount != null;
        }
    }

    @RegisterForReflection
    public record Evidence(String type, String url, String contentType, long bytes) {

        public boolean isPhoto() {
            return "photo".equals(type);
        }
    }

    /** Contact details are kept only to reach the customer about this case, and never logged. */
    @RegisterForReflection
    public record CustomerContact(String email, String phone, String locale, String timeZone, String channel) {}

    /** What the requested lines are worth: quantity times unit amount, in minor units. */
    public long requestedAmount() {
        long total = 0;
        for (RequestedItem item : items) {
            total = Math.addExact(
                    total,
                    Math.multiplyExact(item.quantity(), order.line(item.sku()).unitAmount()));
        }
        return total;
    }

    public long photoCount() {
        return evidence.stream().filter(Evidence::isPhoto).count();
    }
}
