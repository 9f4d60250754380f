package com.refundpipeline.followup;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.refundpipeline.cases.Satisfaction;
import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.TimelineEvent;
import com.refundpipeline.store.CaseRepository;
import com.refundpipeline.testing.LambdaEvents;
import com.refundpipeline.testing.LocalAws;
import com.refundpipeline.testing.SubmitRefundProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** POST /refunds/{id}/feedback and /unsubscribe on the submit-refund function URL, with function URL events. */
@QuarkusTest
@TestProfile(SubmitRefundProfile.class)
class FeedbackTest {

    @Inject
    LocalAws aws;

    @Inject
    CaseRepository cases;

    @Inject
    Satisfaction satisfaction;

    static ValidatableResponse call(String method, String path, String contentType, String body) {
        Map<String, String> headers = contentType == null ? Map.of() : Map.of("content-type", contentType);
        return given().contentType("application/json")
                .body(LambdaEvents.functionUrl(method, path, headers, body))
                .when()
                .post("/_lambda_")
                .then()
                .statusCode(200);
    }

    static JsonPath body(ValidatableResponse response) {
        return new JsonPath(response.extract().path("body").toString());
    }

    /** A case paid an hour ago, as issue-payout leaves it. */
    String paidCase(CaseStatus status) {
        Instant start = Instant.now().minus(Duration.ofHours(3));
        RefundCase opened = RefundCase.open(
                UUID.randomUUID().toString(), SendFollowUpFunctionTest.request(), "hash", start, Duration.ofHours(24));
        List<TimelineEvent> timeline = new ArrayList<>(opened.timeline());
        if (status == CaseStatus.PAID) {
            timeline.add(new TimelineEvent(
                    start.plusSeconds(60),
                    "case.approved",
                    CaseStatus.RECEIVED,
                    CaseStatus.APPROVED,
                    "policy:2026-11-v1",
                    "within_policy"));
            timeline.add(new TimelineEvent(
                    start.plusSeconds(61),
                    "case.payout_pending",
                    CaseStatus.APPROVED,
                    CaseStatus.PAYOUT_PENDING,
                    "issue-payout",
                    null));
            timeline.add(new TimelineEvent(
                    start.plusSeconds(62),
                    "case.paid",
                    CaseStatus.PAYOUT_PENDING,
                    CaseStatus.PAID,
                    "issue-payout",
                    "re_1"));
        }
        cases.createOrGetExisting(new RefundCase(
                opened.caseId(),
                status,
                timeline.size(),
                start,
                start.plusSeconds(62),
                opened.resolutionDueAt(),
                opened.request(),
                "hash",
                opened.requestedAmount(),
                null,
                null,
                List.copyOf(timeline)));
        return opened.caseId();
    }

    @Test
    void theAnswerIsTakenOnceAndASecondIsAConflict() {
        String caseId = paidCase(CaseStatus.PAID);

        JsonPath receipt = body(call(
                        "POST",
                        "/refunds/" + caseId + "/feedback",
                        "application/json",
                        "{\"score\": 5, \"comment\": \"quick and fair\"}")
                .body("statusCode", equalTo(201)));
        assertEquals(caseId, receipt.getString("case_id"));
        assertEquals(5, receipt.getInt("score"));
        assertFalse(receipt.getBoolean("reopened"));

        JsonPath again = body(call("POST", "/refunds/" + caseId + "/feedback", "application/json", "{\"score\": 1}")
                .body("statusCode", equalTo(409)));
        assertEquals("feedback_already_given", again.getString("error.code"));

        Map<String, AttributeValue> item = aws.caseItem(caseId);
        assertTrue(
                item.get("feedback").s().contains("\"score\":5"),
                item.get("feedback").s());
        assertTrue(item.get("feedback").s().contains("quick and fair"));
        assertEquals(
                1,
                LocalAws.timeline(item).stream()
                        .filter(e -> e.type().equals("case.feedback"))
                        .count());
        assertNull(item.get("supervisor_queue"), "a good score reopens nothing");
    }

    @Test
    void aLowScoreReopensTheCaseForASupervisor() {
        String caseId = paidCase(CaseStatus.PAID);

        JsonPath receipt = body(call(
                        "POST",
                        "/refunds/" + caseId + "/feedback",
                        "application/json",
                        "{\"score\": 2, \"comment\": \"took a week to arrive\"}")
                .body("statusCode", equalTo(201)));
        assertTrue(receipt.getBoolean("reopened"));

        RefundCase reopened = cases.find(caseId).orElseThrow();
        assertEquals(CaseStatus.PAID, reopened.status(), "the money stays paid; the case goes back to a person");
        TimelineEvent last = reopened.timeline().getLast();
        assertEquals("case.reopened", last.type());
        assertEquals("customer", last.actor());
        assertFalse(last.reason().contains("week"), "the comment is not copied to the timeline");
        assertTrue(satisfaction.reopenedForSupervisor(500).stream()
                .anyMatch(r -> r.caseId().equals(caseId)));

        assertTrue(satisfaction.supervisorReviewed(caseId, "sup_7", "called the customer, apologised"));
        assertFalse(satisfaction.reopenedForSupervisor(500).stream()
                .anyMatch(r -> r.caseId().equals(caseId)));
        assertEquals(
                "case.reopen_reviewed",
                cases.find(caseId).orElseThrow().timeline().getLast().type());
        assertFalse(satisfaction.supervisorReviewed(caseId, "sup_7", "twice"), "once off the list, stays off");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "no score                 | application/json | {}                                  | 400 | parameter_missing | score",
                "score as text            | application/json | {\"score\": \"5\"}                   | 400 | parameter_invalid | score",
                "fractional score         | application/json | {\"score\": 4.5}                     | 400 | parameter_invalid | score",
                "score zero               | application/json | {\"score\": 0}                       | 422 | score_invalid     | score",
                "score six                | application/json | {\"score\": 6}                       | 422 | score_invalid     | score",
                "negative score           | application/json | {\"score\": -1}                      | 422 | score_invalid     | score",
                "comment not text         | application/json | {\"score\": 3, \"comment\": 7}       | 400 | parameter_invalid | comment",
                "unknown field            | application/json | {\"score\": 3, \"stars\": 3}         | 400 | parameter_unknown | stars",
                "not JSON                 | application/json | score=3                             | 400 | invalid_json      | ",
                "JSON array               | application/json | [3]                                 | 400 | invalid_json      | ",
                "form body                | application/x-www-form-urlencoded | score=3            | 415 | unsupported_media_type | ",
            })
    void badFeedbackIsRefusedAndWritesNothing(
            String what, String contentType, String json, int status, String code, String field) {
        String caseId = paidCase(CaseStatus.PAID);
        long version = cases.find(caseId).orElseThrow().version();

        JsonPath refusal = body(call("POST", "/refunds/" + caseId + "/feedback", contentType, json)
                .body("statusCode", equalTo(status)));

        assertEquals(code, refusal.getString("error.code"), what);
        assertEquals(field, refusal.getString("error.field"), what);
        assertTrue(refusal.getString("error.message").length() > 5, what);
        assertNull(aws.caseItem(caseId).get("feedback"), what);
        assertEquals(version, cases.find(caseId).orElseThrow().version(), what);
    }

    @Test
    void aTooLongCommentAnOpenCaseAndAnUnknownCaseAreRefused() {
        String caseId = paidCase(CaseStatus.PAID);
        JsonPath tooLong = body(call(
                        "POST",
                        "/refunds/" + caseId + "/feedback",
                        "application/json",
                        "{\"score\": 3, \"comment\": \"" + "x".repeat(2001) + "\"}")
                .body("statusCode", equalTo(422)));
        assertEquals("comment_too_long", tooLong.getString("error.code"));

        String open = paidCase(CaseStatus.RECEIVED);
        JsonPath notResolved = body(call("POST", "/refunds/" + open + "/feedback", "application/json", "{\"score\": 4}")
                .body("statusCode", equalTo(409)));
        assertEquals("case_not_resolved", notResolved.getString("error.code"));
        assertNull(aws.caseItem(open).get("feedback"));

        JsonPath unknown =
                body(call("POST", "/refunds/rc_00000000000000000000/feedback", "application/json", "{\"score\": 4}")
                        .body("statusCode", equalTo(404)));
        assertEquals("case_not_found", unknown.getString("error.code"));

        body(call("GET", "/refunds/" + caseId + "/feedback", null, null).body("statusCode", equalTo(405)));
    }

    @Test
    void unsubscribeIsPerChannelAndValidated() {
        String caseId = paidCase(CaseStatus.RECEIVED);
        JsonPath done =
                body(call("POST", "/refunds/" + caseId + "/unsubscribe", "application/json", "{\"channel\": \"sms\"}")
                        .body("statusCode", equalTo(200)));
        assertTrue(done.getBoolean("unsubscribed"));
        call("POST", "/refunds/" + caseId + "/unsubscribe", "application/json", "{\"channel\": \"sms\"}")
                .body("statusCode", equalTo(200)); // again: still unsubscribed, nothing new
        assertEquals(List.of("sms"), aws.caseItem(caseId).get("unsubscribed").ss());

        assertEquals(
                "parameter_invalid",
                body(call("POST", "/refunds/" + caseId + "/unsubscribe", "application/json", "{\"channel\": \"fax\"}")
                                .body("statusCode", equalTo(422)))
                        .getString("error.code"));
        assertEquals(
                "parameter_missing",
                body(call("POST", "/refunds/" + caseId + "/unsubscribe", "application/json", "{}")
                                .body("statusCode", equalTo(400)))
                        .getString("error.code"));
        assertEquals(
                "case_not_found",
                body(call(
                                        "POST",
                                        "/refunds/rc_00000000000000000000/unsubscribe",
                                        "application/json",
                                        "{\"channel\": \"email\"}")
                                .body("statusCode", equalTo(404)))
                        .getString("error.code"));
    }
}
