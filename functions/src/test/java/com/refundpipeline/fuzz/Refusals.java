package com.refundpipeline.fuzz;

import com.refundpipeline.domain.Refusal;
import com.refundpipeline.http.ApiException;
import java.util.regex.Pattern;

/** What every refusal must carry: a 4xx status, a stable code, a message, and a field where one applies. */
public final class Refusals {

    private static final Pattern CODE = Pattern.compile("[a-z_]+");

    private Refusals() {}

    /** A refusal of the application, as the function URL answers it. */
    public static ApiException check(Refusal refused) {
        ApiException answered = ApiException.of(refused);
        check(answered);
        return answered;
    }

    public static void check(ApiException refused) {
        if (refused.status() < 400 || refused.status() > 499) {
            throw new AssertionError("refused with " + refused.status() + " " + refused.code(), refused);
        }
        if (refused.code() == null || !CODE.matcher(refused.code()).matches()) {
            throw new AssertionError("a refusal without a stable code: " + refused.code(), refused);
        }
        if (refused.getMessage() == null || refused.getMessage().isBlank()) {
            throw new AssertionError("a refusal without a message: " + refused.code(), refused);
        }
        if (refused.code().startsWith("parameter_") && refused.status() != 400 && refused.field() == null) {
            throw new AssertionError("a parameter refusal without the field: " + refused.code(), refused);
        }
        if (refused.code().equals("parameter_missing")
                || refused.code().equals("parameter_unknown")
                || (refused.code().endsWith("_unknown") && !refused.code().equals("reviewer_unknown"))) {
            // Empty only when the offending JSON key is itself "" (found by ReviewBodyFuzzTest, input 297 of seed 17).
            if (refused.field() == null) {
                throw new AssertionError(refused.code() + " without the field it is about", refused);
            }
        }
    }
}
