package com.refundpipeline.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.refundpipeline.fuzz.ContactDetails;
import com.refundpipeline.fuzz.FuzzInput;
import com.refundpipeline.fuzz.JsonMutator;
import com.refundpipeline.fuzz.ShortRun;
import com.refundpipeline.fuzz.StateSnapshot;
import com.refundpipeline.json.Json;
import com.refundpipeline.testing.LambdaEvents;
import com.refundpipeline.testing.LocalAws;
import com.refundpipeline.testing.LogCapture;
import com.refundpipeline.testing.PayoutWebhookProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * payout-webhook at the function level: generated deliveries (Stripe's refund event edited field by field, signed
 * correctly, signed with another secret, replayed from outside the tolerance, or with a mangled header) never get a
 * 5xx; a delivery that does not verify is refused with signature_invalid and changes nothing; every log line is one
 * JSON object.
 */
@QuarkusTest
@TestProfile(PayoutWebhookProfile.class)
class PayoutWebhookFuzzTest {

    static final int RUNS = Integer.getInteger("fuzz.function.runs", 40);

    @Inject
    LocalAws aws;

    /** Found by this test (delivery 145 of seed 17): a signed event whose key DynamoDB cannot hold was a 500. */
    @Test
    void aSignedEventWithAnOverlongKeyIsIgnored() {
        String body = StripeWebhookFuzzTest.EVENT.replace("payout_rc_1_1", "x".repeat(3000));
        long t = Instant.now().getEpochSecond();
        Map<String, String> headers = Map.of(
                "content-type",
                "application/json",
                "stripe-signature",
                "t=" + t + ",v1=" + StripeSignature.sign(t, body, PayoutWebhookProfile.WEBHOOK_SECRET));
        String raw = RestAssured.given()
                .contentType("application/json")
                .body(LambdaEvents.functionUrl("POST", "/stripe", headers, body))
                .when()
                .post("/_lambda_")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertTrue(raw.contains("\"statusCode\":200") && raw.contains("not one of our refunds"), raw);
    }

    @Test
    void generatedDeliveriesNeverFailOnOurSide() {
        Random random = new Random(ShortRun.SEED);
        for (int i = 0; i < RUNS; i++) {
            byte[] bytes = new byte[random.nextInt(96)];
            random.nextBytes(bytes);
            FuzzInput in = new FuzzInput(bytes);
            String body = JsonMutator.mutate(StripeWebhookFuzzTest.EVENT, in);
            long now = Instant.now().getEpochSecond();
            int how = in.nextInt(5);
            long t = how == 1 ? now - 301 - in.nextInt(1 << 16) : now;
            String secret = how == 2 ? "whsec_someone_else" : PayoutWebhookProfile.WEBHOOK_SECRET;
            String header = how == 3
                    ? "t=" + t + ",v1=" + in.nextString(64)
                    : "t=" + t + ",v1=" + StripeSignature.sign(t, body, secret);
            boolean genuine = how == 0 || how == 4;
            Map<String, String> headers = new HashMap<>(Map.of("content-type", "application/json"));
            headers.put("stripe-signature", header);
            String what = "delivery " + i + " (seed " + ShortRun.SEED + "): " + header + " " + body;
            StateSnapshot before = StateSnapshot.take(aws);
            JsonNode response;
            List<String> lines;
            try (LogCapture logs = LogCapture.start()) {
                String raw = RestAssured.given()
                        .contentType("application/json")
                        .body(LambdaEvents.functionUrl("POST", "/stripe", headers, body))
                        .when()
                        .post("/_lambda_")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asString();
                response = Json.MAPPER.readTree(raw);
                lines = logs.lines();
                logs.json();
            } catch (java.io.IOException e) {
                throw new AssertionError(what, e);
            }
            int status = response.path("statusCode").asInt();
            String answer = response.path("body").asText();
            assertTrue(status > 0 && status < 500, what + " -> " + status + " " + answer);
            lines.forEach(line -> ContactDetails.assertNone("log line for " + what, line));
            if (!genuine) {
                assertEquals(400, status, what + " -> " + answer);
                assertTrue(answer.contains("signature_invalid"), what + " -> " + answer);
                assertEquals(before, StateSnapshot.take(aws), what + " -> refused but changed state");
            }
        }
    }
}
