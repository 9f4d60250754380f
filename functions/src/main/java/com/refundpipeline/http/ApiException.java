package com.refundpipeline.http;

import com.refundpipeline.domain.Refusal;

/**
 * A request refused with an HTTP status, a stable error code, a message for people and the offending field: either a
 * {@link Refusal} of the application, given the status of its kind here and only here, or a refusal of HTTP itself
 * (wrong method, media type or size; an internal error).
 */
public class ApiException extends RuntimeException {

    private final int status;
    private final String code;
    private final String field;

    public ApiException(int status, String code, String message, String field) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.field = field;
    }

    public static ApiException of(Refusal refusal) {
        return new ApiException(status(refusal.kind()), refusal.code(), refusal.getMessage(), refusal.field());
    }

    static int status(Refusal.Kind kind) {
        return switch (kind) {
            case MALFORMED -> 400;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case CONFLICT -> 409;
            // Valid JSON that breaks a rule of the product.
            case RULE -> 422;
        };
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }
}
