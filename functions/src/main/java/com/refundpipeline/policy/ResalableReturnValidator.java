package com.refundpipeline.policy;

/**
 * A no-fault return (changed mind) is refunded only once the item is back and inspected as resalable: tags on,
 * unwashed, unused. The case waits for the parcel ({@code awaiting_return}, with a label and a deadline); the
 * inspection is a person's call, recorded through review-case.
 */
final class ResalableReturnValidator implements Validator {

    static final String NAME = "resalable_return";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Finding check(Subject subject) {
        if (!subject.rule().returnInspected()) {
            return Finding.pass(NAME, "rule " + subject.rule().id() + " needs no inspected return");
        }
        return Finding.awaitReturn(
                NAME,
                "the returned item must be received and inspected as resalable before a refund" + " (restocking fee "
                        + subject.rule().restockingFeeBps() / 100.0 + "%)");
    }
}
