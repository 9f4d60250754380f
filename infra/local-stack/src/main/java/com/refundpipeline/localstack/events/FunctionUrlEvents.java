package com.refundpipeline.localstack.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.refundpipeline.localstack.lambda.InvokeResult;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Translates between HTTP and the Lambda function URL payload format 2.0: a request into the event a function URL
 * sends its function, and the function's answer back into an HTTP response, with the rules AWS documents (headers
 * lower-cased and repeated ones joined with commas, cookies apart, bodies base64-encoded unless text, a response
 * without statusCode taken as a 200 JSON body).
 */
public final class FunctionUrlEvents {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final DateTimeFormatter REQUEST_TIME = DateTimeFormatter.ofPattern(
                    "dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH)
            .withZone(ZoneOffset.UTC);

    private FunctionUrlEvents() {}

    /**
     * An HTTP request as the gateway received it.
     *
     * @param rawPath  the path after /{function-name}, at least "/", still percent-encoded
     * @param rawQuery the query string without '?', still percent-encoded, or "" when there is none
     * @param headers  every header line in order, names as received
     */
    @SuppressWarnings("ArrayRecordComponent") // raw body bytes, passed along, never compared or hashed
    public record Request(
            String method,
            String rawPath,
            String rawQuery,
            List<Map.Entry<String, String>> headers,
            byte[] body,
            String sourceIp,
            String protocol) {}

    /** An HTTP response for the gateway to send: repeated header names (Set-Cookie) are allowed. */
    @SuppressWarnings("ArrayRecordComponent") // raw body bytes, passed along, never compared or hashed
    public record Response(int status, List<Map.Entry<String, String>> headers, byte[] body) {}

    /**
     * The identity a function URL puts in the request context.
     *
     * @param accountId the caller's account for AWS_IAM, "anonymous" for NONE
     * @param iam       whether the URL's AuthType is AWS_IAM (the context then carries an IAM authorizer)
     */
    public record Caller(String accountId, boolean iam) {}

    public static ObjectNode event(Request request, String urlId, Caller caller, Instant now) {
        Map<String, String> headers = new LinkedHashMap<>();
        List<String> cookies = new ArrayList<>();
        for (Map.Entry<String, String> header : request.headers()) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (name.equals("cookie")) {
                for (String cookie : header.getValue().split(";")) {
                    if (!cookie.isBlank()) {
                        cookies.add(cookie.strip());
                    }
                }
                continue;
            }
            headers.merge(name, header.getValue(), (a, b) -> a + "," + b);
        }

        ObjectNode event = JSON.createObjectNode();
        event.put("version", "2.0");
        event.put("routeKey", "$default");
        event.put("rawPath", request.rawPath());
        event.put("rawQueryString", request.rawQuery());
        if (!cookies.isEmpty()) {
            cookies.forEach(event.putArray("cookies")::add);
        }
        ObjectNode headerNode = event.putObject("headers");
        headers.forEach(headerNode::put);
        Map<String, String> query = queryParameters(request.rawQuery());
        if (!query.isEmpty()) {
            ObjectNode q = event.putObject("queryStringParameters");
            query.forEach(q::put);
        }

        String host = headers.getOrDefault("host", "localhost");
        ObjectNode context = event.putObject("requestContext");
        context.put("accountId", caller.accountId());
        context.put("apiId", urlId);
        if (caller.iam()) {
            ObjectNode iam = context.putObject("authorizer").putObject("iam");
            iam.put("accessKey", "LOCALACCESSKEY");
            iam.put("accountId", caller.accountId());
            iam.put("callerId", "AIDALOCALCALLER");
            iam.putNull("cognitoIdentity");
            iam.putNull("principalOrgId");
            iam.put("userArn", "arn:aws:iam::" + caller.accountId() + ":user/local");
            iam.put("userId", "AIDALOCALCALLER");
        }
        // The host the caller used, not <url-id>.lambda-url.<region>.on.aws: links a function builds from it
        // must work locally.
        context.put("domainName", host);
        context.put("domainPrefix", host.split("[.:]", 2)[0]);
        ObjectNode http = context.putObject("http");
        http.put("method", request.method());
        http.put("path", request.rawPath());
        http.put("protocol", request.protocol());
        http.put("sourceIp", request.sourceIp());
        http.put("userAgent", headers.getOrDefault("user-agent", ""));
        context.put("requestId", UUID.randomUUID().toString());
        context.put("routeKey", "$default");
        context.put("stage", "$default");
        context.put("time", REQUEST_TIME.format(now));
        context.put("timeEpoch", now.toEpochMilli());

        if (request.body().length > 0) {
            boolean text = isText(headers.get("content-type"));
            event.put(
                    "body",
                    text
                            ? new String(request.body(), StandardCharsets.UTF_8)
                            : Base64.getEncoder().encodeToString(request.body()));
            event.put("isBase64Encoded", !text);
        } else {
            event.put("isBase64Encoded", false);
        }
        return event;
    }

    /** Whether a body of this content type travels as text; anything else (or no type) is base64-encoded. */
    static boolean isText(String contentType) {
        if (contentType == null) {
            return false;
        }
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return type.startsWith("text/")
                || type.equals("application/json")
                || type.endsWith("+json")
                || type.equals("application/xml")
                || type.endsWith("+xml")
                || type.equals("application/javascript")
                || type.equals("application/x-www-form-urlencoded")
                || type.equals("application/graphql");
    }

    /** queryStringParameters: decoded, a repeated name's values joined with commas, as API Gateway 2.0 does. */
    static Map<String, String> queryParameters(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return out;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String name = decode(eq < 0 ? pair : pair.substring(0, eq));
            String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
            out.merge(name, value, (a, b) -> a + "," + b);
        }
        return out;
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return s;
        }
    }

    /** The function's answer as HTTP. A function error is a 502, as a function URL answers it. */
    public static Response response(InvokeResult result) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        if (result.isError()) {
            ObjectNode body = JSON.createObjectNode().put("Message", "Internal Server Error");
            body.set("localStackError", parseOrText(result.text()));
            headers.add(Map.entry("Content-Type", "application/json"));
            return new Response(502, headers, body.toString().getBytes(StandardCharsets.UTF_8));
        }
        JsonNode answer;
        try {
            answer = result.payload().length == 0 ? null : JSON.readTree(result.payload());
        } catch (IOException e) {
            answer = null;
        }
        if (answer == null || !answer.isObject() || !answer.has("statusCode")) {
            // Not a response object: AWS returns it as the body of a 200 application/json response.
            headers.add(Map.entry("Content-Type", "application/json"));
            return new Response(200, headers, result.payload());
        }
        int status = answer.path("statusCode").asInt(200);
        boolean contentType = false;
        for (Map.Entry<String, JsonNode> header : answer.path("headers").properties()) {
            headers.add(Map.entry(header.getKey(), header.getValue().asText()));
            contentType |= header.getKey().equalsIgnoreCase("content-type");
        }
        if (!contentType) {
            headers.add(Map.entry("Content-Type", "application/json"));
        }
        for (JsonNode cookie : answer.path("cookies")) {
            headers.add(Map.entry("Set-Cookie", cookie.asText()));
        }
        JsonNode bodyNode = answer.get("body");
        String bodyText = bodyNode == null || bodyNode.isNull()
                ? ""
                : bodyNode.isTextual() ? bodyNode.asText() : bodyNode.toString();
        byte[] body = answer.path("isBase64Encoded").asBoolean(false)
                ? Base64.getDecoder().decode(bodyText)
                : bodyText.getBytes(StandardCharsets.UTF_8);
        return new Response(status, headers, body);
    }

    private static JsonNode parseOrText(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return JSON.getNodeFactory().textNode(text);
        }
    }
}
