package com.refundpipeline.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.refundpipeline.json.Json;
import com.refundpipeline.messaging.CaseMessage;
import com.refundpipeline.submit.RefundDesk;
import com.refundpipeline.submit.RefundRequestBody;
import com.refundpipeline.testing.BodyEditor;
import com.refundpipeline.testing.CarrierWebhookProfile;
import com.refundpipeline.testing.LocalAws;
import com.refundpipeline.testing.Requests;
import com.refundpipeline.verify.EvidenceVerifier;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The store's signed answers to a replacement request on carrier-webhook's {@code POST /store}: shipped moves the case
 * to replaced, out of stock approves the held fallback and queues its payout; replays, contradicting or late answers,
 * unknown cases, bad signatures and bad input change nothing.
 */
@QuarkusTest
@TestProfile(CarrierWebhookProfile.class)
class StoreAnswersTest {

    @Inject
    LocalAws aws;

    @Inject
    RefundDesk desk;

    @Inject
    EvidenceVerifier verifier;

    record Answer(int status, JsonPath body) {}

    static Answer send(String body, String signature) {
        CarrierWebhookFunctionTest.Answer answer =
                CarrierWebhookFunctionTest.post("/store", "store-signature", signature, body);
        return new Answer(answer.status(), answer.body());
    }

    static String signature(String body, long at, String secret) {
        return "t=" + at + ",v1=" + StripeSignature.sign(at, body, secret);
    }

    static Answer signed(String body) {
        return send(body, signature(body, Instant.now().getEpochSecond(), CarrierWebhookProfile.STORE_SECRET));
    }

    static String shipped(String caseId) {
        return """
                {"type": "replacement_shipped", "case_id": "%s", "carrier": "UPS", "tracking_code": "1Z999AA10123456784"}""".formatted(caseId);
    }

    static String outOfStock(String caseId) {
        return """
                {"type": "out_of_stock", "case_id": "%s"}""".formatted(caseId);
    }

    /** A damaged item the customer wants replaced: the store is connected, so the case waits for it. */
    String replacementPending(String order) {
        String body = BodyEditor.set(Requests.damaged(order), "preferred_resolution", "\"replacement\"");
        String caseId = desk.submit(UUID.randomUUID().toString(), Json.read(body, RefundRequestBody.class))
                .receipt()
                .caseId();
        verifier.verify(caseId);
        assertEquals("replacement_pending", status(caseId));
        return caseId;
    }

    String status(String caseId) {
        return aws.caseItem(caseId).get("status").s();
    }

    long version(String caseId) {
        return Long.parseLong(aws.caseItem(caseId).get("version").n());
    }

    JsonNode decision(String caseId) {
        return Json.read(aws.decisionJson(aws.caseItem(caseId)), JsonNode.class);
    }

    List<CaseMessage> messages(String queue, String caseId) {
        return aws.takeNew(queue).stream()
                .filter(m -> caseId.equals(LocalAws.caseIdOf(m.body())))
                .map(m -> Json.read(m.body(), CaseMessage.class))
                .toList();
    }

    @Test
    void shippedMovesTheCaseToReplacedOnceAndLaterAnswersChangeNothing() {
        String order = "ord_" + UUID.randomUUID();
        String caseId = replacementPending(order);
        JsonNode grant = decision(caseId).path("grant");
        assertEquals("replacement", grant.path("resolution").asText());
        assertEquals("refund", grant.path("fallback").asText());
        // The fallback's amount and units are held on the order while the store is asked.
        assertTrue(aws.ledger(order).get("committed_cases").ss().contains(caseId));
        aws.takeNew(aws.followUpQueue());

        Answer moved = signed(shipped(caseId));
        assertEquals(200, moved.status());
        assertEquals("moved", moved.body().getString("outcome"));
        assertEquals("replaced", status(caseId));
        JsonNode shipment = decision(caseId).path("grant").path("shipment");
        assertEquals("UPS", shipment.path("carrier").asText());
        assertEquals("1Z999AA10123456784", shipment.path("tracking_code").asText());
        long replaced = version(caseId);
        List<CaseMessage> told = messages(aws.followUpQueue(), caseId);
        assertEquals(1, told.size());
        assertEquals("replaced", told.get(0).status().wire());

        // A replay, and a contradicting out-of-stock answer after the shipment: nothing changes. Each tells the
        // shipment again (ADR 0035: the first delivery may have stopped before its message), which send-follow-up
        // records once; no payout.
        assertEquals("unchanged", signed(shipped(caseId)).body().getString("outcome"));
        assertEquals("unchanged", signed(outOfStock(caseId)).body().getString("outcome"));
        assertEquals(replaced, version(caseId));
        assertEquals(
                List.of("replaced", "replaced"),
                messages(aws.followUpQueue(), caseId).stream()
                        .map(m -> m.status().wire())
                        .toList());
        assertEquals(List.of(), messages(aws.payoutQueue(), caseId));
    }

    @Test
    void outOfStockApprovesTheRulesNextResolutionAndQueuesItsPayoutOnce() throws Exception {
        String order = "ord_" + UUID.randomUUID();
        String caseId = replacementPending(order);
        long held = decision(caseId).path("amount").asLong();
        String committed = aws.ledger(order).get("committed_amount").n();
        aws.takeNew(aws.followUpQueue());

        // Three deliveries of the same answer at once: one moves the case.
        String body = outOfStock(caseId);
        List<String> outcomes = CarrierWebhookFunctionTest.concurrently(
                3, () -> signed(body).body().getString("outcome"));
        assertEquals(1, outcomes.stream().filter("moved"::equals).count(), outcomes.toString());
        assertEquals("approved", status(caseId));
        JsonNode decision = decision(caseId);
        assertEquals("refund", decision.path("grant").path("resolution").asText());
        assertEquals("out_of_stock", decision.path("rule").asText());
        assertEquals(held, decision.path("amount").asLong());
        assertEquals("original_payment", decision.path("method").asText());
        // The hold becomes the approval's share: the ledger is unchanged.
        assertEquals(committed, aws.ledger(order).get("committed_amount").n());
        // The deliveries that found the case moved may take themselves for repeats and send its messages again (ADR
        // 0035): issue-payout pays once per key, send-follow-up records "approved" once.
        int payouts = messages(aws.payoutQueue(), caseId).size();
        assertTrue(payouts >= 1 && payouts <= 3, "payout messages: " + payouts);
        List<CaseMessage> told = messages(aws.followUpQueue(), caseId);
        assertTrue(told.size() >= 1 && told.size() <= 3, told.toString());
        assertTrue(told.stream().allMatch(m -> m.status().wire().equals("approved")), told.toString());

        // A shipment reported after the fallback: nothing changes; the approval's payout is asked again (the case
        // still waits on it), which issue-payout pays once.
        long approved = version(caseId);
        assertEquals("unchanged", signed(shipped(caseId)).body().getString("outcome"));
        assertEquals(approved, version(caseId));
        assertEquals(1, messages(aws.payoutQueue(), caseId).size());
    }

    @Test
    void unsignedStaleOrBadCallsAreRefusedAndUnknownCasesChangeNothing() {
        String caseId = replacementPending("ord_" + UUID.randomUUID());
        long before = version(caseId);
        String body = shipped(caseId);

        Answer unsigned = send(body, null);
        assertEquals(400, unsigned.status());
        assertEquals("signature_invalid", unsigned.body().getString("error.code"));
        Answer wrongSecret = send(body, signature(body, Instant.now().getEpochSecond(), "not_the_secret"));
        assertEquals("signature_invalid", wrongSecret.body().getString("error.code"));
        // A genuine call replayed an hour later is outside the tolerance.
        long hourAgo = Instant.now().minusSeconds(3600).getEpochSecond();
        Answer stale = send(body, signature(body, hourAgo, CarrierWebhookProfile.STORE_SECRET));
        assertEquals("signature_invalid", stale.body().getString("error.code"));
        // A body changed after signing.
        String signature = signature(body, Instant.now().getEpochSecond(), CarrierWebhookProfile.STORE_SECRET);
        assertEquals(
                "signature_invalid",
                send(body.replace("UPS", "DHL"), signature).body().getString("error.code"));

        Answer noTracking = signed("""
                {"type": "replacement_shipped", "case_id": "%s", "carrier": "UPS"}""".formatted(caseId));
        assertEquals(400, noTracking.status());
        assertEquals("parameter_missing", noTracking.body().getString("error.code"));
        assertEquals("tracking_code", noTracking.body().getString("error.field"));
        Answer markup = signed("""
                {"type": "replacement_shipped", "case_id": "%s", "carrier": "<b>UPS</b>", "tracking_code": "1Z"}""".formatted(caseId));
        assertEquals("parameter_invalid", markup.body().getString("error.code"));
        assertEquals("carrier", markup.body().getString("error.field"));
        Answer badType = signed("""
                {"type": "cancelled", "case_id": "%s"}""".formatted(caseId));
        assertEquals("type", badType.body().getString("error.field"));
        Answer badId = signed(outOfStock("not-a-case"));
        assertEquals("case_id", badId.body().getString("error.field"));
        assertEquals(400, signed("[1, 2]").status());
        assertEquals(before, version(caseId));
        assertEquals("replacement_pending", status(caseId));

        Answer unknown = signed(outOfStock("rc_0123456789abcdef0123"));
        assertEquals(200, unknown.status());
        assertEquals("unknown_case", unknown.body().getString("outcome"));
    }
}
