package com.refundpipeline.returns;

import com.refundpipeline.config.PipelineConfig;
import com.refundpipeline.payout.stripe.Secrets;
import com.refundpipeline.returns.easypost.EasyPostCarrierLabels;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Chooses the carrier named by REFUNDS_RETURNS_CARRIER: sandbox (the default) or easypost. */
public class CarrierLabelsProducer {

    @Produces
    @Singleton
    CarrierLabels carrierLabels(PipelineConfig config) {
        PipelineConfig.Returns returns = config.returns();
        return switch (returns.carrier()) {
            case "sandbox" -> new SandboxCarrierLabels(returns.sandboxLabelBase());
            case "easypost" -> {
                Secrets secrets = new Secrets();
                // Read at the first label, not at start: a function that buys none never reads the secret.
                yield new EasyPostCarrierLabels(
                        returns.easypostApiBase(),
                        () -> secrets.resolve(
                                returns.easypostApiKey(),
                                returns.easypostSecretId(),
                                "api_key",
                                "REFUNDS_RETURNS_EASYPOST_API_KEY or REFUNDS_RETURNS_EASYPOST_SECRET_ID"),
                        returns.easypostTimeout());
            }
            default ->
                throw new IllegalStateException(
                        "REFUNDS_RETURNS_CARRIER=" + returns.carrier() + " is not a known carrier (sandbox, easypost)");
        };
    }
}
