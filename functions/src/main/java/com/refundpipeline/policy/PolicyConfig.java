package com.refundpipeline.policy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the store's policy document is: {@code classpath:...} inside the artifact, or a file path. */
@ConfigMapping(prefix = "refunds.policy")
public interface PolicyConfig {

    @WithDefault("classpath:policy/default.json")
    String document();

    /** Added to refunds taken as store credit: a whole percentage, rounded down; 0 for none. */
    @WithDefault("0")
    int storeCreditBonusPercent();

    /**
     * Whether the store's order system is connected (the stack's event bus carries replacement requests to it, ADR
     * 0034): only then are replacement and exchange granted; otherwise they fall through to the rule's next choice.
     */
    @WithDefault("false")
    boolean storeConnected();
}
