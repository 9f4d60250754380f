package com.refundpipeline.policy;

import com.refundpipeline.domain.Decision;
import com.refundpipeline.domain.OrderPosition;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.RefundRequest;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Everything a decision may look at: the case (with its request and order snapshot) and the few facts read from
 * elsewhere, recorded on the decision so it can be replayed exactly.
 */
public record PolicyInput(RefundCase refundCase, Decision.Inputs inputs) {

    public static PolicyInput of(RefundCase refundCase, OrderPosition order, int customerRecentRefunds, Instant now) {
        // A case already holding its share is re-decided only if something went wrong; never count its share twice.
        long elsewhere = order.committedCases().contains(refundCase.caseId())
                ? Math.max(0, order.committedAmount() - refundCase.requestedAmount())
                : order.committedAmount();
        Map<String, Long> units = new HashMap<>(order.committedUnits());
        if (order.committedCases().contains(refundCase.caseId())) {
            refundCase
                    .request()
                    .items()
                    .forEach(i -> units.computeIfPresent(
                            i.sku(), (sku, n) -> n - i.quantity() > 0 ? n - i.quantity() : null));
        }
        return new PolicyInput(
                refundCase,
                new Decision.Inputs(
                        order.currency(),
                        order.capturedAmount(),
                        elsewhere,
                        customerRecentRefunds,
                        now,
                        Map.copyOf(units)));
    }

    /** Units of each sku other refunds of the order took: they set the cent shares this refund carries. */
    public Map<String, Long> priorUnits() {
        return inputs.committedUnits() == null ? Map.of() : inputs.committedUnits();
    }

    public RefundRequest request() {
        return refundCase.request();
    }

    public Instant now() {
        return inputs.decidedAt();
    }

    /** What the order has left to refund to this case. */
    public long refundable() {
        return inputs.capturedAmount() - inputs.committedElsewhere();
    }

    /** A stable hash of everything the decision saw, to show a replay decided on the same facts. */
    public String hash() {
        return RefundCase.sha256(com.refundpipeline.json.Json.write(request()) + "\n"
                + com.refundpipeline.json.Json.write(inputs) + "\n" + refundCase.caseId() + "\n"
                + refundCase.createdAt());
    }
}
