package com.refundpipeline.policy;

/**
 * One check of the refund policy: it looks at one thing and says, either way, why. Every validator runs on every
 * decision, so the record shows all that passed and all that failed (as Solidus's eligibility validators do).
 */
public interface Validator {

    String name();

    Finding check(Subject subject);

    /** What a validator looks at: the input, the policy and its rule for the case, and the refund proposed. */
    record Subject(PolicyInput input, PolicyDocument policy, PolicyDocument.ReturnRule rule, Proposal proposal) {
    }

    /** The refund the rule would give if every validator passes: amount, method, and how the amount was made. */
    record Proposal(long amount, com.refundpipeline.domain.PayoutMethod method, String breakdown) {
    }
}
