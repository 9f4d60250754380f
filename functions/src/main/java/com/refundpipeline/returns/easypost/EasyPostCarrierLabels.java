package com.refundpipeline.returns.easypost;

import com.fasterxml.jackson.databind.JsonNode;
import com.refundpipeline.domain.Currencies;
import com.refundpipeline.domain.ReturnLabel;
import com.refundpipeline.http.ProviderHttp;
import com.refundpipeline.json.Json;
import com.refundpipeline.returns.CarrierLabels;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Comparator;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.StreamSupport;

/**
 * Return labels through EasyPost's API (v2), with java.net.http like the Stripe client.
 *
 * <ol>
 * <li>{@code GET /v2/shipments/{id}}: the order's outbound shipment ({@code order.shipment_reference}), for the ids
 * of its addresses and parcel.</li>
 * <li>{@code POST /v2/shipments} with the same {@code to_address}, {@code from_address} and {@code parcel} and
 * {@code is_return: true}: EasyPost swaps the addresses, so the label runs from the customer back to the store; the
 * answer lists {@code rates} ({@code id}, {@code carrier}, {@code service}, {@code rate} as a decimal string,
 * {@code currency}).</li>
 * <li>{@code POST /v2/shipments/{id}/buy} with {@code {"rate": {"id": ...}}} for the lowest rate: the answer carries
 * {@code tracking_code}, {@code postage_label.label_url} and {@code selected_rate}.</li>
 * </ol>
 * The API key is HTTP Basic's user name with an empty password. 429, 5xx, timeouts and broken connections are worth
 * retrying; any other 4xx (an address EasyPost cannot rate, a shipment not found) is a refusal for good.
 */
public class EasyPostCarrierLabels implements CarrierLabels {

    private final URI apiBase;
    private final Supplier<String> apiKey;
    private final Duration timeout;
    private final HttpClient http;

    public EasyPostCarrierLabels(String apiBase, Supplier<String> apiKey, Duration timeout) {
        this.apiBase = ProviderHttp.base(apiBase);
        this.apiKey = apiKey;
        this.timeout = timeout;
        this.http = ProviderHttp.client(timeout);
    }

    @Override
    public ReturnLabel buy(LabelRequest request) {
        if (request.shipmentReference() == null || !request.shipmentReference().startsWith("shp_")) {
            throw new CarrierException("no EasyPost shipment (shp_...) to reverse for case " + request.caseId(), false);
        }
        JsonNode outbound = call(get("v2/shipments/" + request.shipmentReference()));
        Map<String, Object> shipment = new LinkedHashMap<>();
        shipment.put("to_address", Map.of("id", id(outbound.path("to_address"), "to_address")));
        shipment.put("from_address", Map.of("id", id(outbound.path("from_address"), "from_address")));
        shipment.put("parcel", Map.of("id", id(outbound.path("parcel"), "parcel")));
        shipment.put("is_return", true);
        shipment.put("reference", request.caseId());
        JsonNode created = call(post("v2/shipments", Map.of("shipment", shipment)));
        JsonNode cheapest = StreamSupport.stream(created.path("rates").spliterator(), false)
                .filter(r -> r.path("id").isTextual() && r.path("rate").isTextual())
                .min(Comparator.comparing(r -> new BigDecimal(r.path("rate").asText())))
                .orElseThrow(() -> new CarrierException(
                        "EasyPost offered no rate for the return of case " + request.caseId(), false));
        JsonNode bought = call(post(
                "v2/shipments/" + id(created, "shipment") + "/buy",
                Map.of("rate", Map.of("id", cheapest.path("id").asText()))));
        JsonNode selected = bought.path("selected_rate").isObject() ? bought.path("selected_rate") : cheapest;
        String labelUrl = bought.path("postage_label").path("label_url").asText(null);
        String tracking = bought.path("tracking_code").asText(null);
        if (labelUrl == null || tracking == null) {
            throw new CarrierException("EasyPost bought no label for case " + request.caseId(), true);
        }
        String currency = selected.path("currency").asText("USD");
        return new ReturnLabel(
                selected.path("carrier").asText("EasyPost"),
                tracking,
                labelUrl,
                minorUnits(selected.path("rate").asText("0"), currency),
                currency);
    }

    static long minorUnits(String decimal, String currency) {
        int digits = Currencies.find(currency)
                .map(Currency::getDefaultFractionDigits)
                .orElse(2);
        return new BigDecimal(decimal).movePointRight(digits).longValueExact();
    }

    private static String id(JsonNode node, String what) {
        String id = node.path("id").asText(null);
        if (id == null || id.isBlank()) {
            throw new CarrierException("EasyPost's answer has no " + what + " id", false);
        }
        return id;
    }

    private HttpRequest.Builder authorized(String path) {
        String basic = Base64.getEncoder().encodeToString((apiKey.get() + ":").getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(apiBase.resolve(path))
                .timeout(timeout)
                .header("Authorization", "Basic " + basic)
                .header("Accept", "application/json");
    }

    private HttpRequest get(String path) {
        return authorized(path).GET().build();
    }

    private HttpRequest post(String path, Object body) {
        return authorized(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body)))
                .build();
    }

    private JsonNode call(HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new CarrierException("EasyPost unreachable: " + e.getClass().getSimpleName(), true, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CarrierException("interrupted while calling EasyPost", true, e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return Json.read(response.body(), JsonNode.class);
        }
        String code = errorCode(response.body());
        boolean retryable = status == 429 || status >= 500;
        throw new CarrierException(
                "EasyPost answered " + status + (code == null ? "" : " " + code) + " to " + request.method() + " "
                        + request.uri().getPath(),
                retryable);
    }

    private static String errorCode(String body) {
        try {
            return Json.read(body, JsonNode.class).path("error").path("code").asText(null);
        } catch (RuntimeException notJson) {
            return null;
        }
    }
}
