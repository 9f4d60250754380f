package com.refundpipeline.amount;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Shares of an amount: rounded down toward the store, exact however large the product, adding up to the whole. */
class FractionsTest {

    @Test
    void aShareRoundsDown() {
        assertEquals(3, Fractions.floorShare(10, 1, 3));
        assertEquals(6, Fractions.floorShare(10, 2, 3));
        assertEquals(0, Fractions.floorShare(0, 5, 7));
        assertEquals(2699, Fractions.floorShare(2999, 9000, 10_000), "a 10 % fee kept on 29.99 leaves 26.99");
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Long.MIN_VALUE})
    void aShareOfNothingOrANegativeWholeIsRefused(long denominator) {
        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> Fractions.floorShare(10, 1, denominator));
        assertEquals("denominator must be positive", refused.getMessage());
    }

    /** value * numerator beyond a long, whether its low 64 bits read negative or not: still the exact share. */
    @Test
    void aShareIsExactWhenTheProductOverflowsALong() {
        assertEquals(3_000_000_000_000_000_000L, Fractions.floorShare(4_000_000_000_000_000_000L, 3, 4));
        assertEquals(1L << 61, Fractions.floorShare(1L << 62, 8, 16), "2^65 / 16, whose low 64 bits are zero");
        assertEquals(Long.MAX_VALUE, Fractions.floorShare(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE));
    }

    @Test
    void aShareThatDoesNotFitALongIsRefusedRatherThanWrapped() {
        assertThrows(ArithmeticException.class, () -> Fractions.floorShare(Long.MAX_VALUE, 2, 1));
    }

    @Test
    void theSharesOfEveryUnitAddUpToTheWhole() {
        // 100 over three units: 33, 33, 34, whichever refund takes which unit.
        assertEquals(33, Fractions.cumulativeShare(100, 0, 1, 3));
        assertEquals(33, Fractions.cumulativeShare(100, 1, 1, 3));
        assertEquals(34, Fractions.cumulativeShare(100, 2, 1, 3));
        assertEquals(67, Fractions.cumulativeShare(100, 1, 2, 3));
        assertEquals(100, Fractions.cumulativeShare(100, 0, 3, 3));
    }

    @Test
    void anAllocationTiesGoToTheEarlierWeight() {
        assertArrayEquals(new long[] {1, 0}, Fractions.allocate(1, new long[] {1, 1}));
        assertArrayEquals(new long[] {1, 1, 0}, Fractions.allocate(2, new long[] {5, 5, 5}));
    }

    @Test
    void theLargestRemainderGetsTheUnitLeftOver() {
        // 10 over 1:2:2 is 2, 4, 4 exactly; 11 is 2.2, 4.4, 4.4 -> the tie between the larger goes to the earlier.
        assertArrayEquals(new long[] {2, 4, 4}, Fractions.allocate(10, new long[] {1, 2, 2}));
        assertArrayEquals(new long[] {2, 5, 4}, Fractions.allocate(11, new long[] {1, 2, 2}));
        // 7 over 1:1:5: 1, 1, 5 exactly; 8: 1.14, 1.14, 5.71 -> the 0.71 gets it.
        assertArrayEquals(new long[] {1, 1, 6}, Fractions.allocate(8, new long[] {1, 1, 5}));
    }

    @Test
    void nothingToAllocateOrNothingToAllocateOverGivesNothing() {
        assertArrayEquals(new long[] {0, 0}, Fractions.allocate(0, new long[] {3, 4}));
        assertArrayEquals(new long[] {}, Fractions.allocate(100, new long[] {}));
    }

    @Test
    void weightsThatOverflowWhenAddedAreRefused() {
        assertThrows(ArithmeticException.class, () -> Fractions.allocate(1, new long[] {Long.MAX_VALUE, 1}));
    }
}
