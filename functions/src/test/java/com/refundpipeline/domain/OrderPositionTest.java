package com.refundpipeline.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What an order has left to refund, and the units earlier refunds of it took. */
class OrderPositionTest {

    private static final OrderPosition PART_REFUNDED =
            new OrderPosition("ord_1", "EUR", 10_000, 3_500, Set.of("rc_a"), Map.of("mug", 2L));

    @Test
    void anUntouchedOrderHasAllItsCapturedAmountLeft() {
        OrderPosition untouched = OrderPosition.untouched("ord_1", "EUR", 10_000);
        assertEquals(10_000, untouched.refundable());
        assertEquals(10_000, untouched.refundableFor("rc_new"));
        assertEquals(0, untouched.unitsCommitted("mug"));
        assertEquals(Set.of(), untouched.committedCases());
    }

    @Test
    void aNewCaseMayTakeWhatOtherCasesLeft() {
        assertEquals(6_500, PART_REFUNDED.refundable());
        assertEquals(6_500, PART_REFUNDED.refundableFor("rc_b"));
    }

    @Test
    void aCaseThatAlreadyHoldsItsShareIsNotCountedAgainstItself() {
        assertEquals(Long.MAX_VALUE, PART_REFUNDED.refundableFor("rc_a"));
    }

    @Test
    void unitsCommittedAreCountedPerSkuAndNoneForOthers() {
        assertEquals(2, PART_REFUNDED.unitsCommitted("mug"));
        assertEquals(0, PART_REFUNDED.unitsCommitted("pot"));
        assertEquals(
                Map.of(),
                new OrderPosition("ord_1", "EUR", 10_000, 3_500, Set.of("rc_a")).committedUnits(),
                "a position read before units were recorded has none");
    }
}
