package com.refundpipeline.followup;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.CaseTransition;
import com.refundpipeline.domain.Notification;
import com.refundpipeline.domain.OrderReservation;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.json.Json;
import com.refundpipeline.store.CaseRepository;
import com.refundpipeline.store.TransitionResult;
import com.refundpipeline.submit.RefundDesk;
import com.refundpipeline.submit.RefundRequestBody;
import com.refundpipeline.testing.LambdaEvents;
import com.refundpipeline.testing.LocalAws;
import com.refundpipeline.testing.Requests;
import com.refundpipeline.testing.SendFollowUpProfile;
import com.refundpipeline.testing.TestClock;
import com.refundpipeline.testing.WireMockAws;
import com.refundpipeline.verify.EvidenceVerifier;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** A return the customer never sends: one reminder before the deadline, then the case closes and they are told. */
@QuarkusTest
@TestProfile(SendFollowUpProfile.class)
class ReturnSweepTest {

    @Inject
    LocalAws aws;

    @Inject
    TestClock clock;

    @Inject
    RefundDesk desk;

    @Inject
    EvidenceVerifier verifier;

    @Inject
    CustomerMessages messages;

    @Inject
    CaseRepository cases;

    @BeforeEach
    void acceptEverything() {
        WireMockAws.acceptAll();
    }

    @AfterEach
    void realTime() {
        clock.reset();
    }

    static void fireSchedule() {
        given().contentType("application/json")
                .body(LambdaEvents.scheduled(UUID.randomUUID().toString()))
                .when()
                .post("/_lambda_")
                .then()
                .statusCode(200);
    }

    List<String> told(String caseId) {
        return desk.notifications(caseId).stream().map(Notification::event).toList();
    }

    @Test
    void noParcelByTheDeadlineRemindsOnceThenClosesTheCaseAndGivesTheUnitsBack() {
        Instant start = Instant.parse("2026-11-25T10:00:00Z");
        clock.set(start);
        String order = "ord_" + UUID.randomUUID();
        String body = Requests.refund(order, 1, "changed_mind", false);
        String caseId = desk.submit(UUID.randomUUID().toString(), Json.read(body, RefundRequestBody.class))
                .receipt()
                .caseId();
        verifier.verify(caseId);
        assertEquals("awaiting_return", aws.caseItem(caseId).get("status").s());
        // The rule's 30 days from the decision (the test clock ticks on a little while it is read).
        Instant returnBy =
                Instant.parse(aws.caseItem(caseId).get("resolution_due_at").s());
        assertTrue(
                Duration.between(start.plus(Duration.ofDays(30)), returnBy)
                                .abs()
                                .toSeconds()
                        < 5,
                returnBy.toString());

        // Days before the deadline: the SLA clock is stopped, no progress update, no reminder yet.
        clock.set(returnBy.minus(Duration.ofDays(5)));
        fireSchedule();
        assertEquals(
                List.of(),
                told(caseId).stream().filter(e -> e.startsWith("return_")).toList());

        // In its last day: one reminder, however often the sweep runs.
        clock.set(returnBy.minus(Duration.ofHours(12)));
        fireSchedule();
        fireSchedule();
        assertEquals(
                1,
                told(caseId).stream().filter("return_reminder"::equals).count(),
                told(caseId).toString());
        assertEquals("awaiting_return", aws.caseItem(caseId).get("status").s());

        // Past it: closed (with its expiry), the held units back on the order, the customer told once.
        clock.set(returnBy.plus(Duration.ofHours(1)));
        fireSchedule();
        fireSchedule();
        Map<String, AttributeValue> item = aws.caseItem(caseId);
        assertEquals("closed", item.get("status").s());
        assertTrue(item.containsKey("expires_at"));
        assertEquals("system", LocalAws.timeline(item).getLast().actor());
        assertEquals("0", aws.ledger(order).get("committed_amount").n());
        assertEquals("0", aws.ledger(order).get("units:TSHIRT-M").n());
        assertEquals(
                1,
                told(caseId).stream().filter("return_expired"::equals).count(),
                told(caseId).toString());
        String closing = desk.notifications(caseId).stream()
                .filter(n -> n.event().equals("return_expired"))
                .findFirst()
                .orElseThrow()
                .body();
        // The customer's locale is zh-CN.
        assertTrue(closing.contains("已关闭"), closing);
    }

    /** A changed-mind case waiting for its parcel, the clock past its return deadline; the case as it is. */
    RefundCase pastItsDeadline() {
        clock.set(Instant.parse("2026-11-25T10:00:00Z"));
        String body = Requests.refund("ord_" + UUID.randomUUID(), 1, "changed_mind", false);
        String caseId = desk.submit(UUID.randomUUID().toString(), Json.read(body, RefundRequestBody.class))
                .receipt()
                .caseId();
        verifier.verify(caseId);
        Instant returnBy =
                Instant.parse(aws.caseItem(caseId).get("resolution_due_at").s());
        clock.set(returnBy.plus(Duration.ofHours(1)));
        return cases.find(caseId).orElseThrow();
    }

    Notification expiredMessage(String caseId) {
        return desk.notifications(caseId).stream()
                .filter(n -> n.event().equals("return_expired"))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void aSweepThatStoppedAfterClosingTheCaseStillTellsTheCustomerWithTheNextSweep() {
        // ADR 0035: what the sweep does, stopped (killed, timed out) after the close was written: the message was
        // recorded first, the close written, and nothing sent. No repeat comes back to a closed case.
        RefundCase c = pastItsDeadline();
        CaseTransition close =
                c.moveTo(CaseStatus.CLOSED, RefundCase.SYSTEM, "no parcel by the deadline", clock.instant());
        messages.recordBefore(c.after(close), ReturnDeadlines.RETURN_EXPIRED);
        assertEquals(TransitionResult.APPLIED, cases.applyReleasing(close, OrderReservation.heldBy(c)));
        assertEquals(
                List.of(Notification.PENDING),
                desk.notifications(c.caseId()).stream()
                        .filter(n -> n.event().equals("return_expired"))
                        .map(Notification::deliveryStatus)
                        .toList(),
                "recorded, not sent");

        fireSchedule();
        fireSchedule();

        Notification expired = expiredMessage(c.caseId());
        assertEquals(Notification.SENT, expired.deliveryStatus(), expired.toString());
        assertEquals(
                1, told(c.caseId()).stream().filter("return_expired"::equals).count());
    }

    @Test
    void aMessageRecordedForACloseThatWasNotMadeIsNeverSent() {
        // The parcel was scanned (or the customer withdrew) between the sweep's read and its write: the close is not
        // made, and the message recorded before it is suppressed when due.
        RefundCase c = pastItsDeadline();
        CaseTransition close =
                c.moveTo(CaseStatus.CLOSED, RefundCase.SYSTEM, "no parcel by the deadline", clock.instant());
        messages.recordBefore(c.after(close), ReturnDeadlines.RETURN_EXPIRED);
        CaseTransition scanned =
                c.moveTo(CaseStatus.RETURN_IN_TRANSIT, "carrier:USPS", "return parcel in_transit", clock.instant());
        assertEquals(TransitionResult.APPLIED, cases.apply(scanned));

        fireSchedule();

        Notification expired = expiredMessage(c.caseId());
        assertEquals(Notification.SUPPRESSED, expired.deliveryStatus(), expired.toString());
        assertEquals("return_in_transit", aws.caseItem(c.caseId()).get("status").s());
    }
}
