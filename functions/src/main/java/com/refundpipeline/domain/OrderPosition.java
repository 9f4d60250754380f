package com.refundpipeline.domain;

import java.util.Map;
import java.util.Set;

/**
 * What an order has left to refund: its captured amount less every amount already committed to one of its cases
 * (approved, paying or paid), and the units of each sku those cases took, so amounts can be shared exactly.
 */
public record OrderPosition(
        String orderId,
        String currency,
        long capturedAmount,
        long committedAmount,
        Set<String> committedCases,
        Map<String, Long> committedUnits) {

    public OrderPosition(
            String orderId, String currency, long capturedAmount, long committedAmount, Set<String> committedCases) {
        this(orderId, currency, capturedAmount, committedAmount, committedCases, Map.of());
    }

    public static OrderPosition untouched(String orderId, String currency, long capturedAmount) {
        return new OrderPosition(orderId, currency, capturedAmount, 0, Set.of(), Map.of());
    }

    /** Units of the sku already committed to a refund of the order. */
    public long unitsCommitted(String sku) {
        return committedUnits.getOrDefault(sku, 0L);
    }

    /** How much more the given case may take; a case that already holds its share is not counted twice. */
    public long refundableFor(String caseId) {
        long left = capturedAmount - committedAmount;
        return committedCases.contains(caseId) ? Long.MAX_VALUE : left;
    }

    public long refundable() {
        return capturedAmount - committedAmount;
    }
}
