package com.refundpipeline.payout.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import com.refundpipeline.http.ProviderHttp;
import com.refundpipeline.json.Json;
import com.refundpipeline.payout.PaymentGateway;
import com.refundpipeline.payout.PaymentOutcomeUnknownException;
import com.refundpipeline.payout.PaymentProviderBusyException;
import com.refundpipeline.payout.PaymentProviderConfigurationException;
import com.refundpipeline.payout.PaymentResult;
import com.refundpipeline.payout.RefundInstruction;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * Refunds to the original payment through Stripe's API, with java.net.http (no SDK, nothing to register for a
 * native image).
 *
 * <ul>
 * <li>{@code POST /v1/refunds}, form-encoded: {@code payment_intent} (or {@code charge} for a {@code ch_}
 * reference), {@code amount} in minor units, {@code metadata[case_id]} and {@code metadata[idempotency_key]}; the
 * payout's key goes in the {@code Idempotency-Key} header, so Stripe makes one refund however often it is sent.</li>
 * <li>Stripe has no lookup by idempotency key, and keeps keys for 24 hours only: {@link #find} lists the payment's
 * refunds ({@code GET /v1/refunds?payment_intent=...}) and matches {@code metadata[idempotency_key]}.</li>
 * <li>Statuses: {@code succeeded}; {@code pending} and {@code requires_action} are not settled yet;
 * {@code failed} (with Stripe's {@code failure_reason}) and {@code canceled} are final refusals.</li>
 * <li>429: Stripe did nothing; retried through the queue. 5xx, 409 (the same key in flight), an
 * {@code idempotency_error}, a timeout or a broken connection: the refund may exist, so the outcome is unknown and
 * is reconciled by {@link #find} before anything else. 401/403: our key is wrong, which no retry fixes by itself.
 * Other 4xx ({@code charge_already_refunded}, {@code amount_too_large}...): Stripe refused for good, with its
 * code as the reason.</li>
 * </ul>
 */
public class StripePaymentGateway implements PaymentGateway {

    private static final Logger LOG = Logger.getLogger(StripePaymentGateway.class);
    /** A payment with more refunds than this is not one of ours to reconcile automatically. */
    private static final int MAX_PAGES = 10;

    private final URI apiBase;
    private final Supplier<String> secretKey;
    private final Duration timeout;
    private final HttpClient http;

    public StripePaymentGateway(String apiBase, Supplier<String> secretKey, Duration timeout) {
        this.apiBase = ProviderHttp.base(apiBase);
        this.secretKey = secretKey;
        this.timeout = timeout;
        this.http = ProviderHttp.client(timeout);
    }

    @Override
    public PaymentResult refund(RefundInstruction instruction) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put(paymentParameter(instruction.paymentReference()), instruction.paymentReference());
        form.put("amount", Long.toString(instruction.amount()));
        form.put("metadata[case_id]", instruction.caseId());
        form.put("metadata[idempotency_key]", instruction.idempotencyKey());
        HttpRequest request = authorized(apiBase.resolve("v1/refunds"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Idempotency-Key", instruction.idempotencyKey())
                .POST(HttpRequest.BodyPublishers.ofString(encode(form)))
                .build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpTimeoutException e) {
            throw new PaymentOutcomeUnknownException(
                    "stripe: no answer within " + timeout + " for refund " + instruction.idempotencyKey(), e);
        } catch (IOException e) {
            if (isUnauthorized(e)) {
                throw unauthorized(401);
            }
            throw new PaymentOutcomeUnknownException(
                    "stripe: connection failed for refund " + instruction.idempotencyKey() + ": "
                            + e.getClass().getSimpleName(),
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PaymentOutcomeUnknownException(
                    "stripe: interrupted during refund " + instruction.idempotencyKey(), e);
        }
        int status = response.statusCode();
        if (status == 200) {
            return toResult(Json.read(response.body(), JsonNode.class));
        }
        JsonNode error = errorOf(response.body());
        String type = error.path("type").asText("");
        String code = error.path("code").asText("");
        String requestId = response.headers().firstValue("Request-Id").orElse("-");
        if (status == 429) {
            throw new PaymentProviderBusyException("stripe: rate limited (429, request " + requestId + ")");
        }
        if (status >= 500 || status == 409 || "idempotency_error".equals(type)) {
            throw new PaymentOutcomeUnknownException(
                    "stripe: " + status + " " + (type.isEmpty() ? "" : type + " ") + "for refund "
                            + instruction.idempotencyKey() + " (request " + requestId + ")",
                    null);
        }
        if (status == 401 || status == 403) {
            throw unauthorized(status);
        }
        String reason = !code.isEmpty()
                ? code
                : !error.path("decline_code").asText("").isEmpty()
                        ? error.path("decline_code").asText()
                        : !type.isEmpty() ? type : "http_" + status;
        LOG.warnf(
                "stripe refused refund %s: %d %s (request %s)",
                instruction.idempotencyKey(), status, reason, requestId);
        return new PaymentResult(PaymentResult.Status.FAILED, null, reason);
    }

    @Override
    public Optional<PaymentResult> find(RefundInstruction instruction) {
        String parameter = paymentParameter(instruction.paymentReference());
        String startingAfter = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            Map<String, String> query = new LinkedHashMap<>();
            query.put(parameter, instruction.paymentReference());
            query.put("limit", "100");
            if (startingAfter != null) {
                query.put("starting_after", startingAfter);
            }
            JsonNode list = get(apiBase.resolve("v1/refunds?" + encode(query)), instruction.idempotencyKey());
            JsonNode data = list.path("data");
            for (JsonNode refund : data) {
                if (instruction
                        .idempotencyKey()
                        .equals(refund.path("metadata").path("idempotency_key").asText())) {
                    return Optional.of(toResult(refund));
                }
            }
            if (!list.path("has_more").asBoolean(false) || data.isEmpty()) {
                return Optional.empty();
            }
            startingAfter = data.get(data.size() - 1).path("id").asText();
        }
        throw new PaymentOutcomeUnknownException(
                "stripe: more than " + MAX_PAGES * 100 + " refunds on " + instruction.paymentReference()
                        + "; reconcile " + instruction.idempotencyKey() + " by hand",
                null);
    }

    private JsonNode get(URI uri, String key) {
        HttpResponse<String> response;
        try {
            response = http.send(authorized(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            if (isUnauthorized(e)) {
                throw unauthorized(401);
            }
            throw new PaymentProviderBusyException("stripe: could not list refunds to reconcile " + key + ": "
                    + e.getClass().getSimpleName());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PaymentProviderBusyException("stripe: interrupted while reconciling " + key);
        }
        int status = response.statusCode();
        if (status == 200) {
            return Json.read(response.body(), JsonNode.class);
        }
        if (status == 401 || status == 403) {
            throw unauthorized(status);
        }
        // Until Stripe answers, nothing is known: the payout stays as it is and the queue asks again.
        throw new PaymentProviderBusyException("stripe: " + status + " while reconciling " + key);
    }

    /** Maps a Stripe refund object to what the pipeline needs to know. */
    public static PaymentResult toResult(JsonNode refund) {
        String id = refund.path("id").asText(null);
        String status = refund.path("status").asText("");
        return switch (status) {
            case "succeeded" -> new PaymentResult(PaymentResult.Status.SUCCEEDED, id, null);
            case "failed" ->
                new PaymentResult(
                        PaymentResult.Status.FAILED,
                        id,
                        refund.path("failure_reason").asText("unknown"));
            case "canceled" -> new PaymentResult(PaymentResult.Status.FAILED, id, "canceled");
            case "pending", "requires_action" -> new PaymentResult(PaymentResult.Status.PENDING, id, null);
            default -> {
                LOG.warnf("stripe refund %s has status '%s', taken as not settled yet", id, status);
                yield new PaymentResult(PaymentResult.Status.PENDING, id, null);
            }
        };
    }

    /** java.net.http turns a 401 without a WWW-Authenticate header into an IOException. */
    private static boolean isUnauthorized(IOException e) {
        return e.getMessage() != null && e.getMessage().contains("WWW-Authenticate");
    }

    private static PaymentProviderConfigurationException unauthorized(int status) {
        return new PaymentProviderConfigurationException(
                "stripe: " + status + ": the secret key was refused or lacks the permission for refunds");
    }

    private HttpRequest.Builder authorized(URI uri) {
        return HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Authorization", "Bearer " + secretKey.get())
                .header("Accept", "application/json");
    }

    private static String paymentParameter(String reference) {
        if (reference == null || reference.isBlank()) {
            throw new IllegalArgumentException("the order has no payment_reference to refund");
        }
        return reference.startsWith("ch_") || reference.startsWith("py_") ? "charge" : "payment_intent";
    }

    private static JsonNode errorOf(String body) {
        try {
            return Json.read(body, JsonNode.class).path("error");
        } catch (RuntimeException notJson) {
            return Json.MAPPER.createObjectNode();
        }
    }

    static String encode(Map<String, String> form) {
        return form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
