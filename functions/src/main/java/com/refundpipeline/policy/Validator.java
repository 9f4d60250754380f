package com.refundpipeline.policy;

/**
 * One check of the refund policy: it looks at one thing and says, either way, why. Every validator runs on every
 * decision, so the record shows all that passed and all that failed (as Solidus's eligibility validators do).
 */
public interface Validator {

    String name();

    Finding check(Subject subject);

    /** What a validator looks at: the input, the policy and its rule for the case, and the refund proposed. */
    record Subject(PolicyInput input, PolicyDocument policy, PolicyDocument.ReturnRule rule, Proposal proposal) {}

    /**
     * The refund the rule would give if every validator passes: amount, method, how the amount was made in words,
     * and line by line ({@code lines}, null only for proposals made by hand in tests).
     */
    record Proposal(
            long amount,
            com.refundpipeline.domain.PayoutMethod method,
            String breakdown,
            com.refundpipeline.domain.RefundBreakdown lines) {

        public Proposal(long amount, com.refundpipeline.domain.PayoutMethod method, String breakdown) {
            this(amount, method, breakdown, null);
        }

        /** What the refund comes to before the order's cap: what the request asks of the order. */
        public long uncapped() {
            return lines == null ? amount : lines.subtotal();
        }
    }
}
