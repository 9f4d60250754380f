package com.refundpipeline.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What a move carries into the case, what a decision records, and what a request and an approval hold of the order. */
class CaseRecordsTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    /** RefundCaseTest's order (two mugs at 15.00 and a pot at 20.00) with a discount, tax and shipping. */
    private static final RefundRequest.Order ORDER =
            TestOrders.withAmounts(RefundCaseTest.ORDER, 5_450, 300L, 250L, 500L);

    private static final RefundRequest REQUEST = new RefundRequest(
            ORDER,
            List.of(new RefundRequest.RequestedItem("mug", 1), new RefundRequest.RequestedItem("mug", 1)),
            RefundReason.DAMAGED,
            null,
            List.of(
                    new RefundRequest.Evidence("photo", "https://e/1.jpg", "image/jpeg", 10),
                    new RefundRequest.Evidence("video", "https://e/2.mp4", "video/mp4", 10),
                    new RefundRequest.Evidence("photo", "https://e/3.jpg", "image/jpeg", 10)),
            PayoutMethod.ORIGINAL_PAYMENT,
            null);

    private static final Decision APPROVED = new Decision(
            CaseStatus.APPROVED,
            3_000L,
            PayoutMethod.ORIGINAL_PAYMENT,
            "within_policy",
            "v1",
            null,
            "approved",
            "policy",
            T0);

    @Test
    void aRequestAddsUpItsOrderAndItsEvidence() {
        assertEquals(5_000, ORDER.goodsAmount(), "two mugs and a pot");
        assertEquals(300, ORDER.discount());
        assertEquals(250, ORDER.tax());
        assertEquals(500, ORDER.shipping());
        assertEquals(3_000, REQUEST.requestedAmount());
        assertEquals(2, REQUEST.photoCount(), "the video is not a photo");
        assertNull(ORDER.line("cup"));
        assertEquals("pot", ORDER.line("pot").sku());
    }

    @Test
    void anOrderWithoutDiscountTaxOrShippingCountsThemAsZero() {
        RefundRequest.Order plain = TestOrders.withAmounts(ORDER, 5_000, null, null, null);
        assertEquals(0, plain.discount());
        assertEquals(0, plain.tax());
        assertEquals(0, plain.shipping());
        assertNull(plain.shipmentReference());
    }

    @Test
    void aCustomerKeepsItemsWhenAnyLineIsRefundedInPart() {
        assertFalse(REQUEST.keepsItems());
        assertTrue(new RefundRequest.RequestedItem("mug", 1, 30, null).isPartial());
        assertTrue(new RefundRequest.RequestedItem("mug", 1, null, 500L).isPartial());
        RefundRequest keeping = new RefundRequest(
                ORDER,
                List.of(new RefundRequest.RequestedItem("pot", 1), new RefundRequest.RequestedItem("mug", 1, 30, null)),
                RefundReason.DAMAGED,
                null,
                List.of(),
                PayoutMethod.ORIGINAL_PAYMENT,
                null);
        assertTrue(keeping.keepsItems());
    }

    @Test
    void aMoveCarriesTheDecisionPayoutAndExpiryIntoTheCase() {
        RefundCase c = RefundCase.open("key-1", REQUEST, "h", T0, Duration.ofDays(5));
        Payout payout = OutboxAndPayoutTest.firstAttempt(c.caseId(), 3_000, T0);
        Instant expires = T0.plus(Duration.ofDays(730));
        CaseTransition t = c.moveTo(CaseStatus.APPROVED, "policy", "ok", T0.plusSeconds(5))
                .withDecision(APPROVED)
                .withPayout(payout)
                .withExpiresAt(expires);
        assertEquals(APPROVED, t.decision());
        assertEquals(payout, t.payout());
        assertEquals(expires, t.expiresAt());
        assertEquals(CaseStatus.APPROVED, t.to());
        assertEquals(c.resolutionDueAt(), t.resolutionDueAt());
        RefundCase after = c.after(t);
        assertEquals(APPROVED, after.decision());
        assertEquals(payout, after.payout());
        assertNull(c.moveTo(CaseStatus.IN_REVIEW, "a", "b", T0).expiresAt(), "a move keeps the case unless told");
    }

    @Test
    void aDecisionTakesItsAmountFromTheBreakdownAndKeepsItsGrant() {
        Decision.Grant grant = new Decision.Grant(Resolution.REFUND, "asked for", false, 14, ReturnShipping.MERCHANT);
        RefundBreakdown breakdown = new RefundBreakdown(
                "EUR",
                List.of(new RefundBreakdown.Line("mug", 2, 1_500, 3_000, 180, 150, 0, 0, 2_970)),
                0,
                2_970,
                0,
                2_970);
        Decision d = APPROVED.withGrant(grant).withAmount(breakdown);
        assertEquals(2_970L, d.amount());
        assertEquals(breakdown, d.breakdown());
        assertEquals(grant, d.grant());
        assertEquals(APPROVED.explanation(), d.explanation());
        assertNull(APPROVED.grant());
        assertNull(grant.authorization());
        ReturnAuthorization label =
                new ReturnAuthorization(T0.plus(Duration.ofDays(14)), ReturnShipping.MERCHANT, "usps", "t", "u", 0L);
        assertEquals(label, grant.withAuthorization(label).authorization());
        assertEquals(grant.resolution(), grant.withAuthorization(label).resolution());
    }

    @Test
    void anApprovalHoldsItsAmountAndItsUnitsPerSkuOnTheOrder() {
        RefundCase c = RefundCase.open("key-1", REQUEST, "h", T0, Duration.ofDays(5));
        RefundCase approved =
                c.after(c.moveTo(CaseStatus.APPROVED, "policy", "ok", T0).withDecision(APPROVED));
        assertEquals(
                new OrderReservation("ord_1", c.caseId(), 3_000, 5_450, "EUR", Map.of("mug", 2L)),
                OrderReservation.heldBy(approved));
        assertEquals(Map.of(), new OrderReservation("ord_1", c.caseId(), 3_000, 5_450, "EUR").units());
    }
}
