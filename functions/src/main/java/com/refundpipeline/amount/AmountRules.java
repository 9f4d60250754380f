package com.refundpipeline.amount;

/**
 * The store's amount rules: the restocking fee kept on changed-mind returns, as a whole percentage of the returned
 * goods after discounts.
 */
public record AmountRules(int restockingFeePercent) {

    public static final AmountRules NONE = new AmountRules(0);

    public AmountRules {
        if (restockingFeePercent < 0 || restockingFeePercent > 100) {
            throw new IllegalArgumentException("restocking fee must be 0 to 100 percent, not " + restockingFeePercent);
        }
    }
}
