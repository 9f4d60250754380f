package com.refundpipeline.policy;

import static com.refundpipeline.policy.PolicyFixtures.DEFAULT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.DeclineCode;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.RefundReason;
import com.refundpipeline.domain.RefundRequest;
import com.refundpipeline.domain.ShipmentStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each validator on its own: what it passes, what it demands when it fails, and the words it says why in. */
class ValidatorsTest {

    private static final Instant SOON = Instant.parse("2026-11-07T00:00:00Z");

    static void assertFinding(Finding finding, String demands, String says) {
        if (demands.equals("PASS")) {
            assertTrue(finding.passed(), finding.message());
            assertNull(finding.demands());
        } else {
            assertTrue(!finding.passed(), finding.message());
            assertEquals(CaseStatus.valueOf(demands), finding.demands(), finding.message());
        }
        assertTrue(finding.message().contains(says), finding.message());
    }

    @ParameterizedTest(name = "order_match: ledger {0}, captured as recorded {1}, sku {2} x{3} -> {4}")
    @CsvSource({
        "USD, true,  SKU-A, 1, PASS,      every line asked for is on order ord_1",
        "USD, true,  SKU-A, 2, PASS,      currency USD",
        "EUR, true,  SKU-A, 1, IN_REVIEW, currency mismatch: the order was refunded in EUR before",
        "USD, false, SKU-A, 1, IN_REVIEW, captured amount was recorded as",
        "USD, true,  SKU-Z, 1, IN_REVIEW, sku SKU-Z is not on order ord_1",
        "USD, true,  SKU-A, 3, IN_REVIEW, quantity 3 of SKU-A but the order has 2",
    })
    void orderMatch(
            String ledgerCurrency, boolean capturedAsRecorded, String sku, long quantity, String demands, String says) {
        RefundCase c = PolicyFixtures.damaged(1, SOON);
        RefundRequest r = c.request();
        RefundRequest request = new RefundRequest(
                r.order(),
                List.of(new RefundRequest.RequestedItem(sku, quantity)),
                r.reason(),
                null,
                r.evidence(),
                r.preferredMethod(),
                r.customer());
        RefundCase changed = new RefundCase(
                c.caseId(),
                c.status(),
                c.version(),
                c.createdAt(),
                c.updatedAt(),
                c.resolutionDueAt(),
                request,
                c.requestHash(),
                2999,
                null,
                null,
                c.timeline());
        PolicyInput input = new PolicyInput(
                changed,
                new com.refundpipeline.domain.Decision.Inputs(
                        ledgerCurrency, capturedAsRecorded ? r.order().capturedAmount() : 1, 0, 0, SOON));
        Validator.Subject subject = new Validator.Subject(
                input, DEFAULT.document(), DEFAULT.document().rules().get(2), new Validator.Proposal(2999, null, ""));
        assertFinding(new OrderMatchValidator().check(subject), demands, says);
    }

    @ParameterizedTest(name = "paid_amount_cap: {0} committed elsewhere of 6498, qty {1} -> {2}")
    @CsvSource({
        "0,    1, PASS,     requested 29.99 USD",
        "3499, 1, PASS,     29.99 USD left to refund",
        "3500, 1, DECLINED, only 29.98 USD of the 64.98 USD captured is left",
        "500,  2, PASS,     59.98 USD left to refund",
        "501,  2, DECLINED, only 59.97 USD",
        "6498, 1, DECLINED, only 0.00 USD of the 64.98 USD",
    })
    void paidAmountCap(long committed, long quantity, String demands, String says) {
        RefundCase c = PolicyFixtures.refundCase(
                RefundReason.DAMAGED,
                "apparel",
                ShipmentStatus.DELIVERED,
                PolicyFixtures.photos(1),
                SOON,
                "USD",
                2999,
                quantity);
        Finding finding = new PaidAmountCapValidator()
                .check(PolicyFixtures.subject(PolicyFixtures.input(c, "USD", committed, 0)));
        assertFinding(finding, demands, says);
        if (!finding.passed()) {
            assertEquals(DeclineCode.ALREADY_REFUNDED, finding.declineCode());
        }
    }

    @ParameterizedTest(name = "return_window: {0}/{1}/{2} at {3} -> {4}")
    @CsvSource({
        "damaged,           apparel,     delivered,   2026-12-05T10:00:00Z, PASS,     closes at 2026-12-05T10:00:00Z",
        "damaged,           apparel,     delivered,   2026-12-05T10:00:01Z, DECLINED, closed at 2026-12-05T10:00:00Z",
        "damaged,           electronics, delivered,   2026-11-19T10:00:01Z, DECLINED, the P14D window from delivery",
        "changed_mind,      apparel,     in_transit,  2027-03-01T00:00:00Z, PASS,     counts from delivery, which has not happened yet",
        "duplicate_payment, apparel,     delivered,   2027-04-30T08:00:00Z, PASS,     window from order",
        "duplicate_payment, apparel,     delivered,   2027-04-30T08:00:01Z, DECLINED, window from order (2026-11-01T08:00:00Z)",
        "not_received,      apparel,     delivered,   2030-01-01T00:00:00Z, PASS,     no return window for rule not_received",
    })
    void returnWindow(String reason, String category, String shipment, Instant at, String demands, String says) {
        RefundCase c = PolicyFixtures.refundCase(
                RefundReason.fromWire(reason),
                category,
                ShipmentStatus.fromWire(shipment),
                PolicyFixtures.photos(2),
                at,
                "USD",
                2999,
                1);
        Finding finding =
                new ReturnWindowValidator().check(PolicyFixtures.subject(PolicyFixtures.input(c, "USD", 0, 0)));
        assertFinding(finding, demands, says);
        if (!finding.passed()) {
            assertEquals(DeclineCode.OUTSIDE_WINDOW, finding.declineCode());
        }
    }

    @ParameterizedTest(name = "evidence: {0} {1} {2} {3} bytes, {4} required -> {5}")
    @CsvSource({
        "photo,    https://evidence.example/a.jpg,                 image/jpeg, 48211,    1, PASS,           1 usable photo(s), 1 required",
        "photo,    https://evidence.example/a.png,                 image/png,  26214400, 1, PASS,           1 usable photo(s)",
        "photo,    https://evidence.example/a.jpg,                 image/jpeg, 26214401, 1, NEEDS_EVIDENCE, is 26214401 bytes, accepted: 1 to 26214400",
        "photo,    https://evidence.example/a.jpg,                 image/jpeg, 0,        1, NEEDS_EVIDENCE, is 0 bytes",
        "photo,    https://attacker.example/a.jpg,                 image/jpeg, 48211,    1, NEEDS_EVIDENCE, stored at attacker.example, not at the evidence store",
        "photo,    https://evidence.example@attacker.example/a.jpg, image/jpeg, 48211,   1, NEEDS_EVIDENCE, has no https URL",
        "photo,    https://cdn.evidence.example/a.jpg,             image/jpeg, 48211,    1, NEEDS_EVIDENCE, stored at cdn.evidence.example",
        "photo,    http://evidence.example/a.jpg,                  image/jpeg, 48211,    1, NEEDS_EVIDENCE, has no https URL",
        "photo,    https://evidence.example/a.gif,                 image/gif,  48211,    1, NEEDS_EVIDENCE, is image/gif, accepted for photo",
        "video,    https://evidence.example/a.mp4,                 video/mp4,  48211,    1, NEEDS_EVIDENCE, 0 usable photo(s), rule merchant_fault requires 1",
        "sketch,   https://evidence.example/a.jpg,                 image/jpeg, 48211,    1, NEEDS_EVIDENCE, has type sketch",
        "photo,    https://attacker.example/a.jpg,                 image/jpeg, 48211,    0, PASS,           not counted: evidence[0] is stored at attacker.example",
    })
    void evidence(String type, String url, String contentType, long bytes, int required, String demands, String says) {
        RefundReason reason = required == 0 ? RefundReason.MISSING_ITEM : RefundReason.DAMAGED;
        RefundCase c = PolicyFixtures.refundCase(
                reason,
                "apparel",
                ShipmentStatus.DELIVERED,
                List.of(new RefundRequest.Evidence(type, url, contentType, bytes)),
                SOON,
                "USD",
                2999,
                1);
        Finding finding = new EvidenceValidator().check(PolicyFixtures.subject(PolicyFixtures.input(c, "USD", 0, 0)));
        assertFinding(finding, demands, says);
        if (!finding.passed()) {
            assertTrue(finding.customerText().startsWith("Please send 1 more photo(s)"), finding.customerText());
        }
    }

    @ParameterizedTest(name = "shipment_state: {0} {1} at {2} -> {3}")
    @CsvSource({
        "not_received, not_shipped, 2026-11-01T09:00:00Z, PASS,      never shipped: cancel it and refund in full",
        "not_received, in_transit,  2026-11-03T00:00:00Z, ON_HOLD,   held until 2026-11-09T08:00:00Z",
        "not_received, in_transit,  2026-11-09T07:59:59Z, ON_HOLD,   expected by 2026-11-07T08:00:00Z",
        "not_received, in_transit,  2026-11-09T08:00:00Z, IN_REVIEW, past the expected delivery",
        "not_received, delivered,   2026-11-06T00:00:00Z, IN_REVIEW, marked the parcel delivered",
        "damaged,      in_transit,  2026-11-03T00:00:00Z, PASS,      applies to not_received only",
    })
    void shipmentState(String reason, String shipment, Instant at, String demands, String says) {
        RefundCase c = PolicyFixtures.refundCase(
                RefundReason.fromWire(reason),
                "apparel",
                ShipmentStatus.fromWire(shipment),
                List.of(),
                at,
                "USD",
                2999,
                1);
        assertFinding(
                new ShipmentStateValidator().check(PolicyFixtures.subject(PolicyFixtures.input(c, "USD", 0, 0))),
                demands,
                says);
    }

    @ParameterizedTest(name = "resalable_return: {0}/{1} -> {2}")
    @CsvSource({
        "changed_mind, apparel,     AWAITING_RETURN, restocking fee 10.0%",
        "changed_mind, electronics, AWAITING_RETURN, restocking fee 15.0%",
        "damaged,      apparel,     PASS,      rule merchant_fault needs no inspected return",
    })
    void resalableReturn(String reason, String category, String demands, String says) {
        RefundCase c = PolicyFixtures.refundCase(
                RefundReason.fromWire(reason),
                category,
                ShipmentStatus.DELIVERED,
                PolicyFixtures.photos(2),
                SOON,
                "USD",
                2999,
                1);
        assertFinding(
                new ResalableReturnValidator().check(PolicyFixtures.subject(PolicyFixtures.input(c, "USD", 0, 0))),
                demands,
                says);
    }

    @ParameterizedTest(name = "automatic_decision: {0} -> {1}")
    @CsvSource({
        "duplicate_payment, IN_REVIEW, the payments must be matched by a person",
        "other,             IN_REVIEW, the customer's words need reading",
        "missing_item,      PASS,      may be decided automatically",
    })
    void automaticDecision(String reason, String demands, String says) {
        RefundCase c = PolicyFixtures.refundCase(
                RefundReason.fromWire(reason), "apparel", ShipmentStatus.DELIVERED, List.of(), SOON, "USD", 2999, 1);
        assertFinding(
                new AutomaticDecisionValidator().check(PolicyFixtures.subject(PolicyFixtures.input(c, "USD", 0, 0))),
                demands,
                says);
    }

    @ParameterizedTest(name = "frequent_refunder: {0} other refunds -> {1}")
    @CsvSource({
        "0,  PASS,      0 other refund request(s) in the last P90D",
        "2,  PASS,      below 3",
        "3,  IN_REVIEW, the customer has 3 other refund request(s)",
        "40, IN_REVIEW, has 40",
    })
    void frequentRefunder(int recent, String demands, String says) {
        RefundCase c = PolicyFixtures.damaged(1, SOON);
        assertFinding(
                new FrequentRefunderValidator()
                        .check(PolicyFixtures.subject(PolicyFixtures.input(c, "USD", 0, recent))),
                demands,
                says);
    }

    @ParameterizedTest(name = "auto_approve_limit: {0} x{1} {2} -> {3}")
    @CsvSource({
        "20000,  1, USD, PASS,      200.00 USD is within the automatic limit of 200.00 USD",
        "20001,  1, USD, IN_REVIEW, 200.01 USD is above the automatic limit of 200.00 USD",
        "9750,   2, USD, PASS,      200.00 USD is within",
        "9751,   2, USD, IN_REVIEW, 200.02 USD is above",
        "150000, 1, CNY, PASS,      'within the automatic limit of 1,500.00 CNY'",
        "2999,   1, SEK, IN_REVIEW, no automatic limit in SEK",
    })
    void autoApproveLimit(long unit, long quantity, String currency, String demands, String says) {
        // two units and 500 shipping: everything back refunds the shipping, which counts towards the limit
        RefundCase c = PolicyFixtures.refundCase(
                RefundReason.DAMAGED,
                "apparel",
                ShipmentStatus.DELIVERED,
                PolicyFixtures.photos(1),
                SOON,
                currency,
                unit,
                quantity);
        assertFinding(
                new AutoApproveLimitValidator().check(PolicyFixtures.subject(PolicyFixtures.input(c, currency, 0, 0))),
                demands,
                says);
    }

    /** Electronics damaged: rule merchant_fault_electronics asks for two photos; only usable ones count. */
    @ParameterizedTest(name = "evidence: {0} usable, {1} unusable of 2 required -> {2}")
    @CsvSource({
        "0, 0, 'Please send 2 more photo(s) of the problem through the store, so we can confirm it.'",
        "1, 0, 'Please send 1 more photo(s) of the problem through the store, so we can confirm it.'",
        "1, 1, 'Please send 1 more photo(s) of the problem (some of the files we have could not be used) through the store, so we can confirm it.'",
        "0, 2, 'Please send 2 more photo(s) of the problem (some of the files we have could not be used) through the store, so we can confirm it.'",
    })
    void evidenceAsksTheCustomerForTheMissingPhotosOnly(int usable, int unusable, String customerText) {
        List<RefundRequest.Evidence> evidence = new java.util.ArrayList<>(PolicyFixtures.photos(usable));
        for (int i = 0; i < unusable; i++) {
            evidence.add(
                    new RefundRequest.Evidence("photo", "https://attacker.example/" + i + ".jpg", "image/jpeg", 10));
        }
        RefundCase c = PolicyFixtures.refundCase(
                RefundReason.DAMAGED, "electronics", ShipmentStatus.DELIVERED, evidence, SOON, "USD", 2999, 1);
        Finding finding = new EvidenceValidator().check(PolicyFixtures.subject(PolicyFixtures.input(c, "USD", 0, 0)));
        assertFinding(
                finding, "NEEDS_EVIDENCE", usable + " usable photo(s), rule merchant_fault_electronics requires 2");
        assertEquals(customerText, finding.customerText());
    }

    @org.junit.jupiter.api.Test
    void evidenceWithEnoughUsablePhotosPassesAndSaysWhatWasNotCounted() {
        List<RefundRequest.Evidence> evidence = new java.util.ArrayList<>(PolicyFixtures.photos(2));
        evidence.add(new RefundRequest.Evidence("photo", "https://evidence.example/x.gif", "image/gif", 10));
        RefundCase c = PolicyFixtures.refundCase(
                RefundReason.DAMAGED, "electronics", ShipmentStatus.DELIVERED, evidence, SOON, "USD", 2999, 1);
        Finding finding = new EvidenceValidator().check(PolicyFixtures.subject(PolicyFixtures.input(c, "USD", 0, 0)));
        assertEquals(
                "2 usable photo(s), 2 required; not counted: evidence[2] is image/gif, accepted for photo: "
                        + DEFAULT.document().evidence().contentTypes().get("photo"),
                finding.message());
        assertTrue(finding.passed());
        assertNull(finding.customerText());
    }

    /** The record of a decision names each check as the validator that made it names itself, in the order run. */
    @org.junit.jupiter.api.Test
    void everyValidatorsFindingsCarryItsName() {
        RefundCase c = PolicyFixtures.damaged(1, SOON);
        PolicyInput input = PolicyFixtures.input(c, "USD", 0, 0);
        Validator.Subject subject = PolicyFixtures.subject(input);
        for (Validator v : RefundPolicy.VALIDATORS) {
            assertEquals(v.check(subject).validator(), v.name());
        }
        assertEquals(
                RefundPolicy.VALIDATORS.stream().map(Validator::name).toList(),
                DEFAULT.decide(input).checks().stream()
                        .map(com.refundpipeline.domain.Decision.Check::validator)
                        .toList());
        assertEquals(
                RefundPolicy.VALIDATORS.size(),
                RefundPolicy.VALIDATORS.stream().map(Validator::name).distinct().count(),
                "no two validators share a name");
    }
}
