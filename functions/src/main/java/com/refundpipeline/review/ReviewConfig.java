package com.refundpipeline.review;

import java.util.Optional;

import io.smallrye.config.ConfigMapping;

/** Who may decide cases in review-case: {@code id=tier,id=tier}, tiers as named in the policy's authority list. */
@ConfigMapping(prefix = "refunds.review")
public interface ReviewConfig {

    Optional<String> reviewers();
}
