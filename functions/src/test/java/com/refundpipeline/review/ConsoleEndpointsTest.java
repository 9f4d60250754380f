package com.refundpipeline.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.refundpipeline.json.Json;
import com.refundpipeline.submit.RefundDesk;
import com.refundpipeline.submit.RefundRequestBody;
import com.refundpipeline.testing.BodyEditor;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the console reads and writes besides decisions: who am I, the queues, search, internal notes. */
@QuarkusTest
@TestProfile(ReviewCaseProfile.class)
class ConsoleEndpointsTest {

    @Inject
    LocalAws aws;

    @Inject
    RefundDesk desk;

    @Inject
    EvidenceVerifier verifier;

    @Inject
    com.refundpipeline.payout.PayoutIssuer payoutIssuer;

    /** review-case's answers, as in {@link ReviewCaseFunctionTest}. */
    record Answer(int status, JsonPath body) {}

    static Answer get(String path, String person, Map<String, String> query) {
        String event = LambdaEvents.functionUrl("GET", path, Map.of(), null);
        event = query.isEmpty() ? event : SignedIn.withQuery(event, query);
        return send(person == null ? event : SignedIn.as(event, person));
    }

    static Answer post(String path, String person, String body) {
        return send(SignedIn.as(
                LambdaEvents.functionUrl("POST", path, Map.of("content-type", "application/json"), body), person));
    }

    static Answer send(String event) {
        ReviewCaseFunctionTest.Answer answer = ReviewCaseFunctionTest.send(event);
        return new Answer(answer.status(), answer.body());
    }

    String submit(String body) {
        String caseId = desk.submit(UUID.randomUUID().toString(), Json.read(body, RefundRequestBody.class))
                .receipt()
                .caseId();
        verifier.verify(caseId);
        aws.takeNew(aws.payoutQueue());
        return caseId;
    }

    String inReview(String order, String customer, String currency) {
        String body = Requests.priced(order, 2999, 1, "other", false, "2026-11-22T10:00:00Z");
        body = BodyEditor.set(body, "order.customer_id", "\"" + customer + "\"");
        body = BodyEditor.set(body, "order.currency", "\"" + currency + "\"");
        String caseId = submit(body);
        assertEquals("in_review", aws.caseItem(caseId).get("status").s());
        return caseId;
    }

    @Test
    void meTellsThePersonTheirTierAndAuthorityInMajorUnits() {
        Answer ana = get("/me", "ana", Map.of());
        assertEquals(200, ana.status(), ana.body().prettify());
        assertEquals("ana", ana.body().getString("person"));
        assertEquals("agent", ana.body().getString("tier"));
        assertFalse(ana.body().getBoolean("unlimited"));
        Map<String, Object> usd = ana.body().getMap("limits.find { it.currency == 'USD' }");
        assertEquals(20000, ((Number) usd.get("minor_units")).intValue());
        assertEquals("200.00 USD", usd.get("formatted"));
        Map<String, Object> jpy = ana.body().getMap("limits.find { it.currency == 'JPY' }");
        assertEquals("3,000,000 JPY", jpy.get("formatted"));
        assertTrue(ana.body().getList("evidence_hosts").contains("evidence.example"));

        String event = LambdaEvents.functionUrl("GET", "/me", Map.of(), null);
        assertEquals(
                "finance",
                send(SignedIn.as(event, "kim", "[agent finance]")).body().getString("tier"),
                "the widest of several groups");
        assertEquals(
                "supervisor",
                send(SignedIn.as(event, "kim", "[\"supervisor\"]")).body().getString("tier"));
        Answer none = send(SignedIn.as(event, "kim", "[warehouse]"));
        assertEquals(403, none.status());
        assertEquals("reviewer_unknown", none.body().getString("error.code"));
        Answer anonymous = get("/me", null, Map.of());
        assertEquals(401, anonymous.status());
        assertEquals("not_signed_in", anonymous.body().getString("error.code"));
        // A header naming someone is not a sign-in.
        Answer header = send(LambdaEvents.functionUrl("GET", "/me", Map.of("x-reviewer-id", "fin"), null));
        assertEquals(401, header.status());
    }

    @Test
    void theReviewQueueIsDueFirstFilteredAndPagedWithACursor() {
        String currency = "GBP";
        List<String> mine = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            mine.add(inReview("ord_" + UUID.randomUUID(), "cus_q", currency));
        }
        List<String> seen = new ArrayList<>();
        List<String> due = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, String> query =
                    new java.util.HashMap<>(Map.of("limit", "2", "currency", currency, "reason", "other"));
            if (cursor != null) {
                query.put("cursor", cursor);
            }
            Answer page = get("/queues/in_review", "ana", query);
            assertEquals(200, page.status(), page.body().prettify());
            assertTrue(page.body().getList("data").size() <= 2);
            seen.addAll(page.body().getList("data.case_id"));
            due.addAll(page.body().getList("data.resolution_due_at"));
            page.body().getList("data.currency").forEach(c -> assertEquals(currency, c));
            cursor = page.body().getString("next_cursor");
            pages++;
        } while (cursor != null && pages < 50);
        assertTrue(seen.containsAll(mine), seen + " has " + mine);
        assertEquals(due.stream().sorted().toList(), due, "due first");
        assertEquals(seen.size(), seen.stream().distinct().count(), "no case twice across pages");

        assertEquals(
                400,
                get("/queues/in_review", "ana", Map.of("cursor", "bm90IG91cnM")).status());
        assertEquals(
                400, get("/queues/in_review", "ana", Map.of("limit", "1000")).status());
        assertEquals(404, get("/queues/everything", "ana", Map.of()).status());
    }

    @Test
    void failedPayoutsAndCasesWaitingOnEvidenceHaveTheirQueues() {
        String body = Requests.priced("ord_" + UUID.randomUUID(), 1092, 1, "damaged", true, "2026-11-22T10:00:00Z");
        String failed = submit(body);
        payoutIssuer.pay(failed);
        assertEquals("payout_failed", aws.caseItem(failed).get("status").s());
        assertTrue(get("/queues/payouts_failed", "ana", Map.of("limit", "100"))
                .body()
                .getList("data.case_id")
                .contains(failed));

        String waiting = inReview("ord_" + UUID.randomUUID(), "cus_e", "USD");
        assertEquals(
                200,
                post(
                                "/cases/" + waiting + "/decisions",
                                "ana",
                                "{\"action\": \"request_evidence\", \"explanation\": \"A photo of the label, please.\"}")
                        .status());
        assertTrue(get("/queues/evidence_overdue", "ana", Map.of("limit", "100"))
                .body()
                .getList("data.case_id")
                .contains(waiting));
    }

    @Test
    void searchFindsCasesByCaseOrderOrCustomerId() {
        String order = "ord_" + UUID.randomUUID();
        String customer = "cus_" + UUID.randomUUID();
        String first = inReview(order, customer, "USD");
        String other = inReview("ord_" + UUID.randomUUID(), customer, "USD");

        assertEquals(
                List.of(first), get("/search", "ana", Map.of("q", order)).body().getList("data.case_id"));
        List<String> byCustomer =
                get("/search", "ana", Map.of("q", customer)).body().getList("data.case_id");
        assertEquals(List.of(other, first), byCustomer, "newest first");
        assertEquals(
                List.of(first), get("/search", "ana", Map.of("q", first)).body().getList("data.case_id"));
        assertEquals(
                List.of(),
                get("/search", "ana", Map.of("q", "ord_nothing")).body().getList("data"));
        assertEquals(400, get("/search", "ana", Map.of()).status());
    }

    @Test
    void anInternalNoteIsOnTheStaffTimelineOnlyAndDoesNotBlockADecision() {
        String caseId = inReview("ord_" + UUID.randomUUID(), "cus_n", "USD");
        String version = aws.caseItem(caseId).get("version").n();
        String text = "<script>alert('x')</script> customer called twice";

        Answer noted = post("/cases/" + caseId + "/notes", "ana", Json.write(Map.of("text", text)));

        assertEquals(201, noted.status(), noted.body().prettify());
        assertEquals("case.internal_note", noted.body().getString("timeline[-1].type"));
        assertEquals(text, noted.body().getString("timeline[-1].reason"), "kept as written; the console shows text");
        assertEquals("reviewer:ana", noted.body().getString("timeline[-1].actor"));
        assertEquals(version, aws.caseItem(caseId).get("version").n(), "a note moves nothing");
        assertTrue(
                desk.find(caseId).timeline().stream().noneMatch(e -> e.type().equals("case.internal_note")),
                "the customer's view never carries an internal note");
        assertTrue(desk.find(caseId).timeline().stream()
                .noneMatch(e -> String.valueOf(e.reason()).contains("called")));

        assertEquals(
                200,
                post("/cases/" + caseId + "/decisions", "ana", "{\"action\": \"approve\", \"amount\": 2999}")
                        .status(),
                "the note made no conflict");
        assertEquals(
                404,
                post("/cases/rc_ffffffffffffffffffff/notes", "ana", "{\"text\": \"x\"}")
                        .status());
        assertEquals(
                400,
                post("/cases/" + caseId + "/notes", "ana", "{\"text\": \" \"}").status());
        assertNotNull(get("/cases/" + caseId + "/order", "ana", Map.of()).body().getList("lines"));
        assertNull(get("/cases/" + caseId + "/order", "ana", Map.of()).body().get("email"));
    }
}
