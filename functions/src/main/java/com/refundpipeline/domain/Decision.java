package com.refundpipeline.domain;

import java.time.Instant;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What was decided about a case and why: the outcome, the money, the rule that decided and the policy version it
 * belongs to, so the decision can be explained to the customer and replayed.
 */
@RegisterForReflection
public record Decision(CaseStatus outcome, Long amount, PayoutMethod method, String rule, String policyVersion,
        DeclineCode declineCode, String explanation, String decidedBy, Instant decidedAt) {
}
