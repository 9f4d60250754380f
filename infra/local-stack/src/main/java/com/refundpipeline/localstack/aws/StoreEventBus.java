package com.refundpipeline.localstack.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.refundpipeline.localstack.Console;
import com.refundpipeline.localstack.HttpReplies;
import com.refundpipeline.localstack.LoopbackHttp;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The stand-in for the stack's EventBridge bus (ADR 0034): PutEvents of the JSON 1.1 protocol
 * ({@code X-Amz-Target: AWSEvents.PutEvents}), each entry kept, shown on the console and listed as JSON by
 * {@link #list} (the gateway serves it at {@code GET /store-events}), so a demo sees what the store would receive.
 */
public final class StoreEventBus implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<ObjectNode> events = new CopyOnWriteArrayList<>();

    private StoreEventBus(HttpServer server) {
        this.server = server;
    }

    public static StoreEventBus start() throws IOException {
        StoreEventBus bus = new StoreEventBus(LoopbackHttp.server(0, 64));
        bus.server.setExecutor(bus.executor);
        bus.server.createContext("/", bus::putEvents);
        bus.server.start();
        return bus;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Every event put so far, oldest first: Source, DetailType, EventBusName, the Detail parsed, and when. */
    public List<ObjectNode> events() {
        return List.copyOf(events);
    }

    /** {@code GET /store-events} on the gateway. */
    public void list(HttpExchange exchange) throws IOException {
        try (exchange) {
            ArrayNode all = JSON.createArrayNode();
            events.forEach(all::add);
            HttpReplies.send(
                    exchange,
                    200,
                    "application/json",
                    JSON.writerWithDefaultPrettyPrinter()
                            .writeValueAsString(JSON.createObjectNode().set("events", all)));
        }
    }

    private void putEvents(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode request;
            try (InputStream in = exchange.getRequestBody()) {
                request = JSON.readTree(in);
            }
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            if (!"POST".equals(exchange.getRequestMethod())
                    || !"AWSEvents.PutEvents".equals(target)
                    || request == null
                    || !request.path("Entries").isArray()) {
                HttpReplies.send(
                        exchange,
                        400,
                        "application/x-amz-json-1.1",
                        "{\"__type\":\"ValidationException\",\"message\":\"only PutEvents is served locally\"}");
                return;
            }
            ArrayNode answers = JSON.createArrayNode();
            for (JsonNode entry : request.path("Entries")) {
                String id = UUID.randomUUID().toString();
                ObjectNode kept = JSON.createObjectNode();
                kept.put("id", id);
                kept.put("time", Instant.now().toString());
                kept.put("source", entry.path("Source").asText());
                kept.put("detail_type", entry.path("DetailType").asText());
                kept.put("event_bus_name", entry.path("EventBusName").asText());
                kept.set("detail", JSON.readTree(entry.path("Detail").asText("{}")));
                events.add(kept);
                Console.info("store-events | " + kept.path("detail_type").asText() + " "
                        + kept.path("detail").path("event_id").asText() + " on "
                        + kept.path("event_bus_name").asText());
                answers.add(JSON.createObjectNode().put("EventId", id));
            }
            ObjectNode answer = JSON.createObjectNode().put("FailedEntryCount", 0);
            answer.set("Entries", answers);
            HttpReplies.send(exchange, 200, "application/x-amz-json-1.1", JSON.writeValueAsString(answer));
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
