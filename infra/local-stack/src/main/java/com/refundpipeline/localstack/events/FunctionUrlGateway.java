package com.refundpipeline.localstack.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.refundpipeline.localstack.Console;
import com.refundpipeline.localstack.HttpReplies;
import com.refundpipeline.localstack.LoopbackHttp;
import com.refundpipeline.localstack.console.ConsoleSite;
import com.refundpipeline.localstack.console.LocalSignIn;
import com.refundpipeline.localstack.lambda.InvokeResult;
import com.refundpipeline.localstack.lambda.LocalFunction;
import com.refundpipeline.localstack.template.StackTemplate;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The function URLs: {@code http://localhost:PORT/<name>/...} invokes the function whose local name is
 * {@code <name>} with the rest of the path as rawPath. The URL's AuthType is honoured in the event's request context
 * but not enforced: requests are not SigV4-checked locally.
 */
public final class FunctionUrlGateway implements AutoCloseable {

    /** A function URL's request payload limit. */
    private static final int MAX_BODY = 6 * 1024 * 1024;
    /** How long a request waits for a busy or starting function process. */
    private static final Duration QUEUE_WAIT = Duration.ofSeconds(60);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, LocalFunction> functions = new LinkedHashMap<>();
    private final String accountId;
    private volatile ConsoleSite site;
    private volatile LocalSignIn signIn;
    private final Map<String, com.sun.net.httpserver.HttpHandler> standIns =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Binds the port at once (so a busy port fails early and port 0 is resolved); serves after {@link #start}. */
    public FunctionUrlGateway(int port, String accountId) throws IOException {
        this.accountId = accountId;
        try {
            server = LoopbackHttp.server(port, 64);
        } catch (BindException e) {
            throw new BindException("port " + port + " is in use; choose another with --port");
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public void start(List<LocalFunction> withUrls) {
        withUrls.forEach(f -> functions.put(f.name(), f));
        server.start();
    }

    /**
     * Before {@link #start}: serve {@code /<name>/...} with a stand-in's own handler (the store's event list, the
     * sandbox carrier's labels) rather than a function.
     */
    public void standIn(String name, com.sun.net.httpserver.HttpHandler handler) {
        standIns.put(name, handler);
    }

    /** Before {@link #start}: serve the console and guard the HTTP API's routes with the local sign-in. */
    public void console(ConsoleSite site, LocalSignIn signIn) {
        this.site = site;
        this.signIn = signIn;
    }

    private void handle(HttpExchange exchange) throws IOException {
        long start = System.nanoTime();
        try (exchange) {
            String path = exchange.getRequestURI().getRawPath();
            String[] parts = path.split("/", 3);
            String name = parts.length > 1 ? parts[1] : "";
            LocalFunction function = functions.get(name);
            if (function == null && standIns.containsKey(name)) {
                standIns.get(name).handle(exchange);
                Console.info(String.format("%s %s (stand-in)", exchange.getRequestMethod(), path));
                return;
            }
            if (site != null && function == null && name.equals(ConsoleSite.PREFIX)) {
                int status = site.handle(exchange);
                Console.info(String.format("%s %s -> %d", exchange.getRequestMethod(), path, status));
                return;
            }
            if (function == null) {
                sendJson(exchange, name.isEmpty() ? 200 : 404, index(exchange, name));
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readNBytes(MAX_BODY + 1);
            }
            if (body.length > MAX_BODY) {
                sendJson(
                        exchange,
                        413,
                        JSON.createObjectNode()
                                .put(
                                        "Message",
                                        "Request must be smaller than " + MAX_BODY
                                                + " bytes for the InvokeFunction operation"));
                return;
            }
            String rawPath = parts.length > 2 ? "/" + parts[2] : "/";
            String rawQuery = exchange.getRequestURI().getRawQuery();
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            exchange.getRequestHeaders().forEach((k, values) -> values.forEach(v -> headers.add(Map.entry(k, v))));
            headers.add(Map.entry(
                    "x-forwarded-for", exchange.getRemoteAddress().getAddress().getHostAddress()));
            headers.add(Map.entry("x-forwarded-proto", "http"));
            headers.add(Map.entry("x-forwarded-port", Integer.toString(port())));
            var request = new FunctionUrlEvents.Request(
                    exchange.getRequestMethod(),
                    rawPath,
                    rawQuery == null ? "" : rawQuery,
                    headers,
                    body,
                    exchange.getRemoteAddress().getAddress().getHostAddress(),
                    exchange.getProtocol());
            boolean iam = function.spec()
                    .url()
                    .map(u -> u.authType().equals("AWS_IAM"))
                    .orElse(false);
            ObjectNode event = FunctionUrlEvents.event(
                    request,
                    urlId(function.spec().functionName()),
                    new FunctionUrlEvents.Caller(iam ? accountId : "anonymous", iam),
                    Instant.now());
            if (function.spec()
                    .url()
                    .map(u -> u.authType().equals(StackTemplate.FunctionUrl.JWT))
                    .orElse(false)) {
                // As API Gateway's JWT authorizer: no valid token, no invocation; a valid one, its claims in the event.
                LocalSignIn.Verdict verdict = signIn == null
                        ? new LocalSignIn.Verdict(null, "no sign-in")
                        : signIn.verify(exchange.getRequestHeaders().getFirst("Authorization"));
                if (!verdict.ok()) {
                    exchange.getResponseHeaders().set("www-authenticate", "Bearer");
                    sendJson(exchange, 401, JSON.createObjectNode().put("message", "Unauthorized"));
                    Console.info(
                            String.format("%s %s -> 401 (%s)", exchange.getRequestMethod(), path, verdict.refusal()));
                    return;
                }
                ObjectNode jwt =
                        event.with("requestContext").putObject("authorizer").putObject("jwt");
                ObjectNode claims = jwt.putObject("claims");
                verdict.claims().forEach(claims::put);
                jwt.putNull("scopes");
            }

            InvokeResult result = function.invoke(JSON.writeValueAsBytes(event), QUEUE_WAIT);
            FunctionUrlEvents.Response response = FunctionUrlEvents.response(result);
            response.headers().forEach(h -> exchange.getResponseHeaders().add(h.getKey(), h.getValue()));
            boolean noBody =
                    response.body().length == 0 || exchange.getRequestMethod().equals("HEAD");
            exchange.sendResponseHeaders(response.status(), noBody ? -1 : response.body().length);
            if (!noBody) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(response.body());
                }
            }
            String line = String.format(
                    "%s %s -> %d (%d ms)",
                    exchange.getRequestMethod(),
                    exchange.getRequestURI(),
                    response.status(),
                    (System.nanoTime() - start) / 1_000_000);
            Console.info(result.isError() ? line + ": " + result : line);
        }
    }

    private ObjectNode index(HttpExchange exchange, String name) {
        String host = exchange.getRequestHeaders().getFirst("Host");
        String base = "http://" + (host == null ? "localhost:" + port() : host) + "/";
        ObjectNode body = JSON.createObjectNode();
        if (!name.isEmpty()) {
            body.put("Message", "no function URL named '" + name + "'");
        }
        ObjectNode urls = body.putObject("functionUrls");
        functions.keySet().forEach(n -> urls.put(n, base + n + "/"));
        return body;
    }

    /** A stable 32-character id per function, shaped like a function URL's id. */
    static String urlId(String functionName) {
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
                    .digest(functionName.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void sendJson(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        HttpReplies.send(exchange, status, "application/json", body.toString());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
