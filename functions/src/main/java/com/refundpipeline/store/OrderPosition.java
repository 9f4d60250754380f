package com.refundpipeline.store;

import java.util.Set;

/**
 * What an order has left to refund: its captured amount less every amount already committed to one of its cases
 * (approved, paying or paid).
 */
public record OrderPosition(String orderId, String currency, long capturedAmount, long committedAmount,
        Set<String> committedCases) {

    public static OrderPosition untouched(String orderId, String currency, long capturedAmount) {
        return new OrderPosition(orderId, currency, capturedAmount, 0, Set.of());
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
