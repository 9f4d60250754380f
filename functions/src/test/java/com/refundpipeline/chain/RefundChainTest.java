package com.refundpipeline.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.refundpipeline.followup.SendFollowUpFunction;
import com.refundpipeline.json.Json;
import com.refundpipeline.logging.JsonLogFormatter;
import com.refundpipeline.messaging.CaseMessage;
import com.refundpipeline.pay.IssuePayoutFunction;
import com.refundpipeline.testing.BodyEditor;
import com.refundpipeline.testing.ChainProfile;
import com.refundpipeline.testing.LambdaEvents;
import com.refundpipeline.testing.LocalAws;
import com.refundpipeline.testing.LogCapture;
import com.refundpipeline.testing.Requests;
import com.refundpipeline.verify.VerifyEvidenceFunction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.logmanager.LogContext;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A case from the storefront's request to a recorded payout and the customer's messages. submit-refund is invoked
 * through the mock event server with function URL events; each queue's real messages are then handed to the next
 * function as Funqy hands an SQS record's body to it (the per-function tests cover the SQS event shape itself).
 */
@QuarkusTest
@TestProfile(ChainProfile.class)
class RefundChainTest {

    @Inject
    LocalAws aws;

    @Inject
    VerifyEvidenceFunction verifyEvidence;

    @Inject
    IssuePayoutFunction issuePayout;

    @Inject
    SendFollowUpFunction sendFollowUp;

    /** A storefront's POST /refunds under a fresh idempotency key, answered with {@code status}. */
    static JsonPath submit(String body, int status) {
        return call(
                "POST",
                "/refunds",
                Map.of(
                        "content-type",
                        "application/json",
                        "idempotency-key",
                        UUID.randomUUID().toString()),
                body,
                status);
    }

    static JsonPath call(String method, String path, Map<String, String> headers, String body, int status) {
        String response = io.restassured.RestAssured.given()
                .contentType("application/json")
                .body(LambdaEvents.functionUrl(method, path, headers, body))
                .post("/_lambda_")
                .then()
                .statusCode(200)
                .body("statusCode", org.hamcrest.Matchers.equalTo(status))
                .extract()
                .path("body");
        return new JsonPath(response);
    }

    List<String> timeline(String caseId) {
        return LocalAws.timeline(aws.caseItem(caseId)).stream()
                .map(e -> e.type())
                .toList();
    }

    void deliverVerify(List<LocalAws.QueuedMessage> messages) {
        messages.forEach(m -> verifyEvidence.verifyEvidence(Json.read(m.body(), CaseMessage.class)));
    }

    @Test
    void aDamagedItemTravelsFromRequestToMoneyAndTheCustomerHearsAtEachStep() throws Exception {
        String order = "ord_" + UUID.randomUUID();
        JsonPath receipt = submit(Requests.damaged(order), 201);
        String caseId = receipt.getString("case_id");

        // submit-refund: the case is recorded and verification queued.
        assertEquals("received", aws.caseItem(caseId).get("status").s());
        List<LocalAws.QueuedMessage> toVerify = aws.takeNew(aws.verifyQueue());
        assertEquals(1, toVerify.size());
        assertEquals(
                "verification_requested",
                Json.MAPPER.readTree(toVerify.get(0).body()).path("type").asText());

        // verify-evidence: approved under the policy, the order's share committed, the payout queued.
        deliverVerify(toVerify);
        Map<String, AttributeValue> approved = aws.caseItem(caseId);
        assertEquals("approved", approved.get("status").s());
        assertEquals(List.of("case.received", "case.approved"), timeline(caseId));
        assertEquals("policy:2026-11-v2", LocalAws.timeline(approved).get(1).actor());
        List<LocalAws.QueuedMessage> toPay = aws.takeNew(aws.payoutQueue());
        assertEquals(1, toPay.size());

        // issue-payout: intent, provider, outcome; the case is paid.
        toPay.forEach(m -> issuePayout.issuePayout(Json.read(m.body(), CaseMessage.class)));
        assertEquals("paid", aws.caseItem(caseId).get("status").s());
        assertEquals(List.of("case.received", "case.approved", "case.payout_pending", "case.paid"), timeline(caseId));
        assertEquals(
                1,
                aws.scan("PayoutsTable").stream()
                        .filter(p -> caseId.equals(p.get("case_id").s()))
                        .count());

        // send-follow-up: one message per status the customer hears about; the first also tells "received", in the
        // same message (ADR 0036).
        List<LocalAws.QueuedMessage> followUps = aws.takeNew(aws.followUpQueue()).stream()
                .filter(m -> caseId.equals(LocalAws.caseIdOf(m.body())))
                .toList();
        assertEquals(
                List.of("approved", "paid"),
                followUps.stream()
                        .map(m -> LocalAws.caseIdOf(m.body()) == null ? "" : statusOf(m.body()))
                        .toList());
        for (LocalAws.QueuedMessage m : followUps) {
            sendFollowUp.sendFollowUp(Json.MAPPER.readTree(m.body()));
        }

        // The storefront reads the case and what the customer was told.
        JsonPath view = call("GET", "/refunds/" + caseId, Map.of(), null, 200);
        assertEquals("paid", view.getString("status"));
        assertEquals(2999, view.getInt("payout.amount"));
        assertEquals("succeeded", view.getString("payout.status"));
        assertEquals(List.of("received", "approved", "payout_pending", "paid"), view.getList("timeline.to"));
        JsonPath told = call("GET", "/refunds/" + caseId + "/notifications", Map.of(), null, 200);
        // The survey waits in the outbox for its time, after the money has settled.
        assertEquals(List.of("approved", "paid", "survey"), told.getList("data.event"));
        assertTrue(told.getString("data[0].body").startsWith("我们已收到订单"), told.getString("data[0].body"));
        assertEquals(
                "pending", told.getList("data.delivery_status", String.class).get(2));
    }

    @Test
    void evidenceAddedToACaseWaitingOnItSendsItBackToVerification() {
        JsonPath receipt = call(
                "POST",
                "/refunds",
                Map.of(
                        "content-type",
                        "application/json",
                        "idempotency-key",
                        UUID.randomUUID().toString()),
                Requests.refund("ord_" + UUID.randomUUID(), 1, "quality_defect", false),
                201);
        String caseId = receipt.getString("case_id");
        deliverVerify(aws.takeNew(aws.verifyQueue()));
        assertEquals("needs_evidence", aws.caseItem(caseId).get("status").s());

        JsonPath updated = call(
                "POST",
                "/refunds/" + caseId + "/evidence",
                Map.of("content-type", "application/json"),
                "{\"evidence\": [" + Requests.PHOTO + "]}",
                200);
        assertEquals("verifying", updated.getString("status"));
        assertEquals(1, updated.getList("evidence").size());

        deliverVerify(aws.takeNew(aws.verifyQueue()));
        assertEquals("approved", aws.caseItem(caseId).get("status").s());
        assertEquals(
                List.of("case.received", "case.needs_evidence", "case.verifying", "case.approved"), timeline(caseId));
    }

    @Test
    void everyLineACaseLogsIsOneJsonObjectNamingTheCaseAndNoContactDetails() throws Exception {
        assertInstanceOf(
                JsonLogFormatter.class,
                LogCapture.consoleFormatter(
                        LogContext.getLogContext().getLogger("").getHandlers()),
                "the console writes JSON once the application runs");
        String email = "grace." + UUID.randomUUID().toString().substring(0, 8) + "@example.com";
        String phone = "+4915112345678";
        String note = "Flat 4, 12 Hopper Street: box crushed";
        String body = BodyEditor.set(Requests.damaged("ord_" + UUID.randomUUID()), "customer.email", '"' + email + '"');
        body = BodyEditor.set(body, "customer.phone", '"' + phone + '"');
        body = BodyEditor.set(body, "note", '"' + note + '"');

        String caseId;
        List<String> lines;
        List<JsonNode> json;
        try (LogCapture logs = LogCapture.start()) {
            caseId = submit(body, 201).getString("case_id");
            deliverVerify(aws.takeNew(aws.verifyQueue()));
            aws.takeNew(aws.payoutQueue())
                    .forEach(m -> issuePayout.issuePayout(Json.read(m.body(), CaseMessage.class)));
            for (LocalAws.QueuedMessage m : aws.takeNew(aws.followUpQueue())) {
                sendFollowUp.sendFollowUp(Json.MAPPER.readTree(m.body()));
            }
            // A poison message is logged too, with what was wrong.
            String wrongKind = "{\"type\":\"verification_requested\",\"case_id\":\"" + caseId + "\"}";
            assertThrows(
                    RuntimeException.class, () -> issuePayout.issuePayout(Json.read(wrongKind, CaseMessage.class)));
            lines = logs.lines();
            json = logs.json();
        }
        assertEquals("paid", aws.caseItem(caseId).get("status").s());

        for (String line : lines) {
            for (String personal : List.of(email, phone, note, "Hopper")) {
                assertFalse(line.contains(personal), () -> "personal data in a log line: " + line);
            }
        }
        // Each step said what it did to this case, and the queue consumers' lines carry its id as a field.
        List<JsonNode> aboutTheCase = json.stream()
                .filter(l -> l.path("message").asText().contains(caseId))
                .toList();
        assertTrue(aboutTheCase.size() >= 4, () -> "lines about the case: " + aboutTheCase);
        assertTrue(
                aboutTheCase.stream()
                        .anyMatch(l -> l.path("message").asText().contains("paid")
                                && caseId.equals(l.path("case_id").asText())),
                () -> "paid, with case_id: " + aboutTheCase);
        assertTrue(
                json.stream()
                        .anyMatch(l -> l.path("level").asText().equals("ERROR")
                                && caseId.equals(l.path("case_id").asText())),
                "the poison message's line names the case");
    }

    static String statusOf(String body) {
        try {
            return Json.MAPPER.readTree(body).path("status").asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
