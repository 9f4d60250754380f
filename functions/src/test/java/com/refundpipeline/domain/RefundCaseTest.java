package com.refundpipeline.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A case as stored: how it opens, how a transition changes it, and what it reports about itself. */
class RefundCaseTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    static final RefundRequest.Order ORDER = new RefundRequest.Order(
            "ord_1",
            "cus_7",
            "EUR",
            5_000,
            T0,
            ShipmentStatus.DELIVERED,
            T0,
            T0,
            "pi_1",
            List.of(
                    new RefundRequest.OrderLine("mug", 2, 1_500, "kitchen"),
                    new RefundRequest.OrderLine("pot", 1, 2_000, "kitchen")));

    private static final RefundRequest REQUEST = new RefundRequest(
            ORDER,
            List.of(new RefundRequest.RequestedItem("mug", 2)),
            RefundReason.DAMAGED,
            "cracked",
            List.of(),
            PayoutMethod.ORIGINAL_PAYMENT,
            null);

    private static RefundCase opened() {
        return RefundCase.open("key-1", REQUEST, "hash-1", T0, Duration.ofDays(5));
    }

    @Test
    void aNewCaseIsReceivedAtVersionOneWithOneTimelineEvent() {
        RefundCase c = opened();
        assertEquals(CaseStatus.RECEIVED, c.status());
        assertEquals(1, c.version());
        assertEquals(T0, c.createdAt());
        assertEquals(T0, c.updatedAt());
        assertEquals(T0.plus(Duration.ofDays(5)), c.resolutionDueAt());
        assertEquals(3_000, c.requestedAmount(), "two mugs at 15.00");
        assertEquals("hash-1", c.requestHash());
        assertNull(c.decision());
        assertNull(c.payout());
        assertEquals(
                List.of(new TimelineEvent(
                        T0, "case.received", null, CaseStatus.RECEIVED, "storefront", "refund requested: damaged")),
                c.timeline());
    }

    @Test
    void aComputedRefundAmountIsKeptAsTheRequestedAmount() {
        RefundCase c = RefundCase.open("key-1", REQUEST, "hash-1", T0, Duration.ofDays(5), 2_750);
        assertEquals(2_750, c.requestedAmount());
    }

    @Test
    void theCaseIdComesFromTheIdempotencyKeyOnly() {
        RefundCase c = opened();
        assertEquals(RefundCase.caseIdFor("key-1"), c.caseId());
        assertTrue(c.caseId().matches("rc_[0-9a-f]{20}"), c.caseId());
        assertEquals(
                c.caseId(),
                RefundCase.open("key-1", REQUEST, "other", T0.plusSeconds(60), Duration.ZERO)
                        .caseId());
        assertNotEquals(c.caseId(), RefundCase.caseIdFor("key-2"));
        assertEquals("rc_" + RefundCase.sha256("refund-request:key-1").substring(0, 20), c.caseId());
    }

    @Test
    void sha256IsLowerCaseHexOfTheUtf8Bytes() {
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", RefundCase.sha256("abc"));
        assertEquals("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", RefundCase.sha256(""));
    }

    @Test
    void theOrderFieldsAreReadThroughTheRequest() {
        RefundCase c = opened();
        assertEquals("EUR", c.currency());
        assertEquals("ord_1", c.orderId());
        assertEquals("cus_7", c.customerId());
    }

    @Test
    void aMoveRecordsWhoMovedItFromWhereToWhereAndWhy() {
        RefundCase c = opened();
        Instant at = T0.plusSeconds(30);
        CaseTransition t = c.moveTo(CaseStatus.IN_REVIEW, "verify-evidence", "needs a person", at);
        assertEquals(c, t.current());
        assertEquals(CaseStatus.RECEIVED, t.from());
        assertEquals(CaseStatus.IN_REVIEW, t.to());
        assertEquals(
                new TimelineEvent(
                        at,
                        "case.in_review",
                        CaseStatus.RECEIVED,
                        CaseStatus.IN_REVIEW,
                        "verify-evidence",
                        "needs a person"),
                t.event());
        assertEquals(c.resolutionDueAt(), t.resolutionDueAt());
        assertEquals(REQUEST.evidence(), t.evidence());
    }

    @Test
    void aMoveTheLifecycleDoesNotAllowIsRefusedWithBothStatuses() {
        RefundCase c = opened();
        IllegalStateException refused =
                assertThrows(IllegalStateException.class, () -> c.moveTo(CaseStatus.PAID, "test", "skip ahead", T0));
        assertEquals("case " + c.caseId() + " cannot move from received to paid", refused.getMessage());
    }

    @Test
    void applyingATransitionGivesTheNextVersionOfTheCase() {
        RefundCase c = opened();
        Instant at = T0.plusSeconds(90);
        RefundRequest.Evidence photo = new RefundRequest.Evidence("photo", "https://e/1.jpg", "image/jpeg", 10);
        Instant due = T0.plus(Duration.ofDays(9));
        CaseTransition t = c.moveTo(CaseStatus.NEEDS_EVIDENCE, RefundCase.SYSTEM, "photo please", at)
                .withEvidence(List.of(photo))
                .withResolutionDueAt(due);

        RefundCase after = c.after(t);

        assertEquals(CaseStatus.NEEDS_EVIDENCE, after.status());
        assertEquals(2, after.version());
        assertEquals(T0, after.createdAt());
        assertEquals(at, after.updatedAt());
        assertEquals(due, after.resolutionDueAt());
        assertEquals(List.of(photo), after.request().evidence());
        assertEquals(REQUEST.items(), after.request().items());
        assertEquals(REQUEST.note(), after.request().note());
        assertEquals(c.requestedAmount(), after.requestedAmount());
        assertEquals(c.requestHash(), after.requestHash());
        assertEquals(List.of(c.timeline().get(0), t.event()), after.timeline());
        assertEquals(1, c.timeline().size(), "the case before the move is unchanged");
    }

    @Test
    void theLastTimeACaseEnteredNeedsEvidenceIsTheLatestSuchEvent() {
        RefundCase c = opened();
        assertNull(c.lastEnteredNeedsEvidence());
        Instant first = T0.plusSeconds(10);
        Instant second = T0.plusSeconds(500);
        RefundCase waiting = c.after(c.moveTo(CaseStatus.NEEDS_EVIDENCE, "a", "1", first));
        assertEquals(first, waiting.lastEnteredNeedsEvidence());
        RefundCase verifying = waiting.after(waiting.moveTo(CaseStatus.VERIFYING, "a", "2", T0.plusSeconds(100)));
        assertEquals(first, verifying.lastEnteredNeedsEvidence());
        RefundCase again = verifying.after(verifying.moveTo(CaseStatus.NEEDS_EVIDENCE, "a", "3", second));
        assertEquals(second, again.lastEnteredNeedsEvidence());
    }
}
