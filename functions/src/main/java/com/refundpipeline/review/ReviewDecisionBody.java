package com.refundpipeline.review;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A reviewer's decision: {@code approve} (amount, method), {@code decline} (decline_code, explanation) or
 * {@code request_evidence} (explanation: what the customer should send).
 */
@RegisterForReflection
public record ReviewDecisionBody(String action, Long amount, String method, String declineCode, String explanation) {}
