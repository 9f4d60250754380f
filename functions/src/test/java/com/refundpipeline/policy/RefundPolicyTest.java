package com.refundpipeline.policy;

import static com.refundpipeline.policy.PolicyFixtures.DEFAULT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.Decision;
import com.refundpipeline.domain.PayoutMethod;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.RefundReason;
import com.refundpipeline.domain.ShipmentStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The default policy (src/main/resources/policy/default.json) as a decision table. The order: delivered
 * 2026-11-05T10:00:00Z (shipped 2026-11-02T08:00Z, placed 2026-11-01T08:00Z), two units of SKU-A plus 500 of shipping.
 */
class RefundPolicyTest {

    @ParameterizedTest(
            name = "[{index}] {0}/{1}/{2}, {3} photo(s), at {4}, {6}x{7} {5}, {8} committed, {9} recent, "
                    + "ledger {10} -> {11} by {12} {13}")
    @CsvSource(
            nullValues = "-",
            value = {
                // reason, category, shipment, photos, requested at, currency, unit, qty, committed elsewhere, recent
                // refunds, ledger currency, outcome, rule, amount
                "damaged,          apparel,     delivered,   1, 2026-11-07T00:00:00Z, USD, 2999,  1, 0,    0, USD, APPROVED,       within_policy,      2999",
                "damaged,          apparel,     delivered,   0, 2026-11-07T00:00:00Z, USD, 2999,  1, 0,    0, USD, NEEDS_EVIDENCE, evidence,           -",
                "wrong_item,       apparel,     delivered,   0, 2026-11-07T00:00:00Z, USD, 2999,  1, 0,    0, USD, NEEDS_EVIDENCE, evidence,           -",
                "quality_defect,   apparel,     delivered,   0, 2026-11-07T00:00:00Z, USD, 2999,  1, 0,    0, USD, NEEDS_EVIDENCE, evidence,           -",
                "not_as_described, apparel,     delivered,   0, 2026-11-07T00:00:00Z, USD, 2999,  1, 0,    0, USD, NEEDS_EVIDENCE, evidence,           -",
                "wrong_item,       apparel,     delivered,   1, 2026-11-07T00:00:00Z, USD, 2999,  1, 0,    0, USD, APPROVED,       within_policy,      2999",
                "quality_defect,   apparel,     delivered,   1, 2026-11-07T00:00:00Z, USD, 2999,  1, 0,    0, USD, APPROVED,       within_policy,      2999",
                "not_as_described, apparel,     delivered,   1, 2026-11-07T00:00:00Z, USD, 2999,  1, 0,    0, USD, APPROVED,       within_policy,      2999",
                "damaged,          electronics, delivered,   1, 2026-11-07T00:00:00Z, USD, 2999,  1, 0,    0, USD, NEEDS_EVIDENCE, evidence,           -",
                "damaged,          electronics, delivered,   2, 2026-11-07T00:00:00Z, USD, 2999,  1, 0,    0, USD, APPROVED,       within_policy,      2999",
                // everything back on a merchant fault: shipping refunded too
                "damaged,          apparel,     delivered,   1, 2026-11-07T00:00:00Z, USD, 2999,  2, 0,    0, USD, APPROVED,       within_policy,      6498",
                "missing_item,     apparel,     delivered,   0, 2026-11-07T00:00:00Z, USD, 2999,  2, 0,    0, USD, APPROVED,       within_policy,      5998",
                "missing_item,     apparel,     delivered,   0, 2026-11-07T00:00:00Z, USD, 2999,  1, 0,    0, USD, APPROVED,       within_policy,      2999",
                // window edges to the second: 30 days from delivery, 14 for electronics
                "damaged,          apparel,     delivered,   1, 2026-12-05T10:00:00Z, USD, 2999,  1, 0,    0, USD, APPROVED,       within_policy,      2999",
                "damaged,          apparel,     delivered,   1, 2026-12-05T10:00:01Z, USD, 2999,  1, 0,    0, USD, DECLINED,       return_window,      -",
                "damaged,          electronics, delivered,   2, 2026-11-19T10:00:00Z, USD, 2999,  1, 0,    0, USD, APPROVED,       within_policy,      2999",
                "damaged,          electronics, delivered,   2, 2026-11-19T10:00:01Z, USD, 2999,  1, 0,    0, USD, DECLINED,       return_window,      -",
                "missing_item,     apparel,     delivered,   0, 2026-12-05T10:00:01Z, USD, 2999,  1, 0,    0, USD, DECLINED,       return_window,      -",
                "damaged,          apparel,     delivered,   0, 2026-12-05T10:00:01Z, USD, 2999,  1, 0,    0, USD, DECLINED,       return_window,      -",
                // not received: never shipped -> refund in full; in transit -> hold to expected delivery + grace;
                // delivered -> a person
                "not_received,     apparel,     not_shipped, 0, 2026-11-01T09:00:00Z, USD, 2999,  1, 0,    0, USD, APPROVED,       within_policy,      2999",
                "not_received,     apparel,     not_shipped, 0, 2026-11-01T09:00:00Z, USD, 2999,  2, 0,    0, USD, APPROVED,       within_policy,      6498",
                "not_received,     apparel,     not_shipped, 0, 2027-06-01T00:00:00Z, USD, 2999,  1, 0,    0, USD, APPROVED,       within_policy,      2999",
                "not_received,     apparel,     in_transit,  0, 2026-11-04T00:00:00Z, USD, 2999,  1, 0,    0, USD, ON_HOLD,        shipment_state,     -",
                "not_received,     apparel,     in_transit,  0, 2026-11-09T07:59:59Z, USD, 2999,  1, 0,    0, USD, ON_HOLD,        shipment_state,     -",
                "not_received,     apparel,     in_transit,  0, 2026-11-09T08:00:00Z, USD, 2999,  1, 0,    0, USD, IN_REVIEW,      shipment_state,     -",
                "not_received,     apparel,     delivered,   0, 2026-11-07T00:00:00Z, USD, 2999,  1, 0,    0, USD, IN_REVIEW,      shipment_state,     -",
                // changed mind: inside the window, the item comes back first (what the rule would give is held
                // meanwhile)
                "changed_mind,     apparel,     delivered,   0, 2026-11-07T00:00:00Z, USD, 2999,  1, 0,    0, USD, AWAITING_RETURN, resalable_return,  2700",
                "changed_mind,     apparel,     delivered,   0, 2026-12-05T10:00:01Z, USD, 2999,  1, 0,    0, USD, DECLINED,       return_window,      -",
                "changed_mind,     electronics, delivered,   0, 2026-11-19T10:00:00Z, USD, 2999,  1, 0,    0, USD, AWAITING_RETURN, resalable_return,  2550",
                "changed_mind,     electronics, delivered,   0, 2026-11-19T10:00:01Z, USD, 2999,  1, 0,    0, USD, DECLINED,       return_window,      -",
                // duplicate payment: a person matches the payments, within 180 days of the order
                "duplicate_payment,apparel,     delivered,   0, 2026-11-07T00:00:00Z, USD, 2999,  1, 0,    0, USD, IN_REVIEW,      automatic_decision, -",
                "duplicate_payment,apparel,     delivered,   0, 2027-04-30T08:00:00Z, USD, 2999,  1, 0,    0, USD, IN_REVIEW,      automatic_decision, -",
                "duplicate_payment,apparel,     delivered,   0, 2027-04-30T08:00:01Z, USD, 2999,  1, 0,    0, USD, DECLINED,       return_window,      -",
                "other,            apparel,     delivered,   0, 2026-11-07T00:00:00Z, USD, 2999,  1, 0,    0, USD, IN_REVIEW,      automatic_decision, -",
                // unusual amounts: at the automatic limit approved, above it a person; no limit for the currency, a
                // person
                "damaged,          apparel,     delivered,   1, 2026-11-07T00:00:00Z, USD, 20000, 1, 0,    0, USD, APPROVED,       within_policy,      20000",
                "damaged,          apparel,     delivered,   1, 2026-11-07T00:00:00Z, USD, 20001, 1, 0,    0, USD, IN_REVIEW,      auto_approve_limit, -",
                "damaged,          apparel,     delivered,   1, 2026-11-07T00:00:00Z, JPY, 2999,  1, 0,    0, JPY, APPROVED,       within_policy,      2999",
                "damaged,          apparel,     delivered,   1, 2026-11-07T00:00:00Z, CHF, 2999,  1, 0,    0, CHF, IN_REVIEW,      auto_approve_limit, -",
                // several partial refunds on one order: captured 6498
                "damaged,          apparel,     delivered,   1, 2026-11-07T00:00:00Z, USD, 2999,  1, 3499, 0, USD, APPROVED,       within_policy,      2999",
                "damaged,          apparel,     delivered,   1, 2026-11-07T00:00:00Z, USD, 2999,  1, 3500, 0, USD, DECLINED,       paid_amount_cap,    -",
                "missing_item,     apparel,     delivered,   0, 2026-11-07T00:00:00Z, USD, 2999,  1, 2999, 0, USD, APPROVED,       within_policy,      2999",
                "damaged,          apparel,     delivered,   1, 2026-11-07T00:00:00Z, USD, 2999,  1, 6498, 0, USD, DECLINED,       paid_amount_cap,    -",
                // everything back after an earlier partial refund: capped at what the order has left
                "damaged,          apparel,     delivered,   1, 2026-11-07T00:00:00Z, USD, 2999,  2, 100,  0, USD, APPROVED,       within_policy,      6398",
                // frequent refunders go to a person, never to a no
                "damaged,          apparel,     delivered,   1, 2026-11-07T00:00:00Z, USD, 2999,  1, 0,    3, USD, IN_REVIEW,      frequent_refunder,  -",
                "damaged,          apparel,     delivered,   1, 2026-11-07T00:00:00Z, USD, 2999,  1, 0,    2, USD, APPROVED,       within_policy,      2999",
                "damaged,          apparel,     delivered,   1, 2026-12-05T10:00:01Z, USD, 2999,  1, 0,    5, USD, DECLINED,       return_window,      -",
                "not_received,     apparel,     in_transit,  0, 2026-11-04T00:00:00Z, USD, 2999,  1, 0,    5, USD, ON_HOLD,        shipment_state,     -",
                // currency mismatch with the order's earlier refunds: a person
                "damaged,          apparel,     delivered,   1, 2026-11-07T00:00:00Z, USD, 2999,  1, 0,    0, EUR, IN_REVIEW,      order_match,        -",
            })
    void decidesByTheStrictestFinding(
            String reason,
            String category,
            String shipment,
            int photos,
            Instant at,
            String currency,
            long unit,
            long quantity,
            long committed,
            int recent,
            String ledgerCurrency,
            CaseStatus outcome,
            String rule,
            Long amount) {
        RefundCase refundCase = PolicyFixtures.refundCase(
                RefundReason.fromWire(reason),
                category,
                ShipmentStatus.fromWire(shipment),
                PolicyFixtures.photos(photos),
                at,
                currency,
                unit,
                quantity);

        Decision decision = DEFAULT.decide(PolicyFixtures.input(refundCase, ledgerCurrency, committed, recent));

        assertEquals(outcome, decision.outcome(), decision.explanation());
        assertEquals(rule, decision.rule(), decision.explanation());
        assertEquals(amount, decision.amount());
        assertEquals("2026-11-v2", decision.policyVersion());
        assertEquals("policy", decision.decidedBy());
        assertEquals(9, decision.checks().size(), "every validator is on the record");
        assertEquals(outcome == CaseStatus.APPROVED, decision.checks().stream().allMatch(Decision.Check::passed));
        assertNotNull(decision.inputsHash());
        if (outcome == CaseStatus.APPROVED) {
            assertEquals(PayoutMethod.ORIGINAL_PAYMENT, decision.method());
        }
        if (outcome == CaseStatus.DECLINED) {
            assertEquals(
                    decision.declineCode().explanation(),
                    decision.explanation(),
                    "the customer reads the plain text of the decline code");
        }
        assertEquals(outcome == CaseStatus.ON_HOLD, decision.holdUntil() != null);
    }

    @Test
    void aHeldParcelIsLookedAtAgainAtTheExpectedDeliveryPlusGrace() {
        RefundCase held = PolicyFixtures.refundCase(
                RefundReason.NOT_RECEIVED,
                "apparel",
                ShipmentStatus.IN_TRANSIT,
                List.of(),
                Instant.parse("2026-11-04T00:00:00Z"),
                "USD",
                2999,
                1);
        Decision decision = DEFAULT.decide(PolicyFixtures.input(held, "USD", 0, 0));
        // shipped 2026-11-02T08:00Z + expected transit P5D + grace P2D
        assertEquals(Instant.parse("2026-11-09T08:00:00Z"), decision.holdUntil());
    }

    @Test
    void theRecordNamesEveryFindingAndTheCustomerReadsTheDecisiveOne() {
        RefundCase late = PolicyFixtures.damaged(0, Instant.parse("2026-12-06T00:00:00Z"));
        Decision decision = DEFAULT.decide(PolicyFixtures.input(late, "USD", 0, 4));
        List<String> failed = decision.checks().stream()
                .filter(c -> !c.passed())
                .map(Decision.Check::validator)
                .toList();
        assertEquals(List.of("return_window", "evidence", "frequent_refunder"), failed);
        assertTrue(
                decision.checks().get(2).message().contains("closed at 2026-12-05T10:00:00Z"),
                decision.checks().get(2).message());
        assertEquals(
                "Your request arrived after the return window for this order had closed, so we cannot refund it.",
                decision.explanation());
    }

    @Test
    void aChangedMindReturnHoldsWhatTheRuleWouldGiveUntilTheParcelIsInspected() {
        RefundCase changedMind = PolicyFixtures.refundCase(
                RefundReason.CHANGED_MIND,
                "apparel",
                ShipmentStatus.DELIVERED,
                List.of(),
                Instant.parse("2026-11-07T00:00:00Z"),
                "USD",
                2999,
                1);
        Decision decision = DEFAULT.decide(PolicyFixtures.input(changedMind, "USD", 0, 0));
        assertTrue(
                decision.explanation()
                        .contains("27.00 USD by original_payment (lines 29.99 USD, restocking fee -2.99 USD)"),
                decision.explanation());
        assertEquals(CaseStatus.AWAITING_RETURN, decision.outcome());
        // What the rule would give is held on the order while the parcel is owed; nothing is paid before inspection.
        assertEquals(2700L, decision.amount());
        assertTrue(decision.grant().returnFirst());
        assertNull(decision.grant().authorization(), "the policy decides; verify-evidence authorizes the return");
    }

    @Test
    void theSameFactsHashTheSameAndOtherFactsDoNot() {
        RefundCase c = PolicyFixtures.damaged(1, Instant.parse("2026-11-07T00:00:00Z"));
        String once = DEFAULT.decide(PolicyFixtures.input(c, "USD", 0, 0)).inputsHash();
        assertEquals(once, DEFAULT.decide(PolicyFixtures.input(c, "USD", 0, 0)).inputsHash());
        assertTrue(!once.equals(
                DEFAULT.decide(PolicyFixtures.input(c, "USD", 100, 0)).inputsHash()));
    }
}
