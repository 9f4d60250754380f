package com.refundpipeline.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.Decision;
import com.refundpipeline.domain.PayoutMethod;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.RefundReason;
import com.refundpipeline.domain.RefundRequest;
import com.refundpipeline.domain.ShipmentStatus;
import com.refundpipeline.store.OrderPosition;

class RefundPolicyTest {

    private static final Instant DELIVERED = Instant.parse("2026-11-22T10:00:00Z");
    private static final RefundPolicy POLICY = new RefundPolicy("test-v1", Duration.ofDays(30), 20_000);

    @ParameterizedTest(name = "{0}, {1}, photo={2}, {3} after delivery, amount {4}, {5} committed -> {6} by {7}")
    @CsvSource({
            // reason, shipment, photo, requested after delivery, unit amount, committed elsewhere, outcome, rule
            "damaged,          delivered,   true,  P2D,           2999,  0,    APPROVED,       within_policy",
            "damaged,          delivered,   false, P2D,           2999,  0,    NEEDS_EVIDENCE, photo_evidence",
            "wrong_item,       delivered,   false, P2D,           2999,  0,    NEEDS_EVIDENCE, photo_evidence",
            "quality_defect,   delivered,   false, P2D,           2999,  0,    NEEDS_EVIDENCE, photo_evidence",
            "not_as_described, delivered,   false, P2D,           2999,  0,    NEEDS_EVIDENCE, photo_evidence",
            "missing_item,     delivered,   false, P2D,           2999,  0,    APPROVED,       within_policy",
            "damaged,          delivered,   true,  P30D,          2999,  0,    APPROVED,       within_policy",
            "damaged,          delivered,   true,  PT720H0.001S,  2999,  0,    DECLINED,       return_window",
            "missing_item,     delivered,   false, P31D,          2999,  0,    DECLINED,       return_window",
            "not_received,     not_shipped, false, P60D,          2999,  0,    APPROVED,       shipment_state",
            "not_received,     in_transit,  false, P2D,           2999,  0,    IN_REVIEW,      shipment_state",
            "not_received,     delivered,   false, P2D,           2999,  0,    IN_REVIEW,      shipment_state",
            "changed_mind,     delivered,   false, P2D,           2999,  0,    IN_REVIEW,      person_needed",
            "duplicate_payment,delivered,   false, P90D,          2999,  0,    IN_REVIEW,      person_needed",
            "other,            delivered,   false, P2D,           2999,  0,    IN_REVIEW,      person_needed",
            "damaged,          delivered,   true,  P2D,           20000, 0,    APPROVED,       within_policy",
            "damaged,          delivered,   true,  P2D,           20001, 0,    IN_REVIEW,      auto_approve_limit",
            "damaged,          delivered,   true,  P2D,           2999,  3000, DECLINED,       order_cap",
            "damaged,          delivered,   true,  P2D,           2999,  2999, APPROVED,       within_policy",
    })
    void decidesByTheFirstRuleThatStopsTheCase(String reason, String shipment, boolean photo, Duration after,
            long unitAmount, long committedElsewhere, CaseStatus outcome, String rule) {
        RefundCase refundCase = caseOf(RefundReason.fromWire(reason), ShipmentStatus.fromWire(shipment), photo,
                DELIVERED.plus(after), unitAmount);
        long captured = unitAmount * 2;
        OrderPosition order = new OrderPosition("ord_1", "USD", captured, committedElsewhere, Set.of("rc_other"));

        Decision decision = POLICY.decide(new PolicyInput(refundCase, order, refundCase.createdAt()));

        assertEquals(outcome, decision.outcome(), decision.explanation());
        assertEquals(rule, decision.rule());
        assertEquals("test-v1", decision.policyVersion());
        if (outcome == CaseStatus.APPROVED) {
            assertEquals(unitAmount, decision.amount());
            assertEquals(PayoutMethod.STORE_CREDIT, decision.method());
        }
        if (outcome == CaseStatus.DECLINED) {
            assertEquals(decision.declineCode().explanation(), decision.explanation());
        }
    }

    static RefundCase caseOf(RefundReason reason, ShipmentStatus shipment, boolean photo, Instant requestedAt,
            long unitAmount) {
        RefundRequest.Order order = new RefundRequest.Order("ord_1", "cus_1", "USD", unitAmount * 2,
                DELIVERED.minus(Duration.ofDays(2)), shipment,
                shipment == ShipmentStatus.NOT_SHIPPED ? null : DELIVERED.minus(Duration.ofDays(1)),
                shipment == ShipmentStatus.DELIVERED ? DELIVERED : null, "pi_1",
                List.of(new RefundRequest.OrderLine("SKU-1", 2, unitAmount, "apparel")));
        List<RefundRequest.Evidence> evidence = photo
                ? List.of(new RefundRequest.Evidence("photo", "https://evidence.example/1.jpg", "image/jpeg", 1000))
                : List.of();
        RefundRequest request = new RefundRequest(order, List.of(new RefundRequest.RequestedItem("SKU-1", 1)), reason,
                null, evidence, PayoutMethod.STORE_CREDIT,
                new RefundRequest.CustomerContact("a@example.com", null, "en", "UTC", "email"));
        return RefundCase.open("key-" + reason + requestedAt, request, "hash", requestedAt, Duration.ofHours(24));
    }
}
