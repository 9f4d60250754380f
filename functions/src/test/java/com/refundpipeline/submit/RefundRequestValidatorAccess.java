package com.refundpipeline.submit;

import com.refundpipeline.domain.RefundRequest;
import com.refundpipeline.policy.PolicyLoader;

/** Lets tests in other packages build a validated request as submit-refund would record it. */
public final class RefundRequestValidatorAccess {

    private RefundRequestValidatorAccess() {}

    public static RefundRequest validate(RefundRequestBody body) {
        return RefundRequestValidator.validate(
                body,
                PolicyLoader.load("classpath:policy/default.json").document().evidence());
    }
}
