package com.refundpipeline.archfixture.cycles.domain;

import com.refundpipeline.archfixture.cycles.amount.RefundCalculator;

/** Breaks acyclicity (with {@code amount.RefundCalculator}): the cycle issue 12 found in the product. */
public record Decision(long amount) {

    public static Decision of(RefundCalculator calculator) {
        return new Decision(calculator.total());
    }
}
