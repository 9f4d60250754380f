package com.refundpipeline.config;

import java.time.Duration;
import java.util.Optional;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * Everything the functions read from their environment. Table and queue names are optional here because each
 * Lambda is given only the ones it uses (see infra/template.yaml); the adapter that needs one fails fast,
 * naming the variable, when it is missing.
 */
@ConfigMapping(prefix = "refunds")
public interface PipelineConfig {

    Tables tables();

    Queues queues();

    /** The promise made to the customer: request to money within this time. */
    @WithDefault("PT24H")
    Duration resolutionTarget();

    Payment payment();

    interface Tables {
        Optional<String> cases();

        Optional<String> orderLedger();

        Optional<String> payouts();

        Optional<String> notifications();
    }

    interface Queues {
        Optional<String> verify();

        Optional<String> payout();

        Optional<String> followUp();
    }

    interface Payment {
        /** Which PaymentGateway pays: only the local sandbox exists so far. */
        @WithDefault("sandbox")
        String provider();
    }

    static String required(Optional<String> value, String environmentVariable) {
        return value.filter(v -> !v.isBlank())
                .orElseThrow(() -> new IllegalStateException(environmentVariable + " is not set for this function"));
    }
}
