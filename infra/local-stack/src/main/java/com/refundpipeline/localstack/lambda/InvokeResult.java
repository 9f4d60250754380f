package com.refundpipeline.localstack.lambda;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;

/**
 * What an invocation returned: the function's response, or an error as Lambda reports one (a JSON object with
 * errorType and errorMessage).
 *
 * @param errorType null on success; the runtime's Lambda-Runtime-Function-Error-Type, or one the stack set
 *                  (Sandbox.Timedout, Runtime.ExitError, Runtime.InitError, ...)
 */
@SuppressWarnings("ArrayRecordComponent") // raw payload bytes, passed along, never compared or hashed
public record InvokeResult(byte[] payload, String errorType) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static InvokeResult success(byte[] payload) {
        return new InvokeResult(payload, null);
    }

    public static InvokeResult error(String errorType, String message) {
        ObjectNode body = JSON.createObjectNode().put("errorType", errorType).put("errorMessage", message);
        return new InvokeResult(body.toString().getBytes(StandardCharsets.UTF_8), errorType);
    }

    public boolean isError() {
        return errorType != null;
    }

    public String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        String text = text();
        return (isError() ? "error " + errorType + ": " : "ok: ")
                + (text.length() > 300 ? text.substring(0, 300) + "..." : text);
    }
}
