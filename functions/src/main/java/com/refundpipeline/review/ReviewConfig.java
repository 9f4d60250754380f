package com.refundpipeline.review;

import io.smallrye.config.ConfigMapping;
import java.util.Optional;

/** Who may decide cases in review-case: {@code id=tier,id=tier}, tiers as named in the policy's authority list. */
@ConfigMapping(prefix = "refunds.review")
public interface ReviewConfig {

    Optional<String> reviewers();
}
