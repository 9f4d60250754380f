package com.refundpipeline.amount;

/**
 * What the store's policy rule for a case says about money: the restocking fee kept on returned goods, in basis
 * points of the goods after discounts, and whether the shipping the customer paid goes back with them.
 */
public record AmountRules(int restockingFeeBps, boolean refundShipping) {

    /** No fee, shipping back: the most a request can come to, for checks made before the rule is known. */
    public static final AmountRules MOST = new AmountRules(0, true);

    public AmountRules {
        if (restockingFeeBps < 0 || restockingFeeBps > 10_000) {
            throw new IllegalArgumentException(
                    "restocking fee must be 0 to 10000 basis points, not " + restockingFeeBps);
        }
    }
}
