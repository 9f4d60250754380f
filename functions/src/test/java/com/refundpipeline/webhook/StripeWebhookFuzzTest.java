package com.refundpipeline.webhook;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.refundpipeline.fuzz.FuzzInput;
import com.refundpipeline.fuzz.JsonMutator;
import com.refundpipeline.fuzz.ShortRun;
import com.refundpipeline.json.Json;
import com.refundpipeline.payout.stripe.StripePaymentGateway;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Stripe's webhook: the Stripe-Signature header parser never accepts what was not signed with the secret within the
 * tolerance, and never throws anything but its refusal; a correctly signed body of any shape is read into a payment
 * result or refused as invalid JSON, never an exception. The function-level half is PayoutWebhookFuzzTest.
 */
class StripeWebhookFuzzTest {

    static final String SECRET = "whsec_fuzz";
    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    static final Duration TOLERANCE = Duration.ofMinutes(5);
    static final String EVENT = """
            {"id": "evt_1", "object": "event", "type": "refund.updated",
             "data": {"object": {"id": "re_1", "object": "refund", "amount": 2999, "currency": "usd",
                                 "status": "succeeded", "failure_reason": null,
                                 "metadata": {"idempotency_key": "payout_rc_1_1"}}}}""";

    @FuzzTest(maxDuration = "20m")
    void signatureHeader(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        String payload = in.nextBoolean() ? EVENT : in.nextString(200);
        long t = NOW.getEpochSecond() + (in.nextBoolean() ? 0 : (long) (in.nextInt(1 << 16) - (1 << 15)) * 60);
        String good = StripeSignature.sign(t, payload, SECRET);
        String header = switch (in.nextInt(4)) {
            case 0 -> in.restAsString();
            case 1 -> "t=" + t + ",v1=" + in.nextString(80) + "," + in.restAsString();
            case 2 -> "t=" + in.nextString(24) + ",v1=" + good;
            default -> "t=" + t + ",v1=" + good + (in.nextBoolean() ? "," + in.restAsString() : "");
        };
        boolean accepted;
        try {
            StripeSignature.verify(payload, header, SECRET, NOW, TOLERANCE);
            accepted = true;
        } catch (StripeSignature.Invalid refused) {
            accepted = false;
        }
        if (accepted) {
            boolean genuine = header.contains("v1=" + good)
                    || header.contains("v1= " + good)
                    || header.matches("(?s).*v1=\\s*" + good + "\\s*(,.*)?");
            if (!genuine) {
                throw new AssertionError("accepted a signature that is not the secret's: " + header);
            }
            long skew = Math.abs(NOW.getEpochSecond() - timestampOf(header));
            if (skew > TOLERANCE.toSeconds()) {
                throw new AssertionError("accepted a delivery signed " + skew + " s away (replay): " + header);
            }
        }
    }

    private static long timestampOf(String header) {
        long t = Long.MIN_VALUE;
        for (String element : header.split(",")) {
            int eq = element.indexOf('=');
            if (eq > 0 && element.substring(0, eq).trim().equals("t")) {
                t = Long.parseLong(element.substring(eq + 1).trim());
            }
        }
        return t;
    }

    /** What the function does with a body once its signature verified: the event's refund into a result. */
    @FuzzTest(maxDuration = "20m")
    void signedBody(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        String payload = in.nextInt(6) == 0 ? in.restAsString() : JsonMutator.mutate(EVENT, in);
        JsonNode event;
        try {
            event = Json.read(payload, JsonNode.class);
        } catch (RuntimeException invalidJson) {
            return; // answered 400 invalid_json
        }
        if (event == null) {
            throw new AssertionError("a body read as no event at all: " + payload);
        }
        JsonNode refund = event.path("data").path("object");
        if (PayoutWebhookFunction.REFUND_EVENTS.contains(event.path("type").asText(""))
                && "refund".equals(refund.path("object").asText())
                && !refund.path("metadata").path("idempotency_key").asText("").isEmpty()) {
            StripePaymentGateway.toResult(refund);
        }
    }

    /** A genuine delivery replayed outside the tolerance, either way, is refused; at the edge it is not. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(
            longs = {-301, 301, -3600, 86_400, -86_400 * 365L, Long.MAX_VALUE / 2, -300, 300, 0})
    void replayOutsideTheToleranceIsRefused(long offsetSeconds) {
        long t = NOW.getEpochSecond() + offsetSeconds;
        String header = "t=" + t + ",v1=" + StripeSignature.sign(t, EVENT, SECRET);
        boolean within = Math.abs(offsetSeconds) <= TOLERANCE.toSeconds();
        try {
            StripeSignature.verify(EVENT, header, SECRET, NOW, TOLERANCE);
            org.junit.jupiter.api.Assertions.assertTrue(within, "a replay " + offsetSeconds + " s away was accepted");
        } catch (StripeSignature.Invalid refused) {
            org.junit.jupiter.api.Assertions.assertFalse(within, "a fresh delivery was refused: " + refused);
        }
    }

    @Test
    void signatureHeaderShortRun() {
        ShortRun.run(this::signatureHeader);
    }

    @Test
    void signedBodyShortRun() {
        ShortRun.run(this::signedBody);
    }
}
