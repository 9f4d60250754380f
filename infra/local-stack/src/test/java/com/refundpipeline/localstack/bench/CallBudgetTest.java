package com.refundpipeline.localstack.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CallBudgetTest {

    @Test
    void theBudgetComesFromTheResourceFileForTheFunctionsOnTheCommonPath() {
        assertEquals(
                List.of("submit-refund", "verify-evidence", "issue-payout", "send-follow-up", "tally-figures"),
                List.copyOf(CallBudget.all().keySet()));
        assertArrayEquals(new int[] {1, 2, 1}, CallBudget.of("submit-refund"));
        assertArrayEquals(new int[] {3, 7, 0}, CallBudget.of("send-follow-up"));
        assertArrayEquals(new int[] {1, 4, 0}, CallBudget.of("tally-figures"));
        assertEquals(12.0, CallBudget.writeUnits("send-follow-up"));
        assertEquals(-1.0, CallBudget.writeUnits("payout-webhook"));
    }

    @Test
    void aFunctionOffTheCommonPathHasNoBudget() {
        assertArrayEquals(new int[] {-1, -1, -1}, CallBudget.of("payout-webhook"));
        assertArrayEquals(new int[] {-1, -1, -1}, CallBudget.of("review-case"));
    }
}
