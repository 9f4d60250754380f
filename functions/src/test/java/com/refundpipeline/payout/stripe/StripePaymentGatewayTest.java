package com.refundpipeline.payout.stripe;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.refundpipeline.domain.PayoutMethod;
import com.refundpipeline.payout.PaymentOutcomeUnknownException;
import com.refundpipeline.payout.PaymentProviderBusyException;
import com.refundpipeline.payout.PaymentProviderConfigurationException;
import com.refundpipeline.payout.PaymentResult;
import com.refundpipeline.payout.RefundInstruction;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The Stripe adapter against WireMock answering as Stripe's API reference documents. */
class StripePaymentGatewayTest {

    static final String KEY = "sk_test_51Secret";
    static WireMockServer stripe;
    StripePaymentGateway gateway;

    @BeforeAll
    static void start() {
        stripe = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        stripe.start();
        // The first answer of a fresh WireMock is slow (class loading); take it here, outside any timeout test.
        stripe.stubFor(get(urlPathEqualTo("/v1/refunds"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(StripeShapes.list(false))));
        new StripePaymentGateway(stripe.baseUrl(), () -> KEY, Duration.ofSeconds(30)).find(instruction("pi_warm"));
    }

    @AfterAll
    static void stop() {
        stripe.stop();
    }

    @BeforeEach
    void reset() {
        stripe.resetAll();
        gateway = new StripePaymentGateway(stripe.baseUrl(), () -> KEY, Duration.ofMillis(2500));
    }

    static RefundInstruction instruction(String reference) {
        return new RefundInstruction("refund-rc_1-1", "rc_1", reference, 2999, "USD", PayoutMethod.ORIGINAL_PAYMENT);
    }

    void answerPost(int status, String body) {
        stripe.stubFor(post(urlPathEqualTo("/v1/refunds"))
                .willReturn(aResponse()
                        .withStatus(status)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("Request-Id", "req_test")
                        .withBody(body)));
    }

    @Test
    void successSendsTheRefundFormWithTheIdempotencyKey() {
        answerPost(200, StripeShapes.refund("re_1", "pi_123", 2999, "succeeded", null, "rc_1", "refund-rc_1-1"));

        PaymentResult result = gateway.refund(instruction("pi_123"));

        assertEquals(new PaymentResult(PaymentResult.Status.SUCCEEDED, "re_1", null), result);
        stripe.verify(
                1,
                postRequestedFor(urlPathEqualTo("/v1/refunds"))
                        .withHeader("Idempotency-Key", equalTo("refund-rc_1-1"))
                        .withHeader("Authorization", equalTo("Bearer " + KEY))
                        .withHeader("Content-Type", equalTo("application/x-www-form-urlencoded"))
                        .withFormParam("payment_intent", equalTo("pi_123"))
                        .withFormParam("amount", equalTo("2999"))
                        .withFormParam("metadata[case_id]", equalTo("rc_1"))
                        .withFormParam("metadata[idempotency_key]", equalTo("refund-rc_1-1")));
    }

    @Test
    void aChargeReferenceIsRefundedByCharge() {
        answerPost(200, StripeShapes.refund("re_2", "pi_123", 2999, "succeeded", null, "rc_1", "refund-rc_1-1"));
        gateway.refund(instruction("ch_3MmlLrLkdIwHu7ix0snN0B15"));
        stripe.verify(postRequestedFor(urlPathEqualTo("/v1/refunds"))
                .withFormParam("charge", equalTo("ch_3MmlLrLkdIwHu7ix0snN0B15")));
    }

    @Test
    void pendingThenSucceededWhenAskedAgain() {
        answerPost(200, StripeShapes.refund("re_3", "pi_123", 2999, "pending", null, "rc_1", "refund-rc_1-1"));
        assertEquals(
                PaymentResult.Status.PENDING,
                gateway.refund(instruction("pi_123")).status());

        stripe.stubFor(get(urlPathEqualTo("/v1/refunds"))
                .withQueryParam("payment_intent", equalTo("pi_123"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(StripeShapes.list(
                                false,
                                StripeShapes.refund(
                                        "re_3", "pi_123", 2999, "succeeded", null, "rc_1", "refund-rc_1-1")))));
        assertEquals(
                Optional.of(new PaymentResult(PaymentResult.Status.SUCCEEDED, "re_3", null)),
                gateway.find(instruction("pi_123")));
    }

    @ParameterizedTest(name = "{0} -> {1} {2}")
    @CsvSource(nullValues = "-", textBlock = """
            succeeded,       SUCCEEDED, -
            pending,         PENDING,   -
            requires_action, PENDING,   -
            failed,          FAILED,    expired_or_canceled_card
            canceled,        FAILED,    canceled
            something_new,   PENDING,   -
            """)
    void stripeStatusesMap(String status, PaymentResult.Status expected, String reason) {
        answerPost(
                200,
                StripeShapes.refund(
                        "re_4",
                        "pi_123",
                        2999,
                        status,
                        "failed".equals(status) ? "expired_or_canceled_card" : null,
                        "rc_1",
                        "refund-rc_1-1"));
        PaymentResult result = gateway.refund(instruction("pi_123"));
        assertEquals(expected, result.status());
        assertEquals(reason, result.failureReason());
    }

    @Test
    void refusalsForGoodCarryStripesCode() {
        answerPost(
                400,
                StripeShapes.error(
                        "invalid_request_error", "charge_already_refunded", "Charge ch_1 has already been refunded."));
        assertEquals(
                new PaymentResult(PaymentResult.Status.FAILED, null, "charge_already_refunded"),
                gateway.refund(instruction("pi_123")));

        answerPost(402, StripeShapes.cardError("expired_card"));
        assertEquals("card_declined", gateway.refund(instruction("pi_123")).failureReason());
    }

    @Test
    void rateLimitedIsTransientAndNothingHappened() {
        answerPost(
                429,
                StripeShapes.error(
                        "invalid_request_error", "rate_limit", "Too many requests hit the API too quickly."));
        RuntimeException e =
                assertThrows(PaymentProviderBusyException.class, () -> gateway.refund(instruction("pi_123")));
        assertFalse(e instanceof PaymentOutcomeUnknownException, "a 429 made no refund: no reconciling needed");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"500", "502", "503", "504", "409"})
    void serverErrorsAndConflictsLeaveTheOutcomeUnknown(int status) {
        answerPost(status, StripeShapes.error("api_error", null, "Something went wrong on Stripe's end."));
        assertThrows(PaymentOutcomeUnknownException.class, () -> gateway.refund(instruction("pi_123")));
    }

    @Test
    void anIdempotencyErrorLeavesTheOutcomeUnknown() {
        answerPost(
                400,
                StripeShapes.error(
                        "idempotency_error",
                        null,
                        "Keys for idempotent requests can only be used with the same parameters they were first used with."));
        assertThrows(PaymentOutcomeUnknownException.class, () -> gateway.refund(instruction("pi_123")));
    }

    @Test
    void aTimeoutLeavesTheOutcomeUnknown() {
        stripe.stubFor(post(urlPathEqualTo("/v1/refunds"))
                .willReturn(aResponse()
                        .withFixedDelay(5_000)
                        .withHeader("Content-Type", "application/json")
                        .withBody(StripeShapes.refund(
                                "re_5", "pi_123", 2999, "succeeded", null, "rc_1", "refund-rc_1-1"))));
        assertThrows(PaymentOutcomeUnknownException.class, () -> gateway.refund(instruction("pi_123")));
    }

    @Test
    void aRefusedKeyIsAConfigurationProblemAndNeverShown() {
        stripe.stubFor(post(urlPathEqualTo("/v1/refunds"))
                .willReturn(aResponse()
                        .withStatus(401)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("WWW-Authenticate", "Basic realm=\"Stripe\"")
                        .withBody(StripeShapes.error(
                                "invalid_request_error", null, "Invalid API Key provided: sk_test_***"))));
        PaymentProviderConfigurationException e =
                assertThrows(PaymentProviderConfigurationException.class, () -> gateway.refund(instruction("pi_123")));
        assertFalse(e.getMessage().contains(KEY));
    }

    @Test
    void findWalksThePagesAndMatchesTheKeyInMetadata() {
        stripe.stubFor(get(urlPathEqualTo("/v1/refunds"))
                .withQueryParam("starting_after", equalTo("re_other_2"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(StripeShapes.list(
                                false,
                                StripeShapes.refund(
                                        "re_ours",
                                        "pi_123",
                                        2999,
                                        "failed",
                                        "lost_or_stolen_card",
                                        "rc_1",
                                        "refund-rc_1-1")))));
        stripe.stubFor(get(urlPathEqualTo("/v1/refunds"))
                .withQueryParam("payment_intent", equalTo("pi_123"))
                .withQueryParam("limit", equalTo("100"))
                .atPriority(10)
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(StripeShapes.list(
                                true,
                                StripeShapes.refund(
                                        "re_other_1", "pi_123", 100, "succeeded", null, "rc_9", "refund-rc_9-1"),
                                StripeShapes.refund(
                                        "re_other_2", "pi_123", 100, "succeeded", null, "rc_8", "refund-rc_8-1")))));

        assertEquals(
                Optional.of(new PaymentResult(PaymentResult.Status.FAILED, "re_ours", "lost_or_stolen_card")),
                gateway.find(instruction("pi_123")));
        stripe.verify(2, getRequestedFor(urlPathEqualTo("/v1/refunds")));
    }

    @Test
    void findKnowsNothingOfAKeyStripeNeverSaw() {
        stripe.stubFor(get(urlPathEqualTo("/v1/refunds"))
                .willReturn(aResponse()
                        .withHeader("Content-Type", "application/json")
                        .withBody(StripeShapes.list(false))));
        assertEquals(Optional.empty(), gateway.find(instruction("pi_123")));
    }

    @Test
    void findThatCannotAskIsTransient() {
        stripe.stubFor(get(urlPathEqualTo("/v1/refunds")).willReturn(aResponse().withStatus(503)));
        assertThrows(PaymentProviderBusyException.class, () -> gateway.find(instruction("pi_123")));
        stripe.stubFor(get(urlPathEqualTo("/v1/refunds")).willReturn(aResponse().withFixedDelay(5_000)));
        assertThrows(PaymentProviderBusyException.class, () -> gateway.find(instruction("pi_123")));
    }

    @Test
    void theSecretKeyComesFromTheEnvironmentOrSecretsManagerNeverFromTheMessage() {
        Secrets fromAws = new Secrets(id -> Map.of(
                        "refunds/prod/stripe-api-key", "{\"secret_key\": \"sk_live_x\"}",
                        "plain", "sk_live_plain")
                .get(id));
        assertEquals(
                "sk_test_direct",
                fromAws.resolve(
                        Optional.of("sk_test_direct"), Optional.of("refunds/prod/stripe-api-key"), "secret_key", "X"));
        assertEquals(
                "sk_live_x",
                fromAws.resolve(Optional.empty(), Optional.of("refunds/prod/stripe-api-key"), "secret_key", "X"));
        assertEquals("sk_live_plain", fromAws.resolve(Optional.of(" "), Optional.of("plain"), "secret_key", "X"));
        IllegalStateException missing = assertThrows(
                IllegalStateException.class,
                () -> fromAws.resolve(
                        Optional.empty(),
                        Optional.empty(),
                        "secret_key",
                        "REFUNDS_PAYMENT_STRIPE_SECRET_KEY or REFUNDS_PAYMENT_STRIPE_SECRET_ID"));
        assertTrue(missing.getMessage().contains("REFUNDS_PAYMENT_STRIPE_SECRET_ID"));
        IllegalStateException noField = assertThrows(
                IllegalStateException.class,
                () -> new Secrets(id -> "{\"other\": \"sk_live_hidden\"}")
                        .resolve(Optional.empty(), Optional.of("s"), "secret_key", "X"));
        assertFalse(noField.getMessage().contains("sk_live_hidden"));
    }
}
