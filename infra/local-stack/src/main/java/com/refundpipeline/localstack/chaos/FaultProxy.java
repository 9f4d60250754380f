package com.refundpipeline.localstack.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.refundpipeline.localstack.chaos.Faults.Kind;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A proxy in front of DynamoDB Local or ElasticMQ, a sibling of the bench's counting proxy, that injects faults at
 * the rates of {@link Faults}: throttling and 500s answered in the service's own error shape (the SDK retries them
 * as it would AWS's), writes applied whose answer is lost, and for SQS messages sent twice, sent late, received with
 * a very short visibility timeout, and old messages replayed. Everyone the stack points at DynamoDB and SQS calls
 * through it (functions, event source pollers); the chaos run's own reads go straight to the servers.
 */
final class FaultProxy implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection", "content-length", "expect", "host", "upgrade", "transfer-encoding", "keep-alive", "date");
    private static final Set<String> DYNAMODB_WRITES =
            Set.of("PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem");

    @SuppressWarnings("ArrayRecordComponent") // never compared or hashed: the bytes are only sent again
    private record Sent(String method, URI uri, Map<String, List<String>> headers, byte[] body) {}

    private final String service;
    private final URI target;
    private final Faults faults;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService replays = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "chaos-replay");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(executor)
            .build();
    private final List<Sent> history = new ArrayList<>();

    FaultProxy(String service, URI target, Faults faults) throws IOException {
        this.service = service;
        this.target = target;
        this.faults = faults;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.setExecutor(executor);
        server.createContext("/", this::forward);
        server.start();
        if (service.equals("sqs")) {
            var unused = replays.scheduleWithFixedDelay(this::replayOld, 1, 1, TimeUnit.SECONDS);
        }
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    URI target() {
        return target;
    }

    private void forward(HttpExchange exchange) throws IOException {
        try (exchange;
                InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            boolean json = exchange.getRequestHeaders().getFirst("X-Amz-Target") != null;
            String operation = operation(exchange, body);
            if (service.equals("customer-channels")) {
                if (faults.roll(Kind.CHANNEL_FAILURE)) {
                    channelError(exchange, faults.nextInt(2) == 0);
                    return;
                }
            } else {
                if (fault(exchange, json)) {
                    return;
                }
            }
            boolean dynamoDb = service.equals("dynamodb");
            boolean send = operation.equals("SendMessage");
            if (!dynamoDb && send && faults.roll(Kind.SQS_LATE_SEND)) {
                body = with(body, json, "DelaySeconds", 1 + faults.nextInt(10));
            }
            if (!dynamoDb && operation.equals("ReceiveMessage") && faults.roll(Kind.SQS_SHORT_VISIBILITY)) {
                body = with(body, json, "VisibilityTimeout", 1);
            }
            Sent request = new Sent(
                    exchange.getRequestMethod(),
                    target.resolve(exchange.getRequestURI()),
                    Map.copyOf(exchange.getRequestHeaders()),
                    body);
            HttpResponse<byte[]> response = send(request);
            if (response == null) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            if (!dynamoDb && send && response.statusCode() == 200) {
                remember(request);
                if (faults.roll(Kind.SQS_DUPLICATE_SEND)) {
                    send(request);
                }
            }
            boolean dropAnswer =
                    dynamoDb && DYNAMODB_WRITES.contains(operation) && faults.roll(Kind.DYNAMODB_TIMEOUT_AFTER_WRITE);
            response.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            byte[] answer = response.body();
            if (dropAnswer) {
                // The write is done; the caller sees the connection die half-way through the answer.
                exchange.sendResponseHeaders(response.statusCode(), answer.length + 64L);
                exchange.getResponseBody().write(answer, 0, answer.length / 2);
                exchange.getResponseBody().flush();
                throw new IOException("answer dropped on purpose");
            }
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
        }
    }

    /** DynamoDB's and SQS's throttling and 500s, answered in the service's own error shape; true when answered. */
    private boolean fault(HttpExchange exchange, boolean json) throws IOException {
        boolean dynamoDb = service.equals("dynamodb");
        if (faults.roll(dynamoDb ? Kind.DYNAMODB_THROTTLE : Kind.SQS_THROTTLE)) {
            boolean provisioned = faults.nextInt(2) == 0;
            error(
                    exchange,
                    400,
                    dynamoDb
                            ? (provisioned ? "ProvisionedThroughputExceededException" : "ThrottlingException")
                            : "ThrottlingException",
                    json,
                    dynamoDb);
            return true;
        }
        if (faults.roll(dynamoDb ? Kind.DYNAMODB_500 : Kind.SQS_500)) {
            error(exchange, 500, dynamoDb ? "InternalServerError" : "InternalError", json, dynamoDb);
            return true;
        }
        return false;
    }

    /**
     * The SES/SNS stand-in refusing a send as SES and SNS do when busy: a 500, or throttling (SES v2's 429
     * TooManyRequestsException, SNS's 400 Throttling). The channels take both as "try again later".
     */
    private static void channelError(HttpExchange exchange, boolean throttle) throws IOException {
        boolean ses = exchange.getRequestURI().getPath().startsWith("/v2/email");
        byte[] answer;
        int status;
        if (ses) {
            status = throttle ? 429 : 500;
            String code = throttle ? "TooManyRequestsException" : "InternalFailure";
            answer = JSON.writeValueAsBytes(Map.of("message", "injected by the chaos run"));
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("x-amzn-ErrorType", code);
        } else {
            status = throttle ? 400 : 500;
            String code = throttle ? "Throttling" : "InternalError";
            answer = xmlError(throttle ? 400 : 500, code);
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
        }
        exchange.sendResponseHeaders(status, answer.length);
        exchange.getResponseBody().write(answer);
    }

    private HttpResponse<byte[]> send(Sent sent) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(sent.uri())
                .timeout(Duration.ofSeconds(60))
                .method(sent.method(), HttpRequest.BodyPublishers.ofByteArray(sent.body()));
        sent.headers().forEach((name, values) -> {
            if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                values.forEach(v -> request.header(name, v));
            }
        });
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private void remember(Sent sent) {
        synchronized (history) {
            if (history.size() >= 1000) {
                history.remove(0);
            }
            history.add(sent);
        }
    }

    /** Now and then sends an old message again, as a late redelivery would bring it. */
    private void replayOld() {
        try {
            Sent old = null;
            synchronized (history) {
                if (!history.isEmpty() && faults.roll(Kind.SQS_REPLAY_OLD)) {
                    old = history.get(faults.nextInt(history.size()));
                }
            }
            if (old != null) {
                send(old);
            }
        } catch (IOException | RuntimeException e) {
            // A replay that fails is one fewer fault; nothing to do.
        }
    }

    private static byte[] with(byte[] body, boolean json, String field, int value) {
        if (json) {
            try {
                JsonNode node = JSON.readTree(body);
                if (node instanceof ObjectNode object) {
                    object.put(field, value);
                    return JSON.writeValueAsBytes(object);
                }
            } catch (IOException e) {
                // Not JSON after all: forwarded as it came.
            }
            return body;
        }
        String form = new String(body, StandardCharsets.UTF_8).replaceAll("(^|&)" + field + "=[^&]*", "");
        return (form + "&" + field + "=" + value).getBytes(StandardCharsets.UTF_8);
    }

    private static void error(HttpExchange exchange, int status, String code, boolean json, boolean dynamoDb)
            throws IOException {
        byte[] answer;
        if (json) {
            String type = dynamoDb ? "com.amazonaws.dynamodb.v20120810#" + code : "com.amazonaws.sqs#" + code;
            answer = JSON.writeValueAsBytes(Map.of("__type", type, "message", "injected by the chaos run"));
            exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.0");
            if (!dynamoDb) {
                exchange.getResponseHeaders()
                        .set("x-amzn-query-error", code + ";" + (status < 500 ? "Sender" : "Receiver"));
            }
        } else {
            answer = xmlError(status, code);
            exchange.getResponseHeaders().set("Content-Type", "text/xml");
        }
        exchange.sendResponseHeaders(status, answer.length);
        exchange.getResponseBody().write(answer);
    }

    /** An AWS query-protocol error (SQS's and SNS's XML). */
    private static byte[] xmlError(int status, String code) {
        return ("<ErrorResponse><Error><Type>" + (status < 500 ? "Sender" : "Receiver") + "</Type><Code>" + code
                        + "</Code><Message>injected by the chaos run</Message></Error><RequestId>chaos</RequestId>"
                        + "</ErrorResponse>")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String operation(HttpExchange exchange, byte[] body) {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (target != null) {
            return target.substring(target.indexOf('.') + 1);
        }
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            if (pair.startsWith("Action=")) {
                return pair.substring("Action=".length());
            }
        }
        return "unknown";
    }

    @Override
    public void close() {
        replays.shutdownNow();
        server.stop(0);
        executor.shutdownNow();
    }
}
