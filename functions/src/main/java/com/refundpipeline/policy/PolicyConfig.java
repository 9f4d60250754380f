package com.refundpipeline.policy;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the store's policy document is: {@code classpath:...} inside the artifact, or a file path. */
@ConfigMapping(prefix = "refunds.policy")
public interface PolicyConfig {

    @WithDefault("classpath:policy/default.json")
    String document();
}
