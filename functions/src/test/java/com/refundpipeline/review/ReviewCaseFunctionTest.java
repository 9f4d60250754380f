package com.refundpipeline.review;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.refundpipeline.json.Json;
import com.refundpipeline.policy.PolicyLoader;
import com.refundpipeline.replay.ReplayCommand;
import com.refundpipeline.submit.RefundDesk;
import com.refundpipeline.submit.RefundRequestBody;
import com.refundpipeline.testing.LambdaEvents;
import com.refundpipeline.testing.LocalAws;
import com.refundpipeline.testing.Requests;
import com.refundpipeline.testing.ReviewCaseProfile;
import com.refundpipeline.testing.SignedIn;
import com.refundpipeline.verify.EvidenceVerifier;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** review-case through the mock event server with function URL events, against DynamoDB Local and ElasticMQ. */
@QuarkusTest
@TestProfile(ReviewCaseProfile.class)
class ReviewCaseFunctionTest {

    @Inject
    LocalAws aws;

    @Inject
    RefundDesk desk;

    @Inject
    EvidenceVerifier verifier;

    @Inject
    com.refundpipeline.payout.PayoutIssuer payoutIssuer;

    record Answer(int status, JsonPath body) {}

    /** As the console's HTTP API delivers it: {@code reviewer}'s verified sign-in, or none when null. */
    static Answer call(String method, String path, String reviewer, String body) {
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", "application/json");
        String event = LambdaEvents.functionUrl(method, path, headers, body);
        return send(reviewer == null ? event : SignedIn.as(event, reviewer));
    }

    static Answer send(String event) {
        JsonPath response = new JsonPath(given().contentType("application/json")
                .body(event)
                .when()
                .post("/_lambda_")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        return new Answer(response.getInt("statusCode"), new JsonPath(response.getString("body")));
    }

    static Answer decide(String caseId, String reviewer, String body) {
        return call("POST", "/cases/" + caseId + "/decisions", reviewer, body);
    }

    /** A case the policy sent to a person ("other" always goes to one), for quantity x unit. */
    String inReview(String order, long unitAmount, int quantity) {
        String body = Requests.priced(order, unitAmount, quantity, "other", false, "2026-11-22T10:00:00Z");
        String caseId = desk.submit(UUID.randomUUID().toString(), Json.read(body, RefundRequestBody.class))
                .receipt()
                .caseId();
        verifier.verify(caseId);
        assertEquals("in_review", aws.caseItem(caseId).get("status").s());
        aws.takeNew(aws.payoutQueue());
        return caseId;
    }

    @org.junit.jupiter.api.Test
    void anOperatorRetriesAFailedPayoutAsTheNextAttemptAndOnlyThen() {
        // The sandbox declines amounts ending in 92: the case ends payout_failed with the bank's reason.
        String body = Requests.priced("ord_" + UUID.randomUUID(), 1092, 1, "damaged", true, "2026-11-22T10:00:00Z");
        String caseId = desk.submit(UUID.randomUUID().toString(), Json.read(body, RefundRequestBody.class))
                .receipt()
                .caseId();
        verifier.verify(caseId);
        payoutIssuer.pay(caseId);
        assertEquals("payout_failed", item(caseId).get("status").s());
        aws.takeNew(aws.payoutQueue());

        Answer unknown = call("POST", "/cases/" + caseId + "/payout-retries", "mallory", null);
        assertEquals(403, unknown.status());
        assertEquals("payout_failed", item(caseId).get("status").s());

        Answer retried = call("POST", "/cases/" + caseId + "/payout-retries", "ana", null);
        assertEquals(200, retried.status());
        assertEquals("payout_pending", retried.body().getString("status"));
        assertEquals(2, retried.body().getInt("payout.attempt"));
        assertEquals("refund-" + caseId + "-2", retried.body().getString("payout.idempotency_key"));
        assertEquals("operator:ana", LocalAws.timeline(item(caseId)).getLast().actor());
        assertEquals(
                1,
                aws.takeNew(aws.payoutQueue()).stream()
                        .filter(m -> caseId.equals(LocalAws.caseIdOf(m.body())))
                        .count());

        Answer again = call("POST", "/cases/" + caseId + "/payout-retries", "ana", null);
        assertEquals(409, again.status());
        assertEquals("case_not_payout_failed", again.body().getString("error.code"));
        // ADR 0035: the first retry may have stopped after its write, before its payout message; the repeat, finding
        // the case still waiting on that payout, queues it again (issue-payout is idempotent).
        assertEquals(
                1,
                aws.takeNew(aws.payoutQueue()).stream()
                        .filter(m -> caseId.equals(LocalAws.caseIdOf(m.body())))
                        .count());
    }

    @org.junit.jupiter.api.Test
    void aReviewersYesToAChangedMindCaseAuthorizesTheReturnInsteadOfPaying() {
        // A frequent refunder's changed-mind case goes to a person first; their yes sends for the item.
        String customer = "cus_" + UUID.randomUUID();
        String order = null;
        String caseId = null;
        for (int i = 0; i < 4; i++) {
            order = "ord_" + UUID.randomUUID();
            String body = com.refundpipeline.testing.BodyEditor.set(
                    Requests.refund(order, 1, "changed_mind", false), "order.customer_id", "\"" + customer + "\"");
            caseId = desk.submit(UUID.randomUUID().toString(), Json.read(body, RefundRequestBody.class))
                    .receipt()
                    .caseId();
        }
        verifier.verify(caseId);
        assertEquals("in_review", item(caseId).get("status").s());
        aws.takeNew(aws.payoutQueue());

        Answer authorized = decide(caseId, "ana", "{\"action\": \"approve\", \"amount\": 2700}");
        assertEquals(200, authorized.status(), authorized.body().prettify());
        assertEquals("awaiting_return", authorized.body().getString("status"));
        assertEquals("SandboxPost", authorized.body().getString("decision.grant.authorization.carrier"));
        assertEquals("awaiting_return", item(caseId).get("status").s());
        assertEquals("reviewer:ana", LocalAws.timeline(item(caseId)).getLast().actor());
        assertEquals(2700, committed(order));
        String id = caseId;
        assertEquals(
                0,
                aws.takeNew(aws.payoutQueue()).stream()
                        .filter(m -> id.equals(LocalAws.caseIdOf(m.body())))
                        .count(),
                "nothing is paid before the parcel is inspected");

        Answer again = decide(caseId, "ana", "{\"action\": \"approve\", \"amount\": 2700}");
        assertEquals(409, again.status());
        assertEquals("case_not_in_review", again.body().getString("error.code"));
    }

    Map<String, AttributeValue> item(String caseId) {
        return aws.caseItem(caseId);
    }

    long committed(String order) {
        return committed(aws, order);
    }

    static long committed(LocalAws aws, String order) {
        Map<String, AttributeValue> ledger = aws.dynamo()
                .getItem(g -> g.tableName(LocalAws.table("OrderLedgerTable"))
                        .key(Map.of("order_id", AttributeValue.fromS(order))))
                .item();
        return ledger == null || ledger.isEmpty()
                ? 0
                : Long.parseLong(ledger.get("committed_amount").n());
    }

    @ParameterizedTest(name = "{0} approves {1} -> {2} {3}")
    @CsvSource({
        // agent up to 200.00 USD, supervisor up to 1,000.00 USD, finance any amount
        "ana, 20000,  200, approved",
        "ana, 20001,  403, authority_exceeded",
        "sam, 20001,  200, approved",
        "sam, 100000, 200, approved",
        "sam, 100001, 403, authority_exceeded",
        "fin, 100001, 200, approved",
        "eve, 100,    403, reviewer_unknown",
    })
    void aReviewerMayApproveOnlyWithinTheirTier(String reviewer, long amount, int status, String outcome) {
        String order = "ord_" + UUID.randomUUID();
        String caseId = inReview(order, amount, 2);
        long versionBefore = Long.parseLong(item(caseId).get("version").n());

        Answer answer = decide(
                caseId,
                reviewer,
                "{\"action\": \"approve\", \"amount\": " + amount + ", \"method\": \"original_payment\"}");

        assertEquals(status, answer.status(), answer.body().prettify());
        if (status == 200) {
            assertEquals(outcome, answer.body().getString("status"));
            assertEquals(amount, answer.body().getLong("decision.amount"));
            assertEquals("reviewer:" + reviewer, answer.body().getString("decision.decided_by"));
            List<String> checks = answer.body().getList("decision.checks.validator");
            assertEquals(10, checks.size(), "the policy's findings stay on the record, with the reviewer's authority");
            assertEquals("reviewer_authority", checks.get(9));
            assertEquals(64, answer.body().getString("decision.inputs_hash").length());
            List<String> actors = answer.body().getList("timeline.actor");
            assertEquals("reviewer:" + reviewer, actors.get(actors.size() - 1));
            assertEquals(outcome, item(caseId).get("status").s());
            assertEquals(amount, committed(order), "the order's share is committed with the approval");
            assertEquals(1, aws.messagesFor(aws.payoutQueue(), caseId), "the payout is queued");
        } else {
            assertEquals(outcome, answer.body().getString("error.code"));
            assertEquals("in_review", item(caseId).get("status").s(), "a refused decision writes nothing");
            assertEquals(
                    versionBefore, Long.parseLong(item(caseId).get("version").n()));
            assertEquals(0, committed(order));
            assertEquals(0, aws.messagesFor(aws.payoutQueue(), caseId));
        }
    }

    @Test
    void theRefusalSaysWhoMayDecideWhatAndHowMuchWasAsked() {
        String caseId = inReview("ord_" + UUID.randomUUID(), 25000, 1);
        Answer answer = decide(caseId, "ana", "{\"action\": \"approve\", \"amount\": 25000}");
        assertEquals(403, answer.status());
        assertEquals(
                "ana (agent) may approve up to 200.00 USD; this decision is for 250.00 USD. "
                        + "Ask someone with a higher tier.",
                answer.body().getString("error.message"));
        assertEquals("amount", answer.body().getString("error.field"));
    }

    @Test
    void aDeclineOfAClaimAboveTheTierIsRefusedToo() {
        String caseId = inReview("ord_" + UUID.randomUUID(), 25000, 1);
        Answer answer = decide(
                caseId,
                "ana",
                "{\"action\": \"decline\", \"decline_code\": \"other\", "
                        + "\"explanation\": \"We could not match the payment.\"}");
        assertEquals(403, answer.status());
        assertEquals("authority_exceeded", answer.body().getString("error.code"));
        assertEquals("in_review", item(caseId).get("status").s());
    }

    @Test
    void aDeclineCarriesTheCodeAndAPlainExplanationTheCustomerReads() {
        String caseId = inReview("ord_" + UUID.randomUUID(), 2999, 1);
        Answer answer = decide(
                caseId,
                "ana",
                "{\"action\": \"decline\", \"decline_code\": \"not_resalable\", "
                        + "\"explanation\": \"The jacket came back with a wine stain.\"}");
        assertEquals(200, answer.status(), answer.body().prettify());
        assertEquals("declined", answer.body().getString("status"));
        assertEquals("not_resalable", answer.body().getString("decision.decline_code"));
        assertEquals(
                "The item we received back was used, washed or missing its tags, so it cannot be resold and "
                        + "does not qualify for a refund. The jacket came back with a wine stain.",
                answer.body().getString("decision.explanation"));
        assertEquals(
                1,
                aws.drain(aws.followUpQueue()).stream()
                        .filter(m -> caseId.equals(LocalAws.caseIdOf(m.body()))
                                && m.body().contains("\"status\":\"declined\""))
                        .count(),
                "the customer is told");
        assertEquals(0, aws.messagesFor(aws.payoutQueue(), caseId));
    }

    @Test
    void askingForEvidenceStopsTheClockUntilTheCustomerAnswers() {
        String caseId = inReview("ord_" + UUID.randomUUID(), 2999, 1);
        Answer answer = decide(
                caseId,
                "ana",
                "{\"action\": \"request_evidence\", "
                        + "\"explanation\": \"Please send a photo of the bank statement showing both charges.\"}");
        assertEquals(200, answer.status(), answer.body().prettify());
        assertEquals("needs_evidence", answer.body().getString("status"));
        assertEquals(
                "Please send a photo of the bank statement showing both charges.",
                answer.body().getString("decision.explanation"));
        assertEquals("reviewer:ana", answer.body().getString("timeline[-1].actor"));
    }

    @ParameterizedTest(name = "{0} by {1}: {2} {3}")
    @CsvSource(
            delimiter = '|',
            value = {
                "{\"action\": \"approve\"}                                          | ana  | 400 | parameter_missing",
                "{\"action\": \"approve\", \"amount\": 0}                           | ana  | 422 | amount_invalid",
                "{\"action\": \"approve\", \"amount\": 100, \"method\": \"cash\"}   | ana  | 422 | method_unknown",
                "{\"action\": \"approve\", \"amount\": 6000}                        | fin  | 422 | amount_exceeds_refundable",
                "{\"action\": \"refund\"}                                           | ana  | 400 | parameter_invalid",
                "{}                                                                 | ana  | 400 | parameter_missing",
                "{\"action\": \"decline\", \"explanation\": \"no\"}                 | ana  | 400 | parameter_missing",
                "{\"action\": \"decline\", \"decline_code\": \"rude\", \"explanation\": \"no\"} | ana | 422 | decline_code_unknown",
                "{\"action\": \"decline\", \"decline_code\": \"other\"}             | ana  | 400 | parameter_missing",
                "{\"action\": \"request_evidence\"}                                 | ana  | 400 | parameter_missing",
                "{\"action\": \"approve\", \"amount\": 100, \"extra\": 1}           | ana  | 400 | parameter_unknown",
                "{\"action\": \"approve\", \"amount\": 100}                         | -    | 401 | not_signed_in",
            })
    void badDecisionsAreRefusedAndWriteNothing(String body, String reviewer, int status, String code) {
        String order = "ord_" + UUID.randomUUID();
        String caseId = inReview(order, 2999, 1);
        Answer answer = decide(caseId, reviewer.equals("-") ? null : reviewer, body);
        assertEquals(status, answer.status(), answer.body().prettify());
        assertEquals(code, answer.body().getString("error.code"));
        assertEquals("in_review", item(caseId).get("status").s());
        assertEquals("2", item(caseId).get("version").n());
        assertEquals(0, committed(order));
    }

    @Test
    void aReviewerMayPayOnlyByAMethodThePolicyAllows() {
        // duplicate_payment goes back to the original payment only (policy rule duplicate_payment)
        String body = Requests.priced(
                "ord_" + UUID.randomUUID(), 2999, 1, "duplicate_payment", false, "2026-11-22T10:00:00Z");
        String caseId = desk.submit(UUID.randomUUID().toString(), Json.read(body, RefundRequestBody.class))
                .receipt()
                .caseId();
        verifier.verify(caseId);
        Answer refused =
                decide(caseId, "ana", "{\"action\": \"approve\", \"amount\": 2999, \"method\": \"store_credit\"}");
        assertEquals(422, refused.status());
        assertEquals("payout_method_not_allowed", refused.body().getString("error.code"));
        assertEquals("in_review", item(caseId).get("status").s());
        Answer approved = decide(
                caseId, "ana", "{\"action\": \"approve\", \"amount\": 2999, " + "\"method\": \"original_payment\"}");
        assertEquals(200, approved.status());
        assertEquals("original_payment", approved.body().getString("decision.method"));
    }

    @Test
    void aCaseNotInReviewIsNotDecidedHereAndTwoReviewersCannotBothWin() {
        String caseId = inReview("ord_" + UUID.randomUUID(), 2999, 1);
        assertEquals(
                200,
                decide(caseId, "ana", "{\"action\": \"approve\", \"amount\": 2999}")
                        .status());
        Answer second = decide(
                caseId,
                "sam",
                "{\"action\": \"decline\", \"decline_code\": \"other\", " + "\"explanation\": \"Changed my mind.\"}");
        assertEquals(409, second.status());
        assertEquals("case_not_in_review", second.body().getString("error.code"));
        assertEquals("approved", item(caseId).get("status").s());
        assertEquals(
                404, call("GET", "/cases/rc_ffffffffffffffffffff", "ana", null).status());
        assertEquals(405, call("DELETE", "/cases", "ana", null).status());
    }

    @Test
    void aDecisionSentAgainTellsTheCustomerAndQueuesThePayoutAgainInCaseTheFirstWasLost() {
        // ADR 0035: review-case may stop after the decision's write and before its messages; the console (or a
        // storefront's job) sends the decision again, and that repeat must still queue the payout and tell the
        // customer.
        String caseId = inReview("ord_" + UUID.randomUUID(), 2999, 1);
        String approve = "{\"action\": \"approve\", \"amount\": 2999}";
        assertEquals(200, decide(caseId, "ana", approve).status());
        aws.takeNew(aws.payoutQueue());
        assertEquals(1, approvedMessages(caseId), "the first status_changed, which is then lost");

        Answer again = decide(caseId, "ana", approve);

        assertEquals(409, again.status());
        assertEquals("case_not_in_review", again.body().getString("error.code"));
        assertEquals(1, approvedMessages(caseId), "the repeat tells approved again");
        assertEquals(
                1,
                aws.takeNew(aws.payoutQueue()).stream()
                        .filter(m -> caseId.equals(LocalAws.caseIdOf(m.body())))
                        .count(),
                "and queues the payout again while the case still waits on it");
    }

    long approvedMessages(String caseId) {
        return aws.takeNew(aws.followUpQueue()).stream()
                .filter(m ->
                        caseId.equals(LocalAws.caseIdOf(m.body())) && m.body().contains("\"status\":\"approved\""))
                .count();
    }

    @Test
    void twoApprovalsOfOneOrderNeverTakeMoreThanWasCaptured() {
        String order = "ord_" + UUID.randomUUID();
        // captured 2 x 2999 = 5998
        String first = inReview(order, 2999, 2);
        String second = inReview(order, 2999, 1);
        assertEquals(
                200,
                decide(first, "ana", "{\"action\": \"approve\", \"amount\": 4000}")
                        .status());
        Answer over = decide(second, "ana", "{\"action\": \"approve\", \"amount\": 2000}");
        assertEquals(422, over.status());
        assertEquals("amount_exceeds_refundable", over.body().getString("error.code"));
        // The first approval took back both of the order's units, so the second case has none left to refund,
        // whatever the amount: the ledger counts units as well as money.
        Answer noUnitsLeft = decide(second, "ana", "{\"action\": \"approve\", \"amount\": 1998}");
        assertEquals(422, noUnitsLeft.status());
        assertEquals(4000, committed(order));
    }

    @Test
    void theQueueListsCasesInReviewOldestFirstWithTheirSlaAge() {
        String older = inReview("ord_" + UUID.randomUUID(), 2999, 1);
        String newer = inReview("ord_" + UUID.randomUUID(), 2999, 1);
        Instant before = Instant.now();

        Answer queue = call("GET", "/cases", "ana", null);

        assertEquals(200, queue.status());
        List<String> ids = queue.body().getList("data.case_id");
        assertTrue(ids.indexOf(older) >= 0 && ids.indexOf(older) < ids.indexOf(newer), ids.toString());
        List<String> created = queue.body().getList("data.created_at");
        assertEquals(created.stream().sorted().toList(), created, "oldest first");
        Map<String, Object> entry = queue.body().getMap("data[" + ids.indexOf(older) + "]");
        assertEquals("in_review", entry.get("status"));
        assertEquals("other", entry.get("reason"));
        long age = ((Number) entry.get("age_seconds")).longValue();
        Instant createdAt = Instant.parse((String) entry.get("created_at"));
        assertTrue(
                age >= 0
                        && age
                                <= java.time.Duration.between(createdAt, Instant.now())
                                        .toSeconds(),
                "age " + age);
        Instant due = Instant.parse((String) entry.get("resolution_due_at"));
        long dueIn = ((Number) entry.get("due_in_seconds")).longValue();
        assertTrue(dueIn <= java.time.Duration.between(before, due).toSeconds() + 1, "due in " + dueIn);
        assertFalse((Boolean) entry.get("overdue"));
        assertNull(entry.get("email"), "the queue carries no contact details");
    }

    @Test
    void aCaseAPersonDecidedReplaysAsChangedWhenANewPolicyWouldDecideItAlone(@TempDir Path dir) throws Exception {
        String caseId = inReview("ord_" + UUID.randomUUID(), 2999, 1);
        assertEquals(
                200,
                decide(caseId, "ana", "{\"action\": \"approve\", \"amount\": 2999}")
                        .status());
        ObjectNode policy = (ObjectNode)
                Json.MAPPER.readTree(PolicyLoader.class.getClassLoader().getResourceAsStream("policy/default.json"));
        policy.put("version", "2026-12-other-automatic");
        for (JsonNode rule : policy.get("rules")) {
            if (rule.get("id").asText().equals("other")) {
                ((ObjectNode) rule).put("automatic", true);
            }
        }
        Path file = dir.resolve("policy.json");
        Files.writeString(file, Json.MAPPER.writeValueAsString(policy));

        assertTrue(
                replay(file.toString(), caseId)
                        .contains(
                                "CHANGED other             " + caseId
                                        + "  2026-11-v2 approved 29.99 USD by review (reviewer:ana)  ->  approved 29.99 USD by within_policy"));
        assertTrue(
                replay("classpath:policy/default.json", caseId)
                        .contains(
                                "same    other             " + caseId
                                        + "  2026-11-v2 approved 29.99 USD by review (reviewer:ana)  ->  in_review by automatic_decision"));
    }

    static String replay(String policy, String caseId) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        try {
            ReplayCommand.run(
                    new String[] {
                        "--table",
                        LocalAws.table("CasesTable"),
                        "--policy",
                        policy,
                        "--case",
                        caseId,
                        "--region",
                        "us-east-1",
                        "--endpoint",
                        ConfigProvider.getConfig().getValue("quarkus.dynamodb.endpoint-override", String.class)
                    },
                    new PrintStream(out, true, StandardCharsets.UTF_8),
                    System.err);
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void theCaseViewShowsTheDecisionRecord() {
        String caseId = inReview("ord_" + UUID.randomUUID(), 2999, 1);
        Answer view = call("GET", "/cases/" + caseId, "ana", null);
        assertEquals(200, view.status());
        assertEquals("automatic_decision", view.body().getString("decision.rule"));
        assertEquals("2026-11-v2", view.body().getString("decision.policy_version"));
        assertEquals(9, view.body().getList("decision.checks").size());
        assertEquals(64, view.body().getString("decision.inputs_hash").length());
    }
}
