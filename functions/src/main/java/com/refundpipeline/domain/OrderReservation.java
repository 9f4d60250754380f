package com.refundpipeline.domain;

import java.util.Map;

/** A case's share of its order's captured amount, committed together with the case's approval. */
public record OrderReservation(
        String orderId, String caseId, long amount, long capturedAmount, String currency, Map<String, Long> units) {

    public OrderReservation(String orderId, String caseId, long amount, long capturedAmount, String currency) {
        this(orderId, caseId, amount, capturedAmount, currency, Map.of());
    }

    /** What a case holds on its order: its decided amount and the units it asked for (an approval, a return). */
    public static OrderReservation heldBy(RefundCase c) {
        Map<String, Long> units = new java.util.HashMap<>();
        c.request().items().forEach(item -> units.merge(item.sku(), item.quantity(), Long::sum));
        RefundRequest.Order order = c.request().order();
        return new OrderReservation(
                order.id(),
                c.caseId(),
                c.decision().amount(),
                order.capturedAmount(),
                order.currency(),
                Map.copyOf(units));
    }
}
