package com.refundpipeline.policy;

import com.refundpipeline.domain.Readable;

/**
 * Unusual amounts go to a person: above the rule's automatic limit for the currency, or in a currency the policy
 * sets no limit for.
 */
final class AutoApproveLimitValidator implements Validator {

    static final String NAME = "auto_approve_limit";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Finding check(Subject subject) {
        String currency = subject.input().refundCase().currency();
        Long limit = subject.rule().autoApproveLimit().get(currency);
        long amount = subject.proposal().amount();
        if (limit == null) {
            return Finding.review(NAME, "the policy sets no automatic limit in " + currency);
        }
        if (amount > limit) {
            return Finding.review(
                    NAME,
                    "refund of " + Readable.money(amount, currency) + " is above the automatic limit of "
                            + Readable.money(limit, currency));
        }
        return Finding.pass(
                NAME,
                Readable.money(amount, currency) + " is within the automatic limit of "
                        + Readable.money(limit, currency));
    }
}
