package com.refundpipeline.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.refundpipeline.domain.Decision;
import com.refundpipeline.domain.OrderPosition;
import com.refundpipeline.domain.RefundCase;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The facts a decision sees besides the case: what other cases of the order committed (never this case's own share
 * twice when it is decided again), the customer's recent refunds and the time; and a hash that shows a replay saw
 * the same facts.
 */
class PolicyInputTest {

    private static final Instant NOW = Instant.parse("2026-11-07T00:00:00Z");

    /** One damaged unit of SKU-A at 29.99 USD; the order captured 2 x 29.99 + 5.00 = 64.98 USD. */
    private static final RefundCase CASE = PolicyFixtures.damaged(1, NOW);

    @Test
    void anotherCasesShareCountsAgainstThisOne() {
        OrderPosition order = new OrderPosition("ord_1", "USD", 6_498, 2_999, Set.of("rc_other"), Map.of("SKU-A", 1L));
        PolicyInput input = PolicyInput.of(CASE, order, 2, NOW);
        assertEquals(new Decision.Inputs("USD", 6_498, 2_999, 2, NOW, Map.of("SKU-A", 1L)), input.inputs());
        assertEquals(3_499, input.refundable());
        assertEquals(Map.of("SKU-A", 1L), input.priorUnits());
        assertEquals(NOW, input.now());
        assertEquals(CASE.request(), input.request());
    }

    @Test
    void aCaseDecidedAgainDoesNotCountItsOwnShare() {
        OrderPosition order = new OrderPosition(
                "ord_1", "USD", 6_498, 2_999 + 1_000, Set.of(CASE.caseId(), "rc_other"), Map.of("SKU-A", 2L));
        PolicyInput input = PolicyInput.of(CASE, order, 0, NOW);
        assertEquals(1_000, input.inputs().committedElsewhere(), "only the other case's amount");
        assertEquals(5_498, input.refundable());
        assertEquals(Map.of("SKU-A", 1L), input.priorUnits(), "only the other case's unit");
    }

    @Test
    void whenItsOwnShareWasAllThatWasCommittedNothingIsCommittedElsewhere() {
        OrderPosition order =
                new OrderPosition("ord_1", "USD", 6_498, 2_999, Set.of(CASE.caseId()), Map.of("SKU-A", 1L));
        PolicyInput input = PolicyInput.of(CASE, order, 0, NOW);
        assertEquals(0, input.inputs().committedElsewhere());
        assertEquals(6_498, input.refundable());
        assertEquals(Map.of(), input.priorUnits(), "no sku is left with zero units: it is simply not there");
    }

    @Test
    void aShareSmallerThanTheCaseItselfNeverCountsBelowZero() {
        OrderPosition order = new OrderPosition("ord_1", "USD", 6_498, 1_000, Set.of(CASE.caseId()), Map.of());
        assertEquals(0, PolicyInput.of(CASE, order, 0, NOW).inputs().committedElsewhere());
    }

    @Test
    void inputsRecordedBeforeUnitsWereKeptHaveNoPriorUnits() {
        PolicyInput input = new PolicyInput(CASE, new Decision.Inputs("USD", 6_498, 0, 0, NOW));
        assertEquals(Map.of(), input.priorUnits());
    }

    @Test
    void theHashIsTheSameForTheSameFactsAndChangesWithAnyOfThem() {
        OrderPosition order = OrderPosition.untouched("ord_1", "USD", 6_498);
        String hash = PolicyInput.of(CASE, order, 0, NOW).hash();
        assertTrue(hash.matches("[0-9a-f]{64}"), hash);
        assertEquals(hash, PolicyInput.of(CASE, order, 0, NOW).hash());
        assertNotEquals(hash, PolicyInput.of(CASE, order, 1, NOW).hash(), "the customer's recent refunds");
        assertNotEquals(hash, PolicyInput.of(CASE, order, 0, NOW.plusSeconds(1)).hash(), "the time");
        assertNotEquals(
                hash,
                PolicyInput.of(PolicyFixtures.damaged(2, NOW), order, 0, NOW).hash(),
                "the request (its evidence)");
    }
}
