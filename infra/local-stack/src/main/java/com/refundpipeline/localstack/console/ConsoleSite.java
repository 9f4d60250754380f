package com.refundpipeline.localstack.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The support console on the local stack: its static files (packaged from the repository's {@code console/}) at
 * {@code /console/}, its configuration, and the LOCAL sign-in (the people review-case is configured with, each
 * signed in with a token from {@link LocalSignIn}). Every answer carries the security headers CloudFront's response
 * headers policy adds on AWS.
 */
public final class ConsoleSite {

    public static final String PREFIX = "console";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> TYPES = Map.of(
            "html",
            "text/html; charset=utf-8",
            "js",
            "text/javascript; charset=utf-8",
            "css",
            "text/css; charset=utf-8",
            "json",
            "application/json",
            "svg",
            "image/svg+xml",
            "png",
            "image/png",
            "ico",
            "image/x-icon");

    private final LocalSignIn signIn;
    private final String apiBase;
    private final String imageSources;

    /**
     * @param apiBase      where the console calls review-case, e.g. {@code /review-case}
     * @param imageSources the CSP img-src origins for evidence (the template's ConsoleImageSources)
     */
    public ConsoleSite(LocalSignIn signIn, String apiBase, String imageSources) {
        this.signIn = signIn;
        this.apiBase = apiBase;
        this.imageSources = imageSources == null ? "" : imageSources.strip();
    }

    public String contentSecurityPolicy() {
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'"
                + (imageSources.isEmpty() ? "" : " " + imageSources)
                + "; connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; "
                + "frame-ancestors 'none'; object-src 'none'";
    }

    /** Handles a request whose path starts with {@code /console}; returns the status sent. */
    public int handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String method = exchange.getRequestMethod();
        securityHeaders(exchange);
        if (path.equals("/" + PREFIX)) {
            exchange.getResponseHeaders().set("Location", "/" + PREFIX + "/");
            exchange.sendResponseHeaders(302, -1);
            return 302;
        }
        String rest = path.substring(PREFIX.length() + 2);
        if (rest.equals("config.json")) {
            ObjectNode config = JSON.createObjectNode().put("api_base", apiBase).put("sign_in", "local");
            return send(exchange, 200, "application/json", config.toString().getBytes(StandardCharsets.UTF_8));
        }
        if (rest.equals("local-sign-in/people") && method.equals("GET")) {
            ArrayNode people = JSON.createArrayNode();
            signIn.people()
                    .forEach(p -> people.addObject().put("person", p.name()).put("tier", p.tier()));
            return send(exchange, 200, "application/json", people.toString().getBytes(StandardCharsets.UTF_8));
        }
        if (rest.equals("local-sign-in/token") && method.equals("POST")) {
            JsonNode body;
            try (InputStream in = exchange.getRequestBody()) {
                body = JSON.readTree(in.readNBytes(4096));
            } catch (IOException e) {
                body = null;
            }
            String person = body == null ? null : body.path("person").asText(null);
            var token = person == null ? java.util.Optional.<String>empty() : signIn.signIn(person);
            if (token.isEmpty()) {
                return send(
                        exchange,
                        403,
                        "application/json",
                        "{\"message\":\"not a configured person\"}".getBytes(StandardCharsets.UTF_8));
            }
            ObjectNode answer = JSON.createObjectNode()
                    .put("id_token", token.get())
                    .put("expires_in", LocalSignIn.LIFETIME.toSeconds())
                    .put("token_type", "Bearer");
            return send(exchange, 200, "application/json", answer.toString().getBytes(StandardCharsets.UTF_8));
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return send(exchange, 405, "text/plain; charset=utf-8", "GET only".getBytes(StandardCharsets.UTF_8));
        }
        String file = rest.isEmpty() ? "index.html" : rest;
        if (!file.matches("[A-Za-z0-9_-]+(/[A-Za-z0-9_-]+)*\\.[a-z]{2,4}")) {
            return send(exchange, 404, "text/plain; charset=utf-8", "not found".getBytes(StandardCharsets.UTF_8));
        }
        String type = TYPES.get(file.substring(file.lastIndexOf('.') + 1));
        try (InputStream in = ConsoleSite.class.getClassLoader().getResourceAsStream(PREFIX + "/" + file)) {
            if (in == null || type == null) {
                return send(exchange, 404, "text/plain; charset=utf-8", "not found".getBytes(StandardCharsets.UTF_8));
            }
            exchange.getResponseHeaders().set("Cache-Control", "no-cache");
            return send(exchange, 200, type, in.readAllBytes());
        }
    }

    private void securityHeaders(HttpExchange exchange) {
        var h = exchange.getResponseHeaders();
        h.set("Content-Security-Policy", contentSecurityPolicy());
        h.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains; preload");
        h.set("X-Frame-Options", "DENY");
        h.set("X-Content-Type-Options", "nosniff");
        h.set("Referrer-Policy", "no-referrer");
    }

    private static int send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(status, head ? -1 : body.length);
        if (!head) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        return status;
    }
}
