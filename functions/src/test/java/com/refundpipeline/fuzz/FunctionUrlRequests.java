package com.refundpipeline.fuzz;

import com.refundpipeline.http.FunctionUrlRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Function URL events as AWS builds them from what a caller sent: method, path, headers, body. */
public final class FunctionUrlRequests {

    static final List<String> CONTENT_TYPES = List.of(
            "application/json",
            "application/json; charset=utf-8",
            "APPLICATION/JSON",
            "text/plain",
            "application/jsonx",
            "",
            "application/x-www-form-urlencoded");

    private FunctionUrlRequests() {}

    public static FunctionUrlRequest of(String method, String path, Map<String, String> headers, String body) {
        return new FunctionUrlRequest(
                "2.0",
                "$default",
                path,
                "",
                null,
                headers,
                null,
                new FunctionUrlRequest.RequestContext(
                        "123456789012",
                        "fuzz",
                        "fuzz.lambda-url.aws",
                        "req-fuzz",
                        null,
                        null,
                        new FunctionUrlRequest.Http(method, path, "HTTP/1.1", "203.0.113.9", "fuzz"),
                        null),
                body,
                false);
    }

    /** A POST of {@code body} with a content type and optionally base64 (as AWS encodes non-text bodies). */
    public static FunctionUrlRequest post(String path, String body, FuzzInput in, Map<String, String> extra) {
        Map<String, String> headers = new HashMap<>(extra);
        String type = in.nextInt(6) == 0 ? in.pick(CONTENT_TYPES) : "application/json";
        headers.put(in.nextBoolean() ? "content-type" : "Content-Type", type);
        boolean base64 = in.nextInt(8) == 0;
        String wire = base64 ? Base64.getEncoder().encodeToString(body.getBytes(StandardCharsets.UTF_8)) : body;
        return new FunctionUrlRequest(
                "2.0",
                "$default",
                path,
                "",
                null,
                headers,
                null,
                new FunctionUrlRequest.RequestContext(
                        "123456789012",
                        "fuzz",
                        "fuzz.lambda-url.aws",
                        "req-fuzz",
                        null,
                        null,
                        new FunctionUrlRequest.Http("POST", path, "HTTP/1.1", "203.0.113.9", "fuzz"),
                        null),
                wire,
                base64);
    }
}
