package com.refundpipeline.archfixture.cycles.amount;

import com.refundpipeline.archfixture.cycles.domain.Decision;

public class RefundCalculator {

    public long total() {
        return 0;
    }

    public Decision decide() {
        return Decision.of(this);
    }
}
