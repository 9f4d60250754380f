package com.refundpipeline.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * What a return parcel earns once inspected: resalable units only, each at the amount the held decision computed for
 * it, shipping only when everything came back, less the label's cost when the customer pays for it, never below zero.
 */
class InspectionRefundTest {

    /** Two units of A (discount 2.00, tax 1.80) and one of B (0.50, 0.45), shipping 3.00: what the return holds. */
    private static final RefundBreakdown HELD = new RefundBreakdown(
            "USD",
            List.of(
                    new RefundBreakdown.Line("A", 2, 1000, 2000, 200, 180, 0, 0, 1980),
                    new RefundBreakdown.Line("B", 1, 500, 500, 50, 45, 0, 0, 495)),
            300,
            2775,
            0,
            2775);

    private static final Map<String, Long> REQUESTED = Map.of("A", 2L, "B", 1L);

    @Test
    void everythingBackAndResalablePaysWhatWasHeldShippingIncluded() {
        // The lines' subtotal, and the shipping on top.
        assertEquals(
                new RefundBreakdown("USD", HELD.lines(), 300, 2475, 0, 2775),
                Inspection.refund(HELD, 2775, REQUESTED, Map.of("A", 2L, "B", 1L), 0, "USD"));
    }

    @Test
    void partOfTheParcelPaysItsUnitsAndNoShipping() {
        assertEquals(
                new RefundBreakdown(
                        "USD",
                        List.of(
                                new RefundBreakdown.Line("A", 1, 1000, 1000, 100, 90, 0, 0, 990),
                                new RefundBreakdown.Line("B", 0, 500, 0, 0, 0, 0, 0, 0)),
                        0,
                        990,
                        0,
                        990),
                Inspection.refund(HELD, 2775, REQUESTED, Map.of("A", 1L), 0, "USD"));
    }

    @Test
    void theLabelsCostComesOffTheRefundButNeverBelowZero() {
        assertEquals(
                2275,
                Inspection.refund(HELD, 2775, REQUESTED, Map.of("A", 2L, "B", 1L), 500, "USD")
                        .total());
        assertEquals(
                0,
                Inspection.refund(HELD, 2775, REQUESTED, Map.of("B", 1L), 800, "USD")
                        .total());
    }

    @Test
    void moreUnitsThanWereHeldPayOnlyTheHeldOnes() {
        assertEquals(
                HELD.lines().get(0),
                Inspection.refund(HELD, 2775, REQUESTED, Map.of("A", 5L), 0, "USD")
                        .lines()
                        .get(0));
    }

    @Test
    void eachPartIsScaledAndRoundedDownAndNeverPaysMoreThanTheHeldLine() {
        RefundBreakdown held = new RefundBreakdown(
                "USD", List.of(new RefundBreakdown.Line("A", 3, 333, 999, 100, 50, 90, 60, 799)), 0, 799, 0, 799);
        // One unit of three: goods 333, discount 33, tax 16, fee 30, kept 20 -> 266.
        assertEquals(
                new RefundBreakdown.Line("A", 1, 333, 333, 33, 16, 30, 20, 266),
                Inspection.refund(held, 799, Map.of("A", 3L), Map.of("A", 1L), 0, "USD")
                        .lines()
                        .get(0));
        RefundBreakdown capped = new RefundBreakdown(
                "USD", List.of(new RefundBreakdown.Line("A", 2, 1000, 2000, 0, 0, 0, 0, 700)), 0, 700, 0, 700);
        assertEquals(
                700,
                Inspection.refund(capped, 700, Map.of("A", 2L), Map.of("A", 2L), 0, "USD")
                        .total(),
                "the held line was capped at what the order had left");
    }

    @Test
    void withoutAHeldBreakdownTheHeldAmountIsSharedPerUnit() {
        assertEquals(
                1000,
                Inspection.refund(null, 3000, Map.of("A", 3L), Map.of("A", 1L), 0, "USD")
                        .total());
        assertEquals(
                666,
                Inspection.refund(
                                new RefundBreakdown("USD", List.of(), 0, 0, 0, 0),
                                1000,
                                Map.of("A", 3L),
                                Map.of("A", 2L),
                                0,
                                "USD")
                        .total());
        assertEquals(
                0, Inspection.refund(null, 3000, Map.of(), Map.of(), 0, "USD").total());
        assertEquals(
                2500,
                Inspection.refund(null, 3000, Map.of("A", 3L), Map.of("A", 3L), 500, "USD")
                        .total());
    }

    @Test
    void onlyResalableUnitsAreAcceptedCountedPerSku() {
        Inspection inspection = new Inspection(
                List.of(
                        new Inspection.Line("A", 1, Inspection.Condition.RESALABLE, Inspection.Disposition.RESTOCK),
                        new Inspection.Line("A", 2, Inspection.Condition.RESALABLE, Inspection.Disposition.RESTOCK),
                        new Inspection.Line("B", 1, Inspection.Condition.DAMAGED, Inspection.Disposition.DISPOSE),
                        new Inspection.Line("C", 0, Inspection.Condition.RESALABLE, Inspection.Disposition.RESTOCK)),
                "box dented");
        assertEquals(Map.of("A", 3L), inspection.accepted());
        assertEquals(
                "A x1 resalable, restock; A x2 resalable, restock; B x1 damaged, dispose; C x0 resalable, restock",
                inspection.summary());
        assertEquals("", new Inspection(List.of(), null).summary());
    }

    @Test
    void conditionsAndDispositionsAreReadFromTheirLowerCaseNames() {
        for (Inspection.Condition c : Inspection.Condition.values()) {
            assertEquals(Optional.of(c), Inspection.Condition.parse(c.wire()));
        }
        assertEquals("wrong_item", Inspection.Condition.WRONG_ITEM.wire());
        assertEquals(Optional.empty(), Inspection.Condition.parse("RESALABLE"));
        for (Inspection.Disposition d : Inspection.Disposition.values()) {
            assertEquals(Optional.of(d), Inspection.Disposition.parse(d.wire()));
        }
        assertEquals("dispose", Inspection.Disposition.DISPOSE.wire());
        assertEquals(Optional.empty(), Inspection.Disposition.parse("sell"));
    }

    @Test
    void theCustomerPaysForTheLabelOnlyWhenTheTermsSaySoAndThereIsACost() {
        Instant by = Instant.parse("2026-12-01T00:00:00Z");
        assertEquals(
                0, new ReturnAuthorization(by, ReturnShipping.MERCHANT, "usps", "t1", "https://l/1", 700L).deduction());
        assertEquals(
                700,
                new ReturnAuthorization(by, ReturnShipping.DEDUCTED, "usps", "t1", "https://l/1", 700L).deduction());
        assertEquals(0, new ReturnAuthorization(by, ReturnShipping.CUSTOMER, null, null, null, null).deduction());
        assertTrue(new ReturnAuthorization(by, ReturnShipping.DEDUCTED, "usps", "t1", "https://l/1", 700L).hasLabel());
        assertFalse(new ReturnAuthorization(by, ReturnShipping.CUSTOMER, null, null, null, null).hasLabel());
        assertFalse(new ReturnAuthorization(by, ReturnShipping.MERCHANT, "usps", "t1", null, 0L).hasLabel());
        assertFalse(new ReturnAuthorization(by, ReturnShipping.MERCHANT, "usps", null, "https://l/1", 0L).hasLabel());
    }
}
