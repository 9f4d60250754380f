package com.refundpipeline.payout;

import com.refundpipeline.config.PipelineConfig;
import com.refundpipeline.payout.stripe.Secrets;
import com.refundpipeline.payout.stripe.StripePaymentGateway;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

/** Chooses the payment provider named by REFUNDS_PAYMENT_PROVIDER: sandbox (the default) or stripe. */
public class PaymentGatewayProducer {

    @Produces
    @Singleton
    PaymentGateway paymentGateway(PipelineConfig config) {
        PipelineConfig.Payment payment = config.payment();
        return switch (payment.provider()) {
            case "sandbox" -> new SandboxPaymentGateway();
            case "stripe" -> {
                Secrets secrets = new Secrets();
                // Read at the first refund, not at start: a function that never pays never reads the secret.
                yield new StripePaymentGateway(
                        payment.stripeApiBase(),
                        () -> secrets.resolve(
                                payment.stripeSecretKey(),
                                payment.stripeSecretId(),
                                "secret_key",
                                "REFUNDS_PAYMENT_STRIPE_SECRET_KEY or REFUNDS_PAYMENT_STRIPE_SECRET_ID"),
                        payment.stripeTimeout());
            }
            default ->
                throw new IllegalStateException("REFUNDS_PAYMENT_PROVIDER=" + payment.provider()
                        + " is not a known provider (sandbox, stripe)");
        };
    }
}
