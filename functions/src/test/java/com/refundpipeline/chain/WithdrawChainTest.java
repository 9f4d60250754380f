package com.refundpipeline.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.refundpipeline.followup.SendFollowUpFunction;
import com.refundpipeline.json.Json;
import com.refundpipeline.messaging.CaseMessage;
import com.refundpipeline.pay.IssuePayoutFunction;
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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** {@code POST /refunds/{case_id}/withdraw}: before the money moves the case ends, after it a clear 409. */
@QuarkusTest
@TestProfile(ChainProfile.class)
class WithdrawChainTest {

    static final Map<String, String> JSON = Map.of("content-type", "application/json");

    @Inject
    LocalAws aws;

    @Inject
    VerifyEvidenceFunction verifyEvidence;

    @Inject
    IssuePayoutFunction issuePayout;

    @Inject
    SendFollowUpFunction sendFollowUp;

    static JsonPath call(String method, String path, Map<String, String> headers, String body, int status) {
        return RefundChainTest.call(method, path, headers, body, status);
    }

    String open(String order, String body) {
        return RefundChainTest.submit(body, 201).getString("case_id");
    }

    void verify(String caseId) {
        aws.takeNew(aws.verifyQueue()).stream()
                .filter(m -> caseId.equals(LocalAws.caseIdOf(m.body())))
                .forEach(m -> verifyEvidence.verifyEvidence(Json.read(m.body(), CaseMessage.class)));
    }

    List<LocalAws.QueuedMessage> payouts(String caseId) {
        return aws.takeNew(aws.payoutQueue()).stream()
                .filter(m -> caseId.equals(LocalAws.caseIdOf(m.body())))
                .toList();
    }

    Map<String, AttributeValue> ledger(String order) {
        return aws.ledger(order);
    }

    @Test
    void anApprovedCaseWithdrawnGivesItsShareBackAndALatePayoutPaysNothing() throws Exception {
        String order = "ord_" + UUID.randomUUID();
        String caseId = open(order, Requests.damaged(order));
        verify(caseId);
        assertEquals("approved", aws.caseItem(caseId).get("status").s());
        assertEquals("2999", ledger(order).get("committed_amount").n());
        List<LocalAws.QueuedMessage> toPay = payouts(caseId);
        assertEquals(1, toPay.size());

        JsonPath withdrawn =
                call("POST", "/refunds/" + caseId + "/withdraw", JSON, "{\"note\": \"found a fix myself\"}", 200);
        assertEquals("withdrawn", withdrawn.getString("status"));
        Map<String, AttributeValue> item = aws.caseItem(caseId);
        assertEquals("withdrawn", item.get("status").s());
        assertEquals("storefront", LocalAws.timeline(item).get(2).actor());
        // Kept for the policy's retention (P730D), then DynamoDB's TTL deletes it.
        long expires = Long.parseLong(item.get("expires_at").n());
        assertTrue(expires > Instant.now().plus(Duration.ofDays(729)).getEpochSecond());
        // Its immutable request item expires with it, in the same transaction as the ledger's release.
        assertEquals(item.get("expires_at"), aws.caseItem(caseId + "#request").get("expires_at"));
        assertNull(item.get("open_queue"), "a withdrawn case leaves the SLA sweep");
        // The order has its share back: amount, units and the case's claim on it.
        Map<String, AttributeValue> position = ledger(order);
        assertEquals("0", position.get("committed_amount").n());
        assertFalse(position.containsKey("committed_cases")
                && position.get("committed_cases").ss().contains(caseId));

        // The payout message was already on its way: it finds a withdrawn case and pays nothing.
        toPay.forEach(m -> issuePayout.issuePayout(Json.read(m.body(), CaseMessage.class)));
        assertEquals("withdrawn", aws.caseItem(caseId).get("status").s());
        assertEquals(
                0,
                aws.scan("PayoutsTable").stream()
                        .filter(p -> caseId.equals(p.get("case_id").s()))
                        .count());

        // A repeated withdrawal answers the same case and writes nothing.
        long version = Long.parseLong(aws.caseItem(caseId).get("version").n());
        assertEquals(
                "withdrawn",
                call("POST", "/refunds/" + caseId + "/withdraw", JSON, null, 200)
                        .getString("status"));
        assertEquals(version, Long.parseLong(aws.caseItem(caseId).get("version").n()));

        // The customer is told once, in their language.
        for (LocalAws.QueuedMessage m : aws.takeNew(aws.followUpQueue())) {
            if (caseId.equals(LocalAws.caseIdOf(m.body()))) {
                sendFollowUp.sendFollowUp(Json.MAPPER.readTree(m.body()));
            }
        }
        JsonPath told = call("GET", "/refunds/" + caseId + "/notifications", Map.of(), null, 200);
        assertEquals(List.of("approved", "withdrawn"), told.getList("data.event"));
    }

    @Test
    void aReceivedCaseWithdrawnIsNeverVerified() {
        String order = "ord_" + UUID.randomUUID();
        String caseId = open(order, Requests.damaged(order));
        assertEquals(
                "withdrawn",
                call("POST", "/refunds/" + caseId + "/withdraw", JSON, null, 200)
                        .getString("status"));
        verify(caseId);
        assertEquals("withdrawn", aws.caseItem(caseId).get("status").s());
        assertEquals(0, payouts(caseId).size());
    }

    @Test
    void afterTheMoneyMovedAWithdrawalIsRefusedWithAClearCode() {
        String order = "ord_" + UUID.randomUUID();
        String caseId = open(order, Requests.damaged(order));
        verify(caseId);
        payouts(caseId).forEach(m -> issuePayout.issuePayout(Json.read(m.body(), CaseMessage.class)));
        assertEquals("paid", aws.caseItem(caseId).get("status").s());
        long version = Long.parseLong(aws.caseItem(caseId).get("version").n());

        JsonPath refused = call("POST", "/refunds/" + caseId + "/withdraw", JSON, null, 409);
        assertEquals("refund_already_paying", refused.getString("error.code"));
        assertNotNull(refused.getString("error.message"));
        assertEquals(version, Long.parseLong(aws.caseItem(caseId).get("version").n()));
        assertEquals("2999", ledger(order).get("committed_amount").n());
    }

    @Test
    void badWithdrawalsAreRefusedAndWriteNothing() {
        String order = "ord_" + UUID.randomUUID();
        String caseId = open(order, Requests.damaged(order));
        long version = Long.parseLong(aws.caseItem(caseId).get("version").n());

        assertEquals(
                "note",
                call("POST", "/refunds/" + caseId + "/withdraw", JSON, "{\"note\": \"   \"}", 422)
                        .getString("error.field"));
        assertEquals(
                "note_invalid",
                call("POST", "/refunds/" + caseId + "/withdraw", JSON, "{\"note\": \"" + "x".repeat(501) + "\"}", 422)
                        .getString("error.code"));
        assertEquals(
                "parameter_unknown",
                call("POST", "/refunds/" + caseId + "/withdraw", JSON, "{\"why\": \"x\"}", 400)
                        .getString("error.code"));
        assertEquals(
                "invalid_json",
                call("POST", "/refunds/" + caseId + "/withdraw", JSON, "{", 400).getString("error.code"));
        assertEquals(
                "method_not_allowed",
                call("GET", "/refunds/" + caseId + "/withdraw", Map.of(), null, 405)
                        .getString("error.code"));
        assertEquals(
                "case_not_found",
                call("POST", "/refunds/rc_00000000000000000000/withdraw", JSON, null, 404)
                        .getString("error.code"));
        assertEquals("received", aws.caseItem(caseId).get("status").s());
        assertEquals(version, Long.parseLong(aws.caseItem(caseId).get("version").n()));
    }
}
