package com.refundpipeline.store;

/** A case's share of its order's captured amount, committed together with the case's approval. */
public record OrderReservation(String orderId, String caseId, long amount, long capturedAmount, String currency) {
}
