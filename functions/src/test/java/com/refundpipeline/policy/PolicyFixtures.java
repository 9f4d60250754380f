package com.refundpipeline.policy;

import com.refundpipeline.domain.Decision;
import com.refundpipeline.domain.PayoutMethod;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.RefundReason;
import com.refundpipeline.domain.RefundRequest;
import com.refundpipeline.domain.ShipmentStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One order for every policy test: placed 2026-11-01T08:00Z, shipped a day later, delivered 2026-11-05T10:00Z,
 * two units of SKU-A at the unit amount plus 500 of shipping, captured in full.
 */
final class PolicyFixtures {

    static final Instant PLACED = Instant.parse("2026-11-01T08:00:00Z");
    static final Instant SHIPPED = Instant.parse("2026-11-02T08:00:00Z");
    static final Instant DELIVERED = Instant.parse("2026-11-05T10:00:00Z");
    static final long SHIPPING = 500;
    static final RefundPolicy DEFAULT = PolicyLoader.load("classpath:policy/default.json");

    private PolicyFixtures() {}

    static RefundRequest.Evidence photo(int n) {
        return new RefundRequest.Evidence(
                "photo", "https://evidence.example/ord_1/" + n + ".jpg", "image/jpeg", 48_211);
    }

    static List<RefundRequest.Evidence> photos(int count) {
        List<RefundRequest.Evidence> list = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            list.add(photo(i));
        }
        return list;
    }

    static RefundCase refundCase(
            RefundReason reason,
            String category,
            ShipmentStatus shipment,
            List<RefundRequest.Evidence> evidence,
            Instant requestedAt,
            String currency,
            long unitAmount,
            long quantity) {
        RefundRequest.Order order = new RefundRequest.Order(
                "ord_1",
                "cus_1",
                currency,
                unitAmount * 2 + SHIPPING,
                PLACED,
                shipment,
                shipment == ShipmentStatus.NOT_SHIPPED ? null : SHIPPED,
                shipment == ShipmentStatus.DELIVERED ? DELIVERED : null,
                "pi_1",
                List.of(new RefundRequest.OrderLine("SKU-A", 2, unitAmount, category)));
        RefundRequest request = new RefundRequest(
                order,
                List.of(new RefundRequest.RequestedItem("SKU-A", quantity)),
                reason,
                null,
                evidence,
                PayoutMethod.ORIGINAL_PAYMENT,
                new RefundRequest.CustomerContact("a@example.com", null, "en", "UTC", "email"));
        return RefundCase.open(
                "key-" + reason + requestedAt + quantity, request, "hash", requestedAt, Duration.ofHours(24));
    }

    static RefundCase damaged(int photos, Instant at) {
        return refundCase(
                RefundReason.DAMAGED, "apparel", ShipmentStatus.DELIVERED, photos(photos), at, "USD", 2999, 1);
    }

    /** The facts as read at the time of the request: other refunds of the order and of the customer. */
    static PolicyInput input(RefundCase refundCase, String ledgerCurrency, long committedElsewhere, int recentRefunds) {
        return new PolicyInput(
                refundCase,
                new Decision.Inputs(
                        ledgerCurrency,
                        refundCase.request().order().capturedAmount(),
                        committedElsewhere,
                        recentRefunds,
                        refundCase.createdAt()));
    }

    static Validator.Subject subject(PolicyInput input) {
        PolicyDocument.ReturnRule rule = DEFAULT.ruleFor(input.request());
        return new Validator.Subject(input, DEFAULT.document(), rule, RefundPolicy.propose(input, rule));
    }
}
