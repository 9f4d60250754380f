package com.refundpipeline.domain;

import java.util.Map;

/** A case's share of its order's captured amount, committed together with the case's approval. */
public record OrderReservation(
        String orderId, String caseId, long amount, long capturedAmount, String currency, Map<String, Long> units) {

    public OrderReservation(String orderId, String caseId, long amount, long capturedAmount, String currency) {
        this(orderId, caseId, amount, capturedAmount, currency, Map.of());
    }
}
