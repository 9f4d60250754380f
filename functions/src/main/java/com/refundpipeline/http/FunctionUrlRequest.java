package com.refundpipeline.http;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A Lambda function URL invocation, payload format 2.0, as AWS sends it. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record FunctionUrlRequest(
        @JsonProperty("version") String version,
        @JsonProperty("routeKey") String routeKey,
        @JsonProperty("rawPath") String rawPath,
        @JsonProperty("rawQueryString") String rawQueryString,
        @JsonProperty("cookies") List<String> cookies,
        @JsonProperty("headers") Map<String, String> headers,
        @JsonProperty("queryStringParameters") Map<String, String> queryStringParameters,
        @JsonProperty("requestContext") RequestContext requestContext,
        @JsonProperty("body") String body,
        @JsonProperty("isBase64Encoded") boolean isBase64Encoded) {

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RequestContext(
            @JsonProperty("accountId") String accountId,
            @JsonProperty("apiId") String apiId,
            @JsonProperty("domainName") String domainName,
            @JsonProperty("requestId") String requestId,
            @JsonProperty("time") String time,
            @JsonProperty("timeEpoch") Long timeEpoch,
            @JsonProperty("http") Http http,
            @JsonProperty("authorizer") Authorizer authorizer) {}

    /**
     * What an HTTP API's JWT authorizer verified (payload 2.0): the token's claims. A function URL never sets it, so
     * its absence means nobody was verified.
     */
    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Authorizer(@JsonProperty("jwt") Jwt jwt) {}

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Jwt(
            @JsonProperty("claims") Map<String, Object> claims,
            @JsonProperty("scopes") List<String> scopes) {}

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Http(
            @JsonProperty("method") String method,
            @JsonProperty("path") String path,
            @JsonProperty("protocol") String protocol,
            @JsonProperty("sourceIp") String sourceIp,
            @JsonProperty("userAgent") String userAgent) {}

    public String method() {
        return requestContext == null || requestContext.http() == null
                ? "GET"
                : requestContext.http().method().toUpperCase(Locale.ROOT);
    }

    public String path() {
        if (rawPath != null) {
            return rawPath;
        }
        return requestContext == null || requestContext.http() == null
                ? "/"
                : requestContext.http().path();
    }

    /** Header lookup ignoring case: function URLs lower-case header names, other callers may not. */
    public String header(String name) {
        if (headers == null) {
            return null;
        }
        for (Map.Entry<String, String> header : headers.entrySet()) {
            if (header.getKey().equalsIgnoreCase(name)) {
                return header.getValue();
            }
        }
        return null;
    }

    public byte[] bodyBytes() {
        if (body == null) {
            return new byte[0];
        }
        return isBase64Encoded ? Base64.getDecoder().decode(body) : body.getBytes(StandardCharsets.UTF_8);
    }

    /** The verified JWT claims, or an empty map when no authorizer verified the caller. */
    public Map<String, Object> verifiedClaims() {
        if (requestContext == null
                || requestContext.authorizer() == null
                || requestContext.authorizer().jwt() == null
                || requestContext.authorizer().jwt().claims() == null) {
            return Map.of();
        }
        return requestContext.authorizer().jwt().claims();
    }

    public String requestId() {
        return requestContext == null ? null : requestContext.requestId();
    }
}
