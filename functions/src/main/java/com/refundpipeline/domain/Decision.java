package com.refundpipeline.domain;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.refundpipeline.amount.RefundBreakdown;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What was decided about a case and why: the outcome, the money, the rule that decided and the policy version it
 * belongs to, so the decision can be explained to the customer and replayed.
 */
@RegisterForReflection
public record Decision(CaseStatus outcome, Long amount, PayoutMethod method, String rule, String policyVersion,
        DeclineCode declineCode, String explanation, String decidedBy, Instant decidedAt, RefundBreakdown breakdown) {

    @JsonCreator
    public Decision {
    }

    public Decision(CaseStatus outcome, Long amount, PayoutMethod method, String rule, String policyVersion,
            DeclineCode declineCode, String explanation, String decidedBy, Instant decidedAt) {
        this(outcome, amount, method, rule, policyVersion, declineCode, explanation, decidedBy, decidedAt, null);
    }

    /** The same decision for the amount a breakdown computed, line by line. */
    public Decision withAmount(RefundBreakdown newBreakdown) {
        return new Decision(outcome, newBreakdown.total(), method, rule, policyVersion, declineCode, explanation,
                decidedBy, decidedAt, newBreakdown);
    }
}
