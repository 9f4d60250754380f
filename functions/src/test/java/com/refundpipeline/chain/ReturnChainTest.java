package com.refundpipeline.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.refundpipeline.followup.SendFollowUpFunction;
import com.refundpipeline.json.Json;
import com.refundpipeline.messaging.CaseMessage;
import com.refundpipeline.testing.BodyEditor;
import com.refundpipeline.testing.ChainProfile;
import com.refundpipeline.testing.LocalAws;
import com.refundpipeline.testing.Requests;
import com.refundpipeline.verify.VerifyEvidenceFunction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Return authorization: a changed-mind case waits for the item ({@code awaiting_return}) with a deadline and a label
 * bought once, holds its units on the order, and the customer is told how to send it back.
 */
@QuarkusTest
@TestProfile(ChainProfile.class)
class ReturnChainTest {

    static final Map<String, String> JSON = Map.of("content-type", "application/json");

    @Inject
    LocalAws aws;

    @Inject
    VerifyEvidenceFunction verifyEvidence;

    @Inject
    SendFollowUpFunction sendFollowUp;

    static JsonPath call(String method, String path, Map<String, String> headers, String body, int status) {
        return RefundChainTest.call(method, path, headers, body, status);
    }

    static String changedMind(String order, int quantity, String locale) {
        String body = Requests.refund(order, quantity, "changed_mind", false);
        body = BodyEditor.set(body, "customer.locale", "\"" + locale + "\"");
        return BodyEditor.set(body, "order.shipment_reference", "\"shp_" + order + "\"");
    }

    String open(String body) {
        return RefundChainTest.submit(body, 201).getString("case_id");
    }

    List<CaseMessage> verifyMessages(String caseId) {
        return aws.takeNew(aws.verifyQueue()).stream()
                .filter(m -> caseId.equals(LocalAws.caseIdOf(m.body())))
                .map(m -> Json.read(m.body(), CaseMessage.class))
                .toList();
    }

    List<Map<String, AttributeValue>> labelItems(String caseId) {
        return aws.scan("ReturnLabelsTable").stream()
                .filter(i -> caseId.equals(i.get("case_id").s()))
                .toList();
    }

    JsonNode grant(String caseId) {
        return Json.read(aws.decisionJson(aws.caseItem(caseId)), JsonNode.class).path("grant");
    }

    List<JsonNode> toldInOrder(String caseId) throws Exception {
        for (LocalAws.QueuedMessage m : aws.takeNew(aws.followUpQueue())) {
            if (caseId.equals(LocalAws.caseIdOf(m.body()))) {
                sendFollowUp.sendFollowUp(Json.MAPPER.readTree(m.body()));
            }
        }
        JsonNode told = Json.read(
                call("GET", "/refunds/" + caseId + "/notifications", Map.of(), null, 200)
                        .prettify(),
                JsonNode.class);
        List<JsonNode> messages = new ArrayList<>();
        told.path("data").forEach(messages::add);
        return messages;
    }

    @Test
    void aChangedMindCaseAwaitsTheItemWithADeadlineALabelAndItsUnitsHeld() throws Exception {
        String order = "ord_" + UUID.randomUUID();
        String caseId = open(changedMind(order, 1, "en"));
        Instant before = Instant.now();
        verifyMessages(caseId).forEach(verifyEvidence::verifyEvidence);

        Map<String, AttributeValue> item = aws.caseItem(caseId);
        assertEquals("awaiting_return", item.get("status").s());
        JsonNode grant = grant(caseId);
        JsonNode authorization = grant.path("authorization");
        assertEquals("refund", grant.path("resolution").asText());
        assertEquals("customer", authorization.path("shipping").asText());
        assertEquals("SandboxPost", authorization.path("carrier").asText());
        assertTrue(authorization.path("tracking_code").asText().startsWith("SBX"), authorization.toString());
        assertEquals(750, authorization.path("label_cost").asLong());
        // The deadline is the rule's 30 days, and the case's due time follows it (the SLA clock stops meanwhile).
        Instant returnBy = Instant.parse(authorization.path("return_by").asText());
        assertFalse(returnBy.isBefore(before.plus(Duration.ofDays(30))));
        assertEquals(returnBy.toString(), item.get("resolution_due_at").s());
        // Move and authorization are one write: one timeline event, the decision carries the label.
        List<String> timeline =
                LocalAws.timeline(item).stream().map(e -> e.type()).toList();
        assertEquals(List.of("case.received", "case.awaiting_return"), timeline);
        // What the rule would give (29.99 less the 10 % restocking fee) is held on the order, with the unit.
        Map<String, AttributeValue> position = aws.ledger(order);
        assertEquals("2700", position.get("committed_amount").n());
        assertEquals("1", position.get("units:TSHIRT-M").n());
        assertTrue(position.get("committed_cases").ss().contains(caseId));
        // The label, and the tracking code's way back to the case.
        assertEquals(2, labelItems(caseId).size());

        List<JsonNode> told = toldInOrder(caseId);
        assertEquals(
                List.of("awaiting_return"),
                told.stream().map(m -> m.path("event").asText()).toList());
        String instructions = told.get(0).path("body").asText();
        assertTrue(instructions.contains("send the item back by"), instructions);
        assertTrue(instructions.contains(authorization.path("label_url").asText()), instructions);
        assertTrue(instructions.contains("the label's cost, 7.50 USD, is taken from your refund"), instructions);
        assertTrue(instructions.contains("up to 27.00 USD"), instructions);
    }

    @Test
    void aRedeliveredOrConcurrentVerificationBuysNoSecondLabel() throws Exception {
        String order = "ord_" + UUID.randomUUID();
        String caseId = open(changedMind(order, 1, "zh-CN"));
        List<CaseMessage> messages = verifyMessages(caseId);
        assertEquals(1, messages.size());
        CaseMessage message = messages.get(0);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Callable<Void>> deliveries = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                deliveries.add(() -> {
                    try {
                        verifyEvidence.verifyEvidence(message);
                    } catch (RuntimeException lostTheClaim) {
                        // A delivery that finds the label being bought is retried by the queue.
                    }
                    return null;
                });
            }
            for (Future<Void> f : pool.invokeAll(deliveries)) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        // A late redelivery after the move: nothing changes.
        verifyEvidence.verifyEvidence(message);
        Map<String, AttributeValue> item = aws.caseItem(caseId);
        assertEquals("awaiting_return", item.get("status").s());
        assertEquals("2", item.get("version").n());
        assertEquals(2, labelItems(caseId).size(), "one label and its tracking item");
        assertEquals("2700", aws.ledger(order).get("committed_amount").n());

        List<JsonNode> told = toldInOrder(caseId);
        assertEquals(
                List.of("awaiting_return"),
                told.stream().map(m -> m.path("event").asText()).toList());
        String instructions = told.get(0).path("body").asText();
        assertTrue(instructions.contains("请在"), instructions);
        assertTrue(instructions.contains("退货面单"), instructions);
    }

    @Test
    void unitsHeldForAReturnCannotBeRefundedAgainAndAWithdrawalGivesThemBack() {
        String order = "ord_" + UUID.randomUUID();
        String first = open(changedMind(order, 2, "en"));
        verifyMessages(first).forEach(verifyEvidence::verifyEvidence);
        assertEquals("awaiting_return", aws.caseItem(first).get("status").s());
        assertEquals("2", aws.ledger(order).get("units:TSHIRT-M").n());

        // Both units are promised to the return: a damaged claim for one of them cannot be approved meanwhile.
        long cases = aws.caseCount();
        JsonPath refused = RefundChainTest.submit(Requests.damaged(order), 422);
        assertNotNull(refused.getString("error.code"));
        assertEquals(cases, aws.caseCount());
        assertEquals("2", aws.ledger(order).get("units:TSHIRT-M").n());

        assertEquals(
                "withdrawn",
                call("POST", "/refunds/" + first + "/withdraw", JSON, null, 200).getString("status"));
        Map<String, AttributeValue> position = aws.ledger(order);
        assertEquals("0", position.get("committed_amount").n());
        assertEquals("0", position.get("units:TSHIRT-M").n());
    }

    @Test
    void anOrderWithoutAShipmentReferenceStillGetsAReturnAuthorization() {
        // The sandbox carrier labels any order; the label-less path is EasyPost's (see EasyPostCarrierLabelsTest).
        String order = "ord_" + UUID.randomUUID();
        String body = Requests.refund(order, 1, "changed_mind", false);
        String caseId = open(body);
        verifyMessages(caseId).forEach(verifyEvidence::verifyEvidence);
        assertEquals("awaiting_return", aws.caseItem(caseId).get("status").s());
    }

    @Test
    void aBadShipmentReferenceIsRefusedWithItsFieldAndWritesNothing() {
        String order = "ord_" + UUID.randomUUID();
        long before = aws.caseCount();
        String blank =
                BodyEditor.set(Requests.refund(order, 1, "changed_mind", false), "order.shipment_reference", "\"  \"");
        JsonPath refused = RefundChainTest.submit(blank, 400);
        assertEquals("order.shipment_reference", refused.getString("error.field"));
        assertEquals(before, aws.caseCount());
    }
}
