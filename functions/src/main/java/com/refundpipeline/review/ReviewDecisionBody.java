package com.refundpipeline.review;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A reviewer's decision: {@code approve} (amount, method; optionally {@code resolution} {@code replacement} or
 * {@code exchange} with {@code exchange_sku}, the goods sent by the store with the amount held as their fallback),
 * {@code decline} (decline_code, explanation) or {@code request_evidence} (explanation: what the customer should
 * send).
 */
@RegisterForReflection
public record ReviewDecisionBody(
        String action,
        Long amount,
        String method,
        String declineCode,
        String explanation,
        String resolution,
        String exchangeSku) {

    /** A decision granting money (or declining, or asking for evidence), as before goods could be granted here. */
    public ReviewDecisionBody(String action, Long amount, String method, String declineCode, String explanation) {
        this(action, amount, method, declineCode, explanation, null, null);
    }
}
