package com.refundpipeline.domain;

import java.time.Instant;
import java.util.List;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What was decided about a case and why: the outcome, the money, the rule that decided and the policy version it
 * belongs to, so the decision can be explained to the customer and replayed.
 */
@RegisterForReflection
public record Decision(CaseStatus outcome, Long amount, PayoutMethod method, String rule, String policyVersion,
        DeclineCode declineCode, String explanation, String decidedBy, Instant decidedAt, List<Check> checks,
        Inputs inputs, String inputsHash, Instant holdUntil) {

    /** A decision without a validator record (the first policy version wrote these). */
    public Decision(CaseStatus outcome, Long amount, PayoutMethod method, String rule, String policyVersion,
            DeclineCode declineCode, String explanation, String decidedBy, Instant decidedAt) {
        this(outcome, amount, method, rule, policyVersion, declineCode, explanation, decidedBy, decidedAt, null, null,
                null, null);
    }

    /**
     * What one validator found: passed or not, the outcome it asked for when not, and why, in words a person can
     * read out.
     */
    @RegisterForReflection
    public record Check(String validator, boolean passed, CaseStatus demands, String message) {
    }

    /**
     * What the decision saw besides the case's own request, so it can be replayed exactly: what other cases of the
     * order had committed, how many refunds the customer had in the frequent-refunder window, and the time.
     */
    @RegisterForReflection
    public record Inputs(String ledgerCurrency, long capturedAmount, long committedElsewhere, int customerRecentRefunds,
            Instant decidedAt) {
    }
}
