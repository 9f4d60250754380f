package com.refundpipeline.policy;

import java.util.Optional;

import com.refundpipeline.domain.RefundRequest;

/**
 * Reasons that rules cannot settle from the order alone: a changed-mind return must first be received and
 * inspected as resalable, a double charge must be matched to the payments, and "other" needs reading.
 */
final class PersonNeededRule implements PolicyRule {

    static final String NAME = "person_needed";

    @Override
    public Optional<Verdict> evaluate(PolicyInput input) {
        RefundRequest request = input.refundCase().request();
        return switch (request.reason()) {
            case CHANGED_MIND -> Optional.of(Verdict.review(NAME, "the return must be received and inspected first"));
            case DUPLICATE_PAYMENT -> Optional.of(Verdict.review(NAME, "the payments must be matched by a person"));
            case OTHER -> Optional.of(Verdict.review(NAME, "the customer's words need reading"));
            default -> Optional.empty();
        };
    }
}
