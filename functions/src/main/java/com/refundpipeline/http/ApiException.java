package com.refundpipeline.http;

/** A request refused with an HTTP status, a stable error code, a message for people and the offending field. */
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

    public static ApiException malformed(String code, String message, String field) {
        return new ApiException(400, code, message, field);
    }

    /** Valid JSON that breaks a rule of the product. */
    public static ApiException unprocessable(String code, String message, String field) {
        return new ApiException(422, code, message, field);
    }

    public static ApiException notFound(String code, String message) {
        return new ApiException(404, code, message, null);
    }

    public static ApiException conflict(String code, String message, String field) {
        return new ApiException(409, code, message, field);
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
