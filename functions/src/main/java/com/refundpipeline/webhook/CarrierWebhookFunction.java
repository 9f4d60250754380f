package com.refundpipeline.webhook;

import com.refundpipeline.config.PipelineConfig;
import com.refundpipeline.domain.CallerText;
import com.refundpipeline.domain.Refusal;
import com.refundpipeline.http.FunctionUrlRequest;
import com.refundpipeline.http.FunctionUrlResponse;
import com.refundpipeline.payout.stripe.Secrets;
import com.refundpipeline.returns.ReturnTracking;
import io.quarkus.funqy.Funq;
import java.util.Locale;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * carrier-webhook, behind a function URL that EasyPost calls ({@code POST /easypost}) with tracking events of return
 * parcels. The {@code X-Hmac-Signature} is checked before the body is parsed; a delivery that fails it is refused
 * with 400 and changes nothing. {@code tracker.updated} events move the case by the tracker's status (see
 * {@link ReturnTracking}); anything else is acknowledged and ignored, so EasyPost does not retry it. The store's
 * answers to replacement requests come to {@code POST /store} on the same URL ({@link StoreAnswers}).
 */
public class CarrierWebhookFunction {

    private static final Logger LOG = Logger.getLogger(CarrierWebhookFunction.class);
    private final ReturnTracking tracking;
    private final PipelineConfig.Returns returns;
    private final Secrets secrets = new Secrets();

    private final StoreAnswers storeAnswers;

    public CarrierWebhookFunction(ReturnTracking tracking, PipelineConfig config, StoreAnswers storeAnswers) {
        this.storeAnswers = storeAnswers;
        this.tracking = tracking;
        this.returns = config.returns();
    }

    @Funq("carrier-webhook")
    public FunctionUrlResponse carrierWebhook(FunctionUrlRequest request) {
        if (request.path().startsWith(StoreAnswers.ROUTE)) {
            return WebhookDeliveries.answer(request, StoreAnswers.ROUTE, LOG, storeAnswers::handle);
        }
        return WebhookDeliveries.answer(request, "/easypost", LOG, this::handle);
    }

    private FunctionUrlResponse handle(FunctionUrlRequest request) {
        String secret = secrets.resolve(
                returns.easypostWebhookSecret(),
                returns.easypostWebhookSecretId(),
                "webhook_secret",
                "REFUNDS_RETURNS_EASYPOST_WEBHOOK_SECRET or REFUNDS_RETURNS_EASYPOST_WEBHOOK_SECRET_ID");
        try {
            EasyPostSignature.verify(request.bodyBytes(), request.header("X-Hmac-Signature"), secret);
        } catch (EasyPostSignature.Invalid invalid) {
            LOG.warnf("carrier webhook delivery %s refused: %s", request.requestId(), invalid.getMessage());
            throw Refusal.malformed("signature_invalid", "the X-Hmac-Signature does not verify", null);
        }
        TrackerUpdate update = TrackerUpdate.read(request.bodyBytes());
        if (update.ignored()) {
            return FunctionUrlResponse.json(200, Map.of("received", true, "ignored", update.shownDescription()));
        }
        ReturnTracking.Outcome outcome = tracking.track(update.trackingCode(), update.status(), update.actor());
        LOG.infof(
                "carrier event %s tracker.updated for %s (%s): %s",
                CallerText.shown(update.eventId()),
                CallerText.shown(update.trackingCode()),
                CallerText.shown(update.status()),
                outcome);
        return FunctionUrlResponse.json(
                200, Map.of("received", true, "outcome", outcome.name().toLowerCase(Locale.ROOT)));
    }
}
