package com.refundpipeline.localstack.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.refundpipeline.localstack.lambda.InvokeResult;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FunctionUrlEventsTest {

    static final Instant NOW = Instant.parse("2026-11-24T04:31:24.101Z");

    static FunctionUrlEvents.Request request(
            String method,
            String path,
            String query,
            String contentType,
            byte[] body,
            Map.Entry<String, String>... extra) {
        List<Map.Entry<String, String>> headers = new java.util.ArrayList<>(
                List.of(Map.entry("Host", "localhost:8080"), Map.entry("User-Agent", "curl/8.5.0")));
        if (contentType != null) {
            headers.add(Map.entry("Content-Type", contentType));
        }
        headers.addAll(List.of(extra));
        return new FunctionUrlEvents.Request(method, path, query, headers, body, "127.0.0.1", "HTTP/1.1");
    }

    @Test
    void aJsonPostBecomesAVersionTwoEvent() {
        byte[] body = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
        JsonNode e = FunctionUrlEvents.event(
                request("POST", "/refunds", "", "application/json", body, Map.entry("Idempotency-Key", "k-1")),
                "abc123",
                new FunctionUrlEvents.Caller("000000000000", true),
                NOW);
        assertEquals("2.0", e.path("version").asText());
        assertEquals("$default", e.path("routeKey").asText());
        assertEquals("/refunds", e.path("rawPath").asText());
        assertEquals("", e.path("rawQueryString").asText());
        assertEquals("k-1", e.path("headers").path("idempotency-key").asText());
        assertEquals("application/json", e.path("headers").path("content-type").asText());
        assertFalse(e.has("queryStringParameters"));
        assertFalse(e.has("cookies"));
        assertEquals("{\"a\":1}", e.path("body").asText());
        assertFalse(e.path("isBase64Encoded").asBoolean());
        JsonNode context = e.path("requestContext");
        assertEquals("000000000000", context.path("accountId").asText());
        assertEquals("abc123", context.path("apiId").asText());
        assertEquals("localhost:8080", context.path("domainName").asText());
        assertEquals("POST", context.path("http").path("method").asText());
        assertEquals("/refunds", context.path("http").path("path").asText());
        assertEquals("HTTP/1.1", context.path("http").path("protocol").asText());
        assertEquals("127.0.0.1", context.path("http").path("sourceIp").asText());
        assertEquals("curl/8.5.0", context.path("http").path("userAgent").asText());
        assertEquals("$default", context.path("stage").asText());
        assertEquals("24/Nov/2026:04:31:24 +0000", context.path("time").asText());
        assertEquals(NOW.toEpochMilli(), context.path("timeEpoch").asLong());
        assertEquals(36, context.path("requestId").asText().length());
        assertEquals(
                "arn:aws:iam::000000000000:user/local",
                context.path("authorizer").path("iam").path("userArn").asText());
    }

    @Test
    void queryCookiesAndRepeatedHeadersFollowTheFormat() {
        JsonNode e = FunctionUrlEvents.event(
                request(
                        "GET",
                        "/refunds/rc_1",
                        "a=1&b=x%20y&a=2&flag",
                        null,
                        new byte[0],
                        Map.entry("Cookie", "s=1; t=2"),
                        Map.entry("X-Thing", "one"),
                        Map.entry("x-thing", "two")),
                "id",
                new FunctionUrlEvents.Caller("anonymous", false),
                NOW);
        assertEquals("a=1&b=x%20y&a=2&flag", e.path("rawQueryString").asText());
        assertEquals("1,2", e.path("queryStringParameters").path("a").asText());
        assertEquals("x y", e.path("queryStringParameters").path("b").asText());
        assertEquals("", e.path("queryStringParameters").path("flag").asText());
        assertEquals(
                List.of("s=1", "t=2"),
                List.of(
                        e.path("cookies").get(0).asText(),
                        e.path("cookies").get(1).asText()));
        assertFalse(e.path("headers").has("cookie"), "cookies travel apart from the headers");
        assertEquals("one,two", e.path("headers").path("x-thing").asText());
        assertFalse(e.has("body"));
        assertFalse(e.path("requestContext").has("authorizer"));
        assertEquals("anonymous", e.path("requestContext").path("accountId").asText());
    }

    @Test
    void aBinaryBodyIsBase64Encoded() {
        byte[] body = {0, 1, 2, (byte) 0xff};
        JsonNode e = FunctionUrlEvents.event(
                request("PUT", "/", "", "image/png", body),
                "id",
                new FunctionUrlEvents.Caller("anonymous", false),
                NOW);
        assertTrue(e.path("isBase64Encoded").asBoolean());
        assertEquals(Base64.getEncoder().encodeToString(body), e.path("body").asText());
    }

    @Test
    void textTypesTravelAsText() {
        assertTrue(FunctionUrlEvents.isText("application/json; charset=utf-8"));
        assertTrue(FunctionUrlEvents.isText("text/plain"));
        assertTrue(FunctionUrlEvents.isText("application/problem+json"));
        assertTrue(FunctionUrlEvents.isText("application/x-www-form-urlencoded"));
        assertFalse(FunctionUrlEvents.isText("application/octet-stream"));
        assertFalse(FunctionUrlEvents.isText(null));
    }

    static InvokeResult ok(String json) {
        return InvokeResult.success(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aResponseObjectBecomesTheHttpResponse() {
        FunctionUrlEvents.Response r = FunctionUrlEvents.response(ok("""
                {"statusCode":201,"headers":{"Content-Type":"application/json","Location":"/refunds/rc_1"},
                 "cookies":["a=1; Path=/"],"body":"{\\"case_id\\":\\"rc_1\\"}","isBase64Encoded":false}"""));
        assertEquals(201, r.status());
        assertTrue(r.headers().contains(Map.entry("Location", "/refunds/rc_1")));
        assertTrue(r.headers().contains(Map.entry("Set-Cookie", "a=1; Path=/")));
        assertEquals("{\"case_id\":\"rc_1\"}", new String(r.body(), StandardCharsets.UTF_8));
    }

    @Test
    void aBase64ResponseBodyIsDecoded() {
        FunctionUrlEvents.Response r = FunctionUrlEvents.response(
                ok("{\"statusCode\":200,\"headers\":{\"content-type\":\"image/png\"},\"body\":\"AAEC/w==\","
                        + "\"isBase64Encoded\":true}"));
        assertEquals(4, r.body().length);
        assertEquals((byte) 0xff, r.body()[3]);
    }

    @Test
    void anythingElseIsA200JsonBody() {
        FunctionUrlEvents.Response r = FunctionUrlEvents.response(ok("{\"case_id\":\"rc_1\"}"));
        assertEquals(200, r.status());
        assertTrue(r.headers().contains(Map.entry("Content-Type", "application/json")));
        assertEquals("{\"case_id\":\"rc_1\"}", new String(r.body(), StandardCharsets.UTF_8));
    }

    @Test
    void aFunctionErrorIsA502() {
        FunctionUrlEvents.Response r = FunctionUrlEvents.response(InvokeResult.error("Sandbox.Timedout", "late"));
        assertEquals(502, r.status());
        assertTrue(new String(r.body(), StandardCharsets.UTF_8).contains("Internal Server Error"));
    }
}
