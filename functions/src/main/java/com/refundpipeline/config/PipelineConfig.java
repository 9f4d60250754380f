package com.refundpipeline.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

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

    Figures figures();

    /** Where the figures count a case: the store is the policy document's; its days are in this time zone. */
    interface Figures {
        /** The store's time zone: a case counts on the day of its request there. */
        @WithDefault("UTC")
        String timeZone();
    }

    Returns returns();

    /** Return labels: which carrier-label API buys them, and its settings. */
    interface Returns {
        /** {@code sandbox} (local, deterministic) or {@code easypost}. */
        @WithDefault("sandbox")
        String carrier();

        /** Where the sandbox carrier's labels are served (the local stack's stand-in). */
        @WithDefault("http://localhost:8080/sandbox-carrier/labels/")
        String sandboxLabelBase();

        /** EasyPost's API; the tests point it at WireMock. */
        @WithDefault("https://api.easypost.com")
        String easypostApiBase();

        /** The EasyPost API key itself, for local runs; never logged. Deployed functions use the secret id. */
        Optional<String> easypostApiKey();

        /** The Secrets Manager secret holding the EasyPost API key (plain, or JSON with "api_key"). */
        Optional<String> easypostSecretId();

        @WithDefault("PT8S")
        Duration easypostTimeout();

        /** The carrier webhook's signing secret, for local runs; never logged. */
        Optional<String> easypostWebhookSecret();

        /** The Secrets Manager secret holding it (plain, or JSON with "webhook_secret"). */
        Optional<String> easypostWebhookSecretId();

        /** How long a delivery that claimed a case's label may take to buy it before another may try. */
        @WithDefault("PT30S")
        Duration labelLease();
    }

    Store store();

    /**
     * The store's order system (ADR 0034): replacement and inventory events go to the stack's EventBridge bus; the
     * store confirms a replacement with a signed call to carrier-webhook's {@code POST /store}.
     */
    interface Store {
        /** The bus the events are put on; absent: nothing is published (and nothing is granted that needs it). */
        Optional<String> eventBus();

        /** EventBridge's endpoint, when not the region's own (the local stack's stand-in, the tests' WireMock). */
        Optional<String> eventsEndpoint();

        /** The store's signing secret for its calls, for local runs; never logged. */
        Optional<String> webhookSecret();

        /** The Secrets Manager secret holding it (plain, or JSON with "webhook_secret"). */
        Optional<String> webhookSecretId();

        /** How old a call's signed timestamp may be, either way, before it is refused as a replay. */
        @WithDefault("PT5M")
        Duration webhookTolerance();
    }

    interface Tables {
        Optional<String> cases();

        Optional<String> orderLedger();

        Optional<String> payouts();

        Optional<String> notifications();

        Optional<String> storeCredit();

        /** The figures table: aggregates the stream function keeps, and the store's daily sales. */
        Optional<String> figures();

        Optional<String> returnLabels();
    }

    interface Queues {
        Optional<String> verify();

        Optional<String> payout();

        Optional<String> followUp();
    }

    interface Payment {
        /** Which PaymentGateway pays the original payment: {@code sandbox} (local, deterministic) or {@code stripe}. */
        @WithDefault("sandbox")
        String provider();

        /** Stripe's API; the tests point it at WireMock. */
        @WithDefault("https://api.stripe.com")
        String stripeApiBase();

        /** The Stripe secret key itself, for local runs; never logged. Deployed functions use the secret id. */
        Optional<String> stripeSecretKey();

        /** The AWS Secrets Manager secret holding the Stripe secret key (plain, or JSON with "secret_key"). */
        Optional<String> stripeSecretId();

        /** How long a Stripe call may take before its outcome counts as unknown. */
        @WithDefault("PT8S")
        Duration stripeTimeout();

        /** The webhook endpoint's signing secret (whsec_...), for local runs; never logged. */
        Optional<String> stripeWebhookSecret();

        /** The AWS Secrets Manager secret holding the webhook signing secret (plain, or JSON with "webhook_secret"). */
        Optional<String> stripeWebhookSecretId();

        /** How old a webhook's signed timestamp may be, either way, before it is refused as a replay. */
        @WithDefault("PT5M")
        Duration stripeWebhookTolerance();

        /**
         * How long the call that holds a payout's claim may take before another delivery may reconcile and pay:
         * longer than the function's timeout, shorter than the queue's visibility timeout.
         */
        @WithDefault("PT30S")
        Duration claimLease();
    }

    static String required(Optional<String> value, String environmentVariable) {
        return value.filter(v -> !v.isBlank())
                .orElseThrow(() -> new IllegalStateException(environmentVariable + " is not set for this function"));
    }
}
