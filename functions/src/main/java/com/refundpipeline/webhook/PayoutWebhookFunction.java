package com.refundpipeline.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.refundpipeline.config.PipelineConfig;
import com.refundpipeline.domain.CallerText;
import com.refundpipeline.domain.Refusal;
import com.refundpipeline.http.FunctionUrlRequest;
import com.refundpipeline.http.FunctionUrlResponse;
import com.refundpipeline.json.Json;
import com.refundpipeline.payout.PaymentResult;
import com.refundpipeline.payout.PayoutSettler;
import com.refundpipeline.payout.stripe.Secrets;
import com.refundpipeline.payout.stripe.StripePaymentGateway;
import io.quarkus.funqy.Funq;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * payout-webhook, behind a function URL that Stripe calls ({@code POST /stripe}): refund events move the payout and
 * the case. The signature is checked before the body is even parsed; a delivery that fails it is refused with 400
 * and changes nothing. Refund events ({@code refund.updated}, {@code refund.failed}, {@code charge.refund.updated})
 * are matched to our payout by the idempotency key the payout put in the refund's metadata; other events are
 * acknowledged and ignored. A repeated or late event changes nothing (the payout's outcome is written once).
 */
public class PayoutWebhookFunction {

    private static final Logger LOG = Logger.getLogger(PayoutWebhookFunction.class);
    static final int MAX_KEY_LENGTH = 255;
    static final Set<String> REFUND_EVENTS = Set.of("refund.updated", "refund.failed", "charge.refund.updated");

    private final PayoutSettler settler;
    private final PipelineConfig.Payment payment;
    private final Clock clock;
    private final Secrets secrets = new Secrets();

    public PayoutWebhookFunction(PayoutSettler settler, PipelineConfig config, Clock clock) {
        this.settler = settler;
        this.payment = config.payment();
        this.clock = clock;
    }

    @Funq("payout-webhook")
    public FunctionUrlResponse payoutWebhook(FunctionUrlRequest request) {
        return WebhookDeliveries.answer(request, "/stripe", LOG, this::handle);
    }

    private FunctionUrlResponse handle(FunctionUrlRequest request) {
        String payload = new String(request.bodyBytes(), StandardCharsets.UTF_8);
        String secret = secrets.resolve(
                payment.stripeWebhookSecret(),
                payment.stripeWebhookSecretId(),
                "webhook_secret",
                "REFUNDS_PAYMENT_STRIPE_WEBHOOK_SECRET or REFUNDS_PAYMENT_STRIPE_WEBHOOK_SECRET_ID");
        try {
            StripeSignature.verify(
                    payload,
                    request.header("Stripe-Signature"),
                    secret,
                    clock.instant(),
                    payment.stripeWebhookTolerance());
        } catch (StripeSignature.Invalid invalid) {
            LOG.warnf("webhook delivery %s refused: %s", request.requestId(), invalid.getMessage());
            throw Refusal.malformed("signature_invalid", "the Stripe-Signature does not verify", null);
        }
        JsonNode event;
        try {
            event = Json.read(payload, JsonNode.class);
        } catch (RuntimeException e) {
            throw Refusal.malformed("invalid_json", "the body is not valid JSON", null);
        }
        String type = event.path("type").asText("");
        JsonNode refund = event.path("data").path("object");
        if (!REFUND_EVENTS.contains(type)
                || !"refund".equals(refund.path("object").asText())) {
            return FunctionUrlResponse.json(200, Map.of("received", true, "ignored", CallerText.shown(type)));
        }
        String key = refund.path("metadata").path("idempotency_key").asText("");
        // Ours are "refund-<case id>-<attempt>"; a longer one is not ours, and past 2 KiB DynamoDB would refuse it as
        // a key and the delivery would fail with a 500 that Stripe retries for days (issue 17).
        if (key.isEmpty() || key.length() > MAX_KEY_LENGTH) {
            return FunctionUrlResponse.json(200, Map.of("received", true, "ignored", "not one of our refunds"));
        }
        PaymentResult result = StripePaymentGateway.toResult(refund);
        PayoutSettler.Settlement settlement = settler.settle(key, result, "stripe-webhook");
        LOG.infof(
                "webhook %s %s for payout %s (%s): %s",
                CallerText.shown(event.path("id").asText()),
                type,
                CallerText.shown(key),
                CallerText.shown(refund.path("status").asText()),
                settlement);
        return FunctionUrlResponse.json(
                200, Map.of("received", true, "settlement", settlement.name().toLowerCase(Locale.ROOT)));
    }
}
