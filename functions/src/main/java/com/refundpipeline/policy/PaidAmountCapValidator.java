package com.refundpipeline.policy;

import com.refundpipeline.domain.DeclineCode;
import com.refundpipeline.domain.Readable;

/** Never more than was captured, counting every other case of the order that already holds a share of it. */
final class PaidAmountCapValidator implements Validator {

    static final String NAME = "paid_amount_cap";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Finding check(Subject subject) {
        PolicyInput input = subject.input();
        long refundable = input.refundable();
        // What the lines come to after their discount and tax shares and fees, not their list price. Shipping is
        // left out: it goes back only as far as the order has room (the proposal is capped), never declines a case.
        long requested = subject.proposal() != null && subject.proposal().lines() != null
                ? subject.proposal().uncapped() - subject.proposal().lines().shippingAmount()
                : input.refundCase().requestedAmount();
        String currency = input.refundCase().currency();
        if (refundable <= 0 || requested > refundable) {
            return Finding.decline(
                    NAME,
                    DeclineCode.ALREADY_REFUNDED,
                    "requested "
                            + Readable.money(requested, currency) + " but only "
                            + Readable.money(Math.max(0, refundable), currency) + " of the "
                            + Readable.money(input.inputs().capturedAmount(), currency)
                            + " captured is left after the order's other refunds");
        }
        return Finding.pass(
                NAME,
                "requested " + Readable.money(requested, currency) + ", "
                        + Readable.money(refundable, currency) + " left to refund of "
                        + Readable.money(input.inputs().capturedAmount(), currency) + " captured");
    }
}
