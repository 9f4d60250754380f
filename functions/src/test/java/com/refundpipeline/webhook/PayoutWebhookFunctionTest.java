package com.refundpipeline.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.refundpipeline.json.Json;
import com.refundpipeline.messaging.RetryLaterException;
import com.refundpipeline.payout.PayoutIssuer;
import com.refundpipeline.payout.stripe.StripeShapes;
import com.refundpipeline.submit.RefundDesk;
import com.refundpipeline.submit.RefundRequestBody;
import com.refundpipeline.testing.BodyEditor;
import com.refundpipeline.testing.LambdaEvents;
import com.refundpipeline.testing.LocalAws;
import com.refundpipeline.testing.PayoutWebhookProfile;
import com.refundpipeline.testing.Requests;
import com.refundpipeline.testing.StripeOnWireMock;
import com.refundpipeline.verify.EvidenceVerifier;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Stripe's refund webhooks, signed as Stripe signs them, settle a pending payout; anything unsigned changes nothing. */
@QuarkusTest
@TestProfile(PayoutWebhookProfile.class)
class PayoutWebhookFunctionTest {

    @Inject
    LocalAws aws;

    @Inject
    RefundDesk desk;

    @Inject
    EvidenceVerifier verifier;

    @Inject
    PayoutIssuer issuer;

    record Pending(String caseId, String paymentIntent, String key) {}

    /** A case whose refund Stripe accepted as pending: payout_pending, waiting for the webhook. */
    Pending pending() {
        String paymentIntent =
                "pi_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        String body = BodyEditor.set(
                Requests.priced("ord_" + UUID.randomUUID(), 2500, 1, "damaged", true, "2026-11-22T10:00:00Z"),
                "order.payment_reference",
                "\"" + paymentIntent + "\"");
        String caseId = desk.submit(UUID.randomUUID().toString(), Json.read(body, RefundRequestBody.class))
                .receipt()
                .caseId();
        verifier.verify(caseId);
        String key = "refund-" + caseId + "-1";
        String refund = StripeShapes.refund("re_" + caseId, paymentIntent, 2500, "pending", null, caseId, key);
        StripeOnWireMock.server()
                .stubFor(post(urlPathEqualTo("/v1/refunds"))
                        .withRequestBody(containing(paymentIntent))
                        .willReturn(aResponse()
                                .withHeader("Content-Type", "application/json")
                                .withBody(refund)));
        StripeOnWireMock.server()
                .stubFor(get(urlPathEqualTo("/v1/refunds"))
                        .withQueryParam("payment_intent", equalTo(paymentIntent))
                        .willReturn(aResponse()
                                .withHeader("Content-Type", "application/json")
                                .withBody(StripeShapes.list(false, refund))));
        assertThrows(RetryLaterException.class, () -> issuer.pay(caseId), "pending at Stripe");
        assertEquals("payout_pending", aws.caseItem(caseId).get("status").s());
        return new Pending(caseId, paymentIntent, key);
    }

    static String event(String type, Pending p, String status, String failureReason) {
        return """
                {"id": "evt_%s", "object": "event", "api_version": "2024-06-20", "created": %d,
                 "data": {"object": %s},
                 "livemode": false, "pending_webhooks": 1, "request": {"id": null, "idempotency_key": null},
                 "type": "%s"}""".formatted(
                UUID.randomUUID().toString().replace("-", ""),
                Instant.now().getEpochSecond(),
                StripeShapes.refund(
                        "re_" + p.caseId(), p.paymentIntent(), 2500, status, failureReason, p.caseId(), p.key()),
                type);
    }

    static String signature(String payload, String secret, long timestamp) {
        return "t=" + timestamp + ",v1=" + StripeSignature.sign(timestamp, payload, secret);
    }

    static JsonPath deliver(String payload, String signature, int expectedStatus) {
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", "application/json; charset=utf-8");
        if (signature != null) {
            headers.put("stripe-signature", signature);
        }
        String response = given().contentType("application/json")
                .body(LambdaEvents.functionUrl("POST", "/stripe", headers, payload))
                .when()
                .post("/_lambda_")
                .then()
                .statusCode(200)
                .body("statusCode", org.hamcrest.Matchers.equalTo(expectedStatus))
                .extract()
                .path("body")
                .toString();
        return new JsonPath(response);
    }

    static String signed(String payload) {
        return signature(
                payload, PayoutWebhookProfile.WEBHOOK_SECRET, Instant.now().getEpochSecond());
    }

    @Test
    void refundUpdatedToSucceededPaysTheCase() {
        Pending p = pending();
        String payload = event("refund.updated", p, "succeeded", null);

        assertEquals("applied", deliver(payload, signed(payload), 200).getString("settlement"));

        Map<String, AttributeValue> item = aws.caseItem(p.caseId());
        assertEquals("paid", item.get("status").s());
        assertTrue(LocalAws.timeline(item).stream().anyMatch(e -> e.actor().equals("stripe-webhook")));
        assertTrue(item.get("payout").s().contains("\"provider_reference\":\"re_" + p.caseId() + "\""));

        String version = item.get("version").n();
        assertEquals(
                "already_settled",
                deliver(payload, signed(payload), 200).getString("settlement"),
                "Stripe delivers at least once: the repeat changes nothing");
        assertEquals(version, aws.caseItem(p.caseId()).get("version").n());
    }

    @Test
    void aRedeliveredEventFindingTheCaseSettledTellsTheCustomerAgainInCaseTheFirstWasLost() {
        // ADR 0035: the delivery that settled the case may stop after its write and before its status_changed; Stripe
        // then delivers the event again (it got no 2xx), and that repeat must tell the customer.
        Pending p = pending();
        String payload = event("refund.updated", p, "succeeded", null);
        assertEquals("applied", deliver(payload, signed(payload), 200).getString("settlement"));
        assertEquals(1, paidMessages(p.caseId()), "the first status_changed for paid, which is then lost");

        assertEquals("already_settled", deliver(payload, signed(payload), 200).getString("settlement"));

        assertEquals(1, paidMessages(p.caseId()), "the repeat tells paid again");
        assertEquals("paid", aws.caseItem(p.caseId()).get("status").s());
    }

    long paidMessages(String caseId) {
        return aws.takeNew(aws.followUpQueue()).stream()
                .filter(m ->
                        caseId.equals(LocalAws.caseIdOf(m.body())) && m.body().contains("\"paid\""))
                .count();
    }

    @Test
    void refundFailedMarksThePayoutFailedWithStripesReason() {
        Pending p = pending();
        String payload = event("refund.failed", p, "failed", "lost_or_stolen_card");

        assertEquals("applied", deliver(payload, signed(payload), 200).getString("settlement"));

        Map<String, AttributeValue> item = aws.caseItem(p.caseId());
        assertEquals("payout_failed", item.get("status").s());
        assertTrue(item.get("payout").s().contains("\"failure_reason\":\"lost_or_stolen_card\""));
    }

    @Test
    void chargeRefundUpdatedIsTakenToo() {
        Pending p = pending();
        String payload = event("charge.refund.updated", p, "succeeded", null);
        assertEquals("applied", deliver(payload, signed(payload), 200).getString("settlement"));
        assertEquals("paid", aws.caseItem(p.caseId()).get("status").s());
    }

    @Test
    void aStillPendingRefundChangesNothing() {
        Pending p = pending();
        String payload = event("refund.updated", p, "requires_action", null);
        assertEquals("still_pending", deliver(payload, signed(payload), 200).getString("settlement"));
        assertEquals("payout_pending", aws.caseItem(p.caseId()).get("status").s());
    }

    @Test
    void invalidSignaturesAreRefusedAndChangeNothing() {
        Pending p = pending();
        String payload = event("refund.updated", p, "succeeded", null);
        String version = aws.caseItem(p.caseId()).get("version").n();
        long now = Instant.now().getEpochSecond();

        for (String bad : new String[] {
            null,
            "",
            "t=" + now,
            signature(payload, "whsec_someone_else", now),
            signature(payload, PayoutWebhookProfile.WEBHOOK_SECRET, now - 3600),
            signature(payload.replace("2500", "250000"), PayoutWebhookProfile.WEBHOOK_SECRET, now)
        }) {
            JsonPath refused = deliver(payload, bad, 400);
            assertEquals("signature_invalid", refused.getString("error.code"));
        }
        String tampered = payload.replace("\"succeeded\"", "\"failed\"");
        assertEquals(
                "signature_invalid", deliver(tampered, signed(payload), 400).getString("error.code"));

        Map<String, AttributeValue> item = aws.caseItem(p.caseId());
        assertEquals("payout_pending", item.get("status").s());
        assertEquals(version, item.get("version").n());
        assertEquals(
                "pending",
                aws.scan("PayoutsTable").stream()
                        .filter(i -> p.key().equals(i.get("idempotency_key").s()))
                        .findFirst()
                        .orElseThrow()
                        .get("status")
                        .s());
    }

    @Test
    void otherEventsAndOtherRefundsAreAcknowledgedAndIgnored() {
        String other = """
                {"id": "evt_2", "object": "event", "type": "payment_intent.succeeded",
                 "data": {"object": {"id": "pi_1", "object": "payment_intent"}}}""";
        assertEquals(
                "payment_intent.succeeded", deliver(other, signed(other), 200).getString("ignored"));

        String foreign = """
                {"id": "evt_3", "object": "event", "type": "refund.updated",
                 "data": {"object": {"id": "re_9", "object": "refund", "status": "succeeded", "metadata": {}}}}""";
        assertEquals(
                "not one of our refunds", deliver(foreign, signed(foreign), 200).getString("ignored"));

        String unknownKey = """
                {"id": "evt_4", "object": "event", "type": "refund.updated",
                 "data": {"object": {"id": "re_8", "object": "refund", "status": "succeeded",
                                     "metadata": {"idempotency_key": "refund-rc_00000000000000000000-1"}}}}""";
        assertEquals(
                "unknown_payout", deliver(unknownKey, signed(unknownKey), 200).getString("settlement"));
    }

    @Test
    void onlyPostToStripe() {
        String payload = "{}";
        given().contentType("application/json")
                .body(LambdaEvents.functionUrl("GET", "/stripe", Map.of(), null))
                .when()
                .post("/_lambda_")
                .then()
                .statusCode(200)
                .body("statusCode", org.hamcrest.Matchers.equalTo(405));
        given().contentType("application/json")
                .body(LambdaEvents.functionUrl(
                        "POST", "/elsewhere", Map.of("stripe-signature", signed(payload)), payload))
                .when()
                .post("/_lambda_")
                .then()
                .statusCode(200)
                .body("statusCode", org.hamcrest.Matchers.equalTo(404));
    }
}
