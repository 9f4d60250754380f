package com.refundpipeline.verify;

import java.time.Duration;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** The first version of the store's refund policy, set through configuration. */
@ConfigMapping(prefix = "refunds.policy")
public interface PolicyConfig {

    @WithDefault("2026-11-v1")
    String version();

    /** How long after delivery a return is accepted. */
    @WithDefault("P30D")
    Duration returnWindow();

    /** Above this amount (minor units) a person decides. */
    @WithDefault("20000")
    long autoApproveLimit();

    /** Kept on changed-mind returns: a whole percentage of the returned goods after discounts, rounded down. */
    @WithDefault("10")
    int restockingFeePercent();

    /** Added to refunds taken as store credit: a whole percentage, rounded down; 0 for none. */
    @WithDefault("0")
    int storeCreditBonusPercent();

    default com.refundpipeline.amount.AmountRules amountRules() {
        return new com.refundpipeline.amount.AmountRules(restockingFeePercent());
    }
}
