package com.refundpipeline.localstack.aws;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Sends payout-webhook a Stripe refund event as Stripe would: a JSON event whose refund names our payout by the
 * idempotency key in its metadata ({@code refund-<case>-<attempt>}), signed with Stripe's scheme
 * {@code Stripe-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>}.
 */
public final class StripeWebhookSender {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI url;

    /** @param url payout-webhook's URL for Stripe, e.g. http://localhost:8080/payout-webhook/stripe */
    public StripeWebhookSender(URI url) {
        this.url = url;
    }

    /** A refund event for the payout of {@code caseId}'s attempt; status succeeded unless the type is refund.failed. */
    public static String refundEvent(String caseId, int attempt, String type, String status, Instant at) {
        ObjectNode event = JSON.createObjectNode();
        event.put(
                "id",
                "evt_local_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24));
        event.put("object", "event");
        event.put("type", type);
        event.put("created", at.getEpochSecond());
        event.put("livemode", false);
        ObjectNode refund = event.putObject("data").putObject("object");
        refund.put(
                "id",
                "re_local_"
                        + UUID.nameUUIDFromBytes((caseId + "-" + attempt).getBytes(StandardCharsets.UTF_8))
                                .toString()
                                .replace("-", "")
                                .substring(0, 16));
        refund.put("object", "refund");
        refund.put("status", status);
        if (status.equals("failed")) {
            refund.put("failure_reason", "expired_or_canceled_card");
        }
        refund.putObject("metadata")
                .put("idempotency_key", "refund-" + caseId + "-" + attempt)
                .put("case_id", caseId);
        return event.toString();
    }

    /** Stripe's Stripe-Signature header for {@code body} at {@code at}. */
    public static String signature(String secret, String body, Instant at) {
        long t = at.getEpochSecond();
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
            return "t=" + t + ",v1=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /** Posts {@code body} with {@code signatureHeader} (none when null). */
    public HttpResponse<String> send(String body, String signatureHeader) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(url)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (signatureHeader != null) {
            request.header("Stripe-Signature", signatureHeader);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
