package com.refundpipeline.payout;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;

import com.refundpipeline.config.PipelineConfig;

/** Chooses the payment provider named by REFUNDS_PAYMENT_PROVIDER. */
public class PaymentGatewayProducer {

    @Produces
    @Singleton
    PaymentGateway paymentGateway(PipelineConfig config) {
        return switch (config.payment().provider()) {
            case "sandbox" -> new SandboxPaymentGateway();
            default -> throw new IllegalStateException(
                    "REFUNDS_PAYMENT_PROVIDER=" + config.payment().provider() + " is not a known provider (sandbox)");
        };
    }
}
