package com.refundpipeline.policy;

import java.util.Optional;

/** Unusual amounts go to a person, never to an automatic no. */
final class AutoApproveLimitRule implements PolicyRule {

    static final String NAME = "auto_approve_limit";

    private final long limit;

    AutoApproveLimitRule(long limit) {
        this.limit = limit;
    }

    @Override
    public Optional<Verdict> evaluate(PolicyInput input) {
        long requested = input.refundCase().requestedAmount();
        if (requested > limit) {
            return Optional.of(Verdict.review(NAME, "amount " + requested + " is above the automatic limit " + limit));
        }
        return Optional.empty();
    }
}
