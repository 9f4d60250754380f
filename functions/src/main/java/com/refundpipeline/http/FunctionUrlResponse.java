package com.refundpipeline.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.refundpipeline.domain.Refusal;
import com.refundpipeline.json.Json;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;

/** The HTTP answer a function URL turns into a response: status, headers and a JSON body. */
@RegisterForReflection
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FunctionUrlResponse(
        @JsonProperty("statusCode") int statusCode,
        @JsonProperty("headers") Map<String, String> headers,
        @JsonProperty("body") String body,
        @JsonProperty("isBase64Encoded") boolean isBase64Encoded) {

    public static FunctionUrlResponse json(int status, Object body) {
        return new FunctionUrlResponse(status, Map.of("content-type", "application/json"), Json.write(body), false);
    }

    public static FunctionUrlResponse error(ApiException error) {
        return json(error.status(), ApiError.of(error));
    }

    public static FunctionUrlResponse error(Refusal refusal) {
        return error(ApiException.of(refusal));
    }
}
