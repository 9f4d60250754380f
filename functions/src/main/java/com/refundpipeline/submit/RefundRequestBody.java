package com.refundpipeline.submit;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;

/**
 * POST /refunds as the storefront sends it, before validation: every field is nullable here so that a missing one
 * is reported by name rather than as a parse failure. Field names are snake_case on the wire.
 */
@RegisterForReflection
public record RefundRequestBody(
        Order order,
        List<Item> items,
        String reason,
        String note,
        List<Evidence> evidence,
        String preferredMethod,
        Customer customer,
        String preferredResolution,
        String exchangeSku) {

    @com.fasterxml.jackson.annotation.JsonCreator
    public RefundRequestBody {}

    public RefundRequestBody(
            Order order,
            List<Item> items,
            String reason,
            String note,
            List<Evidence> evidence,
            String preferredMethod,
            Customer customer,
            String preferredResolution) {
        this(order, items, reason, note, evidence, preferredMethod, customer, preferredResolution, null);
    }

    public RefundRequestBody(
            Order order,
            List<Item> items,
            String reason,
            String note,
            List<Evidence> evidence,
            String preferredMethod,
            Customer customer) {
        this(order, items, reason, note, evidence, preferredMethod, customer, null, null);
    }

    @RegisterForReflection
    public record Order(
            String id,
            String customerId,
            String currency,
            Long capturedAmount,
            Instant placedAt,
            String shipmentStatus,
            Instant shippedAt,
            Instant deliveredAt,
            String paymentReference,
            List<Line> lines,
            Long discountAmount,
            Long taxAmount,
            Long shippingAmount,
            String shipmentReference) {}

    @RegisterForReflection
    public record Line(String sku, Long quantity, Long unitAmount, String category) {}

    @RegisterForReflection
    public record Item(String sku, Long quantity, Integer refundPercent, Long refundAmount) {}

    @RegisterForReflection
    public record Evidence(String type, String url, String contentType, Long bytes) {}

    @RegisterForReflection
    public record Customer(String email, String phone, String locale, String timeZone, String channel) {}

    /** POST /refunds/{case_id}/evidence. */
    @RegisterForReflection
    public record EvidenceAddition(List<Evidence> evidence, String note) {}

    /** {@code POST /refunds/{case_id}/withdraw}: the customer's own words on why, optional. */
    public record Withdrawal(String note) {}
}
