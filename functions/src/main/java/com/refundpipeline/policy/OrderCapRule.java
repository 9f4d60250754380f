package com.refundpipeline.policy;

import java.util.Optional;

import com.refundpipeline.domain.DeclineCode;

/** Never more than was captured, counting every other case of the order that holds a share of it. */
final class OrderCapRule implements PolicyRule {

    static final String NAME = "order_cap";

    @Override
    public Optional<Verdict> evaluate(PolicyInput input) {
        long refundable = input.order().refundableFor(input.refundCase().caseId());
        long requested = input.refundCase().requestedAmount();
        if (requested > refundable) {
            return Optional.of(Verdict.decline(NAME, DeclineCode.ALREADY_REFUNDED,
                    "requested " + requested + " but only " + refundable + " of the order is left to refund"));
        }
        return Optional.empty();
    }
}
