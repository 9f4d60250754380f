package com.refundpipeline.http;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The body of every refusal: {"error": {"code", "message", "field"}}, as Stripe reports errors. */
@RegisterForReflection
public record ApiError(Detail error) {

    @RegisterForReflection
    public record Detail(String code, String message, String field) {}

    public static ApiError of(ApiException e) {
        return new ApiError(new Detail(e.code(), e.getMessage(), e.field()));
    }
}
