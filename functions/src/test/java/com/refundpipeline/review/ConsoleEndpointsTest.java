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
import com.refundpipeline.testing.TestClock;
import com.refundpipeline.verify.EvidenceVerifier;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
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

    @Inject
    TestClock clock;

    @AfterEach
    void realTime() {
        clock.reset();
    }

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

    @Test
    void anEscalatedCaseWaitsInItsTiersQueueAndOnlyThatTierOrAboveDecidesIt() {
        String currency = "EUR";
        String caseId = inReview("ord_" + UUID.randomUUID(), "cus_esc", currency);
        String version = aws.caseItem(caseId).get("version").n();
        assertEquals(
                "agent",
                get("/cases/" + caseId + "/desk", "ana", Map.of()).body().getString("tier"));

        Answer escalated = post(
                "/cases/" + caseId + "/escalations",
                "ana",
                "{\"note\": \"Customer threatens chargeback; <b>big</b>\"}");

        assertEquals(201, escalated.status(), escalated.body().prettify());
        assertEquals("case.escalated", escalated.body().getString("timeline[-1].type"));
        assertEquals(
                "escalated from agent to supervisor: Customer threatens chargeback; <b>big</b>",
                escalated.body().getString("timeline[-1].reason"));
        assertEquals("reviewer:ana", escalated.body().getString("timeline[-1].actor"));
        assertEquals("in_review", escalated.body().getString("status"), "it waits in the same queue");
        assertEquals("supervisor", aws.caseItem(caseId).get("escalated_to").s());
        assertEquals(version, aws.caseItem(caseId).get("version").n(), "status and version stay");

        Map<String, String> supervisors = Map.of("currency", currency, "tier", "supervisor", "limit", "100");
        Answer queue = get("/queues/in_review", "sam", supervisors);
        assertTrue(
                queue.body().getList("data.case_id").contains(caseId),
                queue.body().prettify());
        assertEquals("supervisor", queue.body().getString("data.find { it.case_id == '" + caseId + "' }.escalated_to"));
        assertFalse(get("/queues/in_review", "ana", Map.of("currency", currency, "tier", "agent", "limit", "100"))
                .body()
                .getList("data.case_id")
                .contains(caseId));

        Answer standing = get("/cases/" + caseId + "/desk", "ana", Map.of());
        assertEquals("supervisor", standing.body().getString("tier"));
        assertEquals("finance", standing.body().getString("next_tier"));
        assertFalse(standing.body().getBoolean("may_decide"));
        assertTrue(get("/cases/" + caseId + "/desk", "sam", Map.of()).body().getBoolean("may_decide"));

        Answer below = post("/cases/" + caseId + "/decisions", "ana", "{\"action\": \"approve\", \"amount\": 2999}");
        assertEquals(403, below.status(), below.body().prettify());
        assertEquals("tier_below_escalation", below.body().getString("error.code"));
        assertTrue(below.body().getString("error.message").contains("escalated to supervisor"));
        assertEquals("in_review", aws.caseItem(caseId).get("status").s());

        assertEquals(
                422,
                post("/cases/" + caseId + "/escalations", "sam", "{\"tier\": \"agent\", \"note\": \"down\"}")
                        .status(),
                "not to a lower tier");
        assertEquals(
                400,
                post("/cases/" + caseId + "/escalations", "sam", "{\"note\": \" \"}")
                        .status(),
                "a note is required");
        assertEquals(
                201,
                post("/cases/" + caseId + "/escalations", "sam", "{\"tier\": \"finance\", \"note\": \"above me\"}")
                        .status());
        Answer top = post("/cases/" + caseId + "/escalations", "fin", "{\"note\": \"higher still\"}");
        assertEquals(422, top.status());
        assertEquals("escalation_at_top_tier", top.body().getString("error.code"));
        assertTrue(
                top.body().getString("error.message").contains("the highest tier"),
                top.body().prettify());
        assertEquals(
                403,
                post("/cases/" + caseId + "/decisions", "sam", "{\"action\": \"approve\", \"amount\": 2999}")
                        .status());
        assertEquals(
                200,
                post("/cases/" + caseId + "/decisions", "fin", "{\"action\": \"approve\", \"amount\": 2999}")
                        .status());

        String declined = inReview("ord_" + UUID.randomUUID(), "cus_esc", currency);
        post(
                "/cases/" + declined + "/decisions",
                "ana",
                "{\"action\": \"decline\", \"decline_code\": \"other\"," + " \"explanation\": \"No.\"}");
        Answer closed = post("/cases/" + declined + "/escalations", "ana", "{\"note\": \"too late\"}");
        assertEquals(409, closed.status());
        assertEquals("case_not_open", closed.body().getString("error.code"));
        assertTrue(
                desk.find(caseId).timeline().stream().noneMatch(e -> e.type().equals("case.escalated")),
                "the customer's view never shows an escalation");
    }

    @Test
    void callsAreRecordedOnlyWithinTheCustomersCallHoursAndAtMostThreeTimes() {
        // The customer is in Asia/Shanghai (UTC+8); the policy allows calls 10:00-18:00 their time, three per case.
        String caseId = inReview("ord_" + UUID.randomUUID(), "cus_call", "USD");
        clock.set(java.time.Instant.parse("2026-12-01T01:30:00Z"));
        Answer early = post("/cases/" + caseId + "/calls", "ana", "{\"outcome\": \"no_answer\"}");
        assertEquals(422, early.status(), early.body().prettify());
        assertEquals("call_outside_hours", early.body().getString("error.code"));
        assertEquals("customer.time_zone", early.body().getString("error.field"));
        assertTrue(
                early.body()
                        .getString("error.message")
                        .contains("it is Tuesday 09:30 for the customer (Asia/Shanghai)"),
                early.body().getString("error.message"));
        assertTrue(early.body().getString("error.message").contains("from 10:00 until 18:00"));
        Answer closedDesk = get("/cases/" + caseId + "/desk", "ana", Map.of());
        assertEquals("09:30", closedDesk.body().getString("contact.local_time"));
        assertEquals("Asia/Shanghai", closedDesk.body().getString("contact.time_zone"));
        assertFalse(closedDesk.body().getBoolean("contact.may_call_now"));

        clock.set(java.time.Instant.parse("2026-12-01T02:00:00Z"));
        String version = aws.caseItem(caseId).get("version").n();
        for (String outcome : List.of("no_answer", "voicemail", "wrong_number")) {
            Answer call = post(
                    "/cases/" + caseId + "/calls",
                    "ana",
                    Json.write(Map.of("outcome", outcome, "note", "tried the mobile")));
            assertEquals(201, call.status(), call.body().prettify());
            assertEquals("case.call_attempt", call.body().getString("timeline[-1].type"));
            assertEquals(outcome + ": tried the mobile", call.body().getString("timeline[-1].reason"));
        }
        assertEquals("3", aws.caseItem(caseId).get("call_attempts").n());
        assertEquals(version, aws.caseItem(caseId).get("version").n(), "a call moves nothing");
        Answer fourth = post("/cases/" + caseId + "/calls", "sam", "{\"outcome\": \"reached\"}");
        assertEquals(422, fourth.status());
        assertEquals("call_attempts_exhausted", fourth.body().getString("error.code"));
        assertTrue(fourth.body().getString("error.message").contains("3 call attempts"));

        Answer log = get("/cases/" + caseId + "/desk", "ana", Map.of());
        assertEquals("10:00", log.body().getString("contact.local_time"));
        assertEquals(3, log.body().getInt("contact.call_attempts"));
        assertEquals(3, log.body().getInt("contact.max_call_attempts"));
        assertTrue(log.body().getBoolean("contact.within_call_hours"));
        assertFalse(log.body().getBoolean("contact.may_call_now"));
        assertEquals(
                List.of("no_answer", "voicemail", "wrong_number"), log.body().getList("contact.calls.outcome"));

        clock.set(java.time.Instant.parse("2026-12-01T10:00:00Z"));
        String other = inReview("ord_" + UUID.randomUUID(), "cus_call", "USD");
        assertEquals(
                "call_outside_hours",
                post("/cases/" + other + "/calls", "ana", "{\"outcome\": \"reached\"}")
                        .body()
                        .getString("error.code"),
                "18:00 is the end");
        assertEquals(
                400,
                post("/cases/" + other + "/calls", "ana", "{\"outcome\": \"hung_up\"}")
                        .status());
        assertTrue(
                desk.find(caseId).timeline().stream().noneMatch(e -> e.type().equals("case.call_attempt")),
                "the customer's view never shows the calls");
    }

    @Test
    void theQueueFiltersByAmountRangeAndOpeningDayInTheStoresTime() {
        String currency = "JPY";
        String caseId = inReview("ord_" + UUID.randomUUID(), "cus_f", currency);
        long asked = Long.parseLong(aws.caseItem(caseId).get("requested_amount").n());
        String today = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        Map<String, String> inside = Map.of(
                "currency",
                currency,
                "min_amount",
                String.valueOf(asked),
                "max_amount",
                String.valueOf(asked),
                "opened_from",
                today,
                "opened_until",
                today,
                "limit",
                "100");
        assertTrue(get("/queues/in_review", "ana", inside)
                .body()
                .getList("data.case_id")
                .contains(caseId));
        Map<String, String> above = new java.util.HashMap<>(inside);
        above.put("min_amount", String.valueOf(asked + 1));
        above.remove("max_amount");
        assertFalse(get("/queues/in_review", "ana", above)
                .body()
                .getList("data.case_id")
                .contains(caseId));
        Map<String, String> tomorrow = new java.util.HashMap<>(inside);
        tomorrow.put("opened_from", java.time.LocalDate.parse(today).plusDays(1).toString());
        tomorrow.put(
                "opened_until", java.time.LocalDate.parse(today).plusDays(1).toString());
        assertFalse(get("/queues/in_review", "ana", tomorrow)
                .body()
                .getList("data.case_id")
                .contains(caseId));

        Answer noCurrency = get("/queues/in_review", "ana", Map.of("min_amount", "100"));
        assertEquals(400, noCurrency.status());
        assertEquals("currency", noCurrency.body().getString("error.field"));
        assertEquals(
                400,
                get("/queues/in_review", "ana", Map.of("opened_from", "30/11/2026"))
                        .status());
        assertEquals(
                400, get("/queues/in_review", "ana", Map.of("tier", "boss")).status());
    }
}
