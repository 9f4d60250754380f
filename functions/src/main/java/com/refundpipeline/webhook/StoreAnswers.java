package com.refundpipeline.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.refundpipeline.config.PipelineConfig;
import com.refundpipeline.domain.Refusal;
import com.refundpipeline.domain.ReplacementShipment;
import com.refundpipeline.http.FunctionUrlRequest;
import com.refundpipeline.http.FunctionUrlResponse;
import com.refundpipeline.json.Json;
import com.refundpipeline.orders.ReplacementConfirmations;
import com.refundpipeline.payout.stripe.Secrets;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;

/**
 * {@code POST /store} on carrier-webhook's URL: the store's order system answers a {@code replacement.requested}
 * event. The {@code Store-Signature} header is {@code t=<unix seconds>,v1=<hex>}, an HMAC-SHA256 of
 * {@code "<t>.<raw body>"} with the shared secret (Stripe's scheme, {@link StripeSignature}), within the tolerance of
 * now; it is checked before the body is read. The body:
 * {@code {"type": "replacement_shipped", "case_id": "rc_...", "carrier": "UPS", "tracking_code": "1Z..."}} or
 * {@code {"type": "out_of_stock", "case_id": "rc_..."}}. Bad input is refused with its code and field and nothing
 * written; a replay, a late or contradicting answer and an unknown case answer 200 and change nothing.
 */
@ApplicationScoped
public class StoreAnswers {

    private static final Logger LOG = Logger.getLogger(StoreAnswers.class);
    static final String ROUTE = "/store";
    static final String HEADER = "Store-Signature";
    private static final Pattern CASE_ID = Pattern.compile("rc_[0-9a-f]{20}");
    /** Carrier names and tracking codes: printable, no markup, short. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}");

    private final ReplacementConfirmations confirmations;
    private final PipelineConfig.Store store;
    private final Clock clock;
    private final Secrets secrets = new Secrets();

    public StoreAnswers(ReplacementConfirmations confirmations, PipelineConfig config, Clock clock) {
        this.confirmations = confirmations;
        this.store = config.store();
        this.clock = clock;
    }

    FunctionUrlResponse handle(FunctionUrlRequest request) {
        String secret = secrets.resolve(
                store.webhookSecret(),
                store.webhookSecretId(),
                "webhook_secret",
                "REFUNDS_STORE_WEBHOOK_SECRET or REFUNDS_STORE_WEBHOOK_SECRET_ID");
        String body = new String(request.bodyBytes(), StandardCharsets.UTF_8);
        try {
            StripeSignature.verify(body, request.header(HEADER), secret, clock.instant(), store.webhookTolerance());
        } catch (StripeSignature.Invalid invalid) {
            LOG.warnf("store call %s refused: %s", request.requestId(), invalid.getMessage());
            throw Refusal.malformed("signature_invalid", "the " + HEADER + " does not verify", null);
        }
        Answer answer = Answer.read(body, clock.instant());
        String actor = "store";
        ReplacementConfirmations.Outcome outcome = answer.shipment() == null
                ? confirmations.outOfStock(answer.caseId(), actor)
                : confirmations.shipped(answer.caseId(), answer.shipment(), actor);
        LOG.infof("store answer %s for %s: %s", answer.type(), answer.caseId(), outcome);
        return FunctionUrlResponse.json(
                200, Map.of("received", true, "outcome", outcome.name().toLowerCase(Locale.ROOT)));
    }

    /**
     * The store's answer, read: {@code shipment} is null for {@code out_of_stock}. Refuses what is not one, by code
     * and field, before anything is changed.
     */
    record Answer(String type, String caseId, ReplacementShipment shipment) {

        static Answer read(String body, Instant now) {
            JsonNode answer;
            try {
                answer = Json.read(body, JsonNode.class);
            } catch (RuntimeException e) {
                throw Refusal.malformed("invalid_json", "the body is not valid JSON", null);
            }
            if (answer == null || !answer.isObject()) {
                throw Refusal.malformed("invalid_json", "the body is not a JSON object", null);
            }
            String caseId = required(answer, "case_id");
            if (!CASE_ID.matcher(caseId).matches()) {
                throw Refusal.malformed(
                        "parameter_invalid", "case_id is not a case id (rc_ and 20 hex digits)", "case_id");
            }
            String type = required(answer, "type");
            return switch (type) {
                case "replacement_shipped" ->
                    new Answer(
                            type,
                            caseId,
                            new ReplacementShipment(
                                    token(answer, "carrier"), token(answer, "tracking_code"), shippedAt(answer, now)));
                case "out_of_stock" -> new Answer(type, caseId, null);
                default ->
                    throw Refusal.malformed(
                            "parameter_invalid", "type must be replacement_shipped or out_of_stock", "type");
            };
        }

        private static String required(JsonNode answer, String field) {
            JsonNode value = answer.get(field);
            if (value == null || value.isNull()) {
                throw Refusal.malformed("parameter_missing", field + " is required", field);
            }
            if (!value.isTextual() || value.asText().isBlank()) {
                throw Refusal.malformed("parameter_invalid", field + " must be a non-empty string", field);
            }
            return value.asText();
        }

        private static String token(JsonNode answer, String field) {
            String value = required(answer, field);
            if (!TOKEN.matcher(value).matches()) {
                throw Refusal.malformed(
                        "parameter_invalid",
                        field + " must be 1-64 letters, digits, spaces, dots, dashes or underscores",
                        field);
            }
            return value;
        }

        private static Instant shippedAt(JsonNode answer, Instant now) {
            JsonNode value = answer.get("shipped_at");
            if (value == null || value.isNull()) {
                return now;
            }
            try {
                return Instant.parse(value.asText());
            } catch (DateTimeParseException e) {
                throw Refusal.malformed("parameter_invalid", "shipped_at must be an ISO-8601 instant", "shipped_at");
            }
        }
    }
}
