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
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The carrier as a server of its own, speaking the part of EasyPost's API (v2) that EasyPostCarrierLabels uses: the
 * outbound shipment ({@code GET /v2/shipments/{id}}), a return shipment with its rates ({@code POST /v2/shipments}),
 * and its purchase ({@code POST /v2/shipments/{id}/buy}: tracking code, label URL, selected rate), with the shapes of
 * EasyPost's API reference. At {@link Kind#CARRIER_LABEL_FAILURE}'s rate a call answers 500, 429 or not within the
 * client's timeout; the return must then get its label later or wait visibly, never be lost. A shipment bought
 * twice answers the same label, as EasyPost refuses to buy a shipment twice.
 */
final class ChaosCarrier implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Faults faults;
    private final Duration clientTimeout;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final AtomicLong sequence = new AtomicLong();
    private final Map<String, ObjectNode> bought = new ConcurrentHashMap<>();
    private final AtomicLong labels = new AtomicLong();

    ChaosCarrier(Faults faults, Duration clientTimeout) throws IOException {
        this.faults = faults;
        this.clientTimeout = clientTimeout;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
        server.setExecutor(executor);
        server.createContext("/v2/shipments", this::shipments);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** Labels bought (each shipment once). */
    long labelsBought() {
        return labels.get();
    }

    private void shipments(HttpExchange exchange) throws IOException {
        try (exchange;
                InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            if (faults.roll(Kind.CARRIER_LABEL_FAILURE)) {
                switch (faults.nextInt(3)) {
                    case 0 ->
                        ChaosProvider.answer(
                                exchange, 500, error("INTERNAL_SERVER_ERROR", "injected by the chaos run"));
                    case 1 -> ChaosProvider.answer(exchange, 429, error("RATE_LIMITED", "injected by the chaos run"));
                    default -> {
                        ChaosProvider.sleep(clientTimeout.plusMillis(500));
                        ChaosProvider.answer(exchange, 500, error("TIMEOUT", "the caller gave up"));
                    }
                }
                return;
            }
            String path = exchange.getRequestURI().getPath();
            String[] parts = path.split("/");
            // "", "v2", "shipments", [id], ["buy"]
            if (exchange.getRequestMethod().equals("GET") && parts.length == 4) {
                ObjectNode outbound = JSON.createObjectNode();
                outbound.put("id", parts[3]);
                outbound.put("object", "Shipment");
                outbound.putObject("to_address").put("id", "adr_to_" + parts[3]);
                outbound.putObject("from_address").put("id", "adr_from_" + parts[3]);
                outbound.putObject("parcel").put("id", "prcl_" + parts[3]);
                ChaosProvider.answer(exchange, 200, outbound);
            } else if (exchange.getRequestMethod().equals("POST") && parts.length == 3) {
                JsonNode request = JSON.readTree(body).path("shipment");
                String id = "shp_ret_" + sequence.incrementAndGet();
                ObjectNode created = JSON.createObjectNode();
                created.put("id", id);
                created.put("object", "Shipment");
                created.put("is_return", true);
                created.put("reference", request.path("reference").asText());
                ObjectNode rate = created.putArray("rates").addObject();
                rate.put("id", "rate_" + id);
                rate.put("object", "Rate");
                rate.put("carrier", "USPS");
                rate.put("service", "GroundAdvantage");
                rate.put("rate", "7.50");
                rate.put("currency", "USD");
                rate.put("shipment_id", id);
                ChaosProvider.answer(exchange, 200, created);
            } else if (exchange.getRequestMethod().equals("POST") && parts.length == 5 && parts[4].equals("buy")) {
                String id = parts[3];
                ObjectNode label = bought.computeIfAbsent(id, k -> {
                    labels.incrementAndGet();
                    ObjectNode b = JSON.createObjectNode();
                    b.put("id", k);
                    b.put("object", "Shipment");
                    b.put("tracking_code", "EZ" + k.toUpperCase(Locale.ROOT).replace("_", ""));
                    b.putObject("postage_label").put("label_url", "https://example.com/labels/" + k + ".pdf");
                    ObjectNode selected = b.putObject("selected_rate");
                    selected.put("id", "rate_" + k);
                    selected.put("carrier", "USPS");
                    selected.put("service", "GroundAdvantage");
                    selected.put("rate", "7.50");
                    selected.put("currency", "USD");
                    return b;
                });
                ChaosProvider.answer(exchange, 200, label);
            } else {
                ChaosProvider.answer(exchange, 404, error("NOT_FOUND", "no such shipment call: " + path));
            }
        } catch (RuntimeException e) {
            ChaosProvider.answer(exchange, 500, error("INTERNAL_SERVER_ERROR", String.valueOf(e)));
        }
    }

    private static ObjectNode error(String code, String message) {
        ObjectNode node = JSON.createObjectNode();
        node.putObject("error").put("code", code).put("message", message);
        return node;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
