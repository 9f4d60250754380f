package com.refundpipeline.domain;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What came back in a return parcel, line by line (sku, units received, their condition and what happens to them),
 * and the refund it earns: only resalable units are accepted, each at the per-unit amount the return's held
 * decision computed (its line breakdown, restocking fee included), less the label's cost when the return terms take
 * it from the refund.
 */
public record Inspection(List<Line> lines, String note) {

    /** The condition of received units. */
    public enum Condition {
        RESALABLE,
        DAMAGED,
        WRONG_ITEM,
        MISSING;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Condition> parse(String value) {
            for (Condition c : values()) {
                if (c.wire().equals(value)) {
                    return Optional.of(c);
                }
            }
            return Optional.empty();
        }
    }

    /** What the warehouse does with the units. */
    public enum Disposition {
        RESTOCK,
        DISPOSE;

        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        public static Optional<Disposition> parse(String value) {
            for (Disposition d : values()) {
                if (d.wire().equals(value)) {
                    return Optional.of(d);
                }
            }
            return Optional.empty();
        }
    }

    public record Line(String sku, long received, Condition condition, Disposition disposition) {}

    /** Resalable units per sku: what the refund pays for. */
    public Map<String, Long> accepted() {
        Map<String, Long> accepted = new HashMap<>();
        for (Line line : lines) {
            if (line.condition() == Condition.RESALABLE && line.received() > 0) {
                accepted.merge(line.sku(), line.received(), Long::sum);
            }
        }
        return Map.copyOf(accepted);
    }

    /** One readable line per inspected line, for the decision's record and the timeline. */
    public String summary() {
        StringBuilder text = new StringBuilder();
        for (Line line : lines) {
            if (!text.isEmpty()) {
                text.append("; ");
            }
            text.append(line.sku())
                    .append(" x")
                    .append(line.received())
                    .append(' ')
                    .append(line.condition().wire())
                    .append(", ")
                    .append(line.disposition().wire());
        }
        return text.toString();
    }

    /**
     * The refund for the accepted units: each held line scaled to its accepted units (rounded down), its shipping
     * share only when every requested unit was accepted, less {@code deduction} (the label's cost), never below
     * zero. Without a held breakdown (a reviewer's approval) the held amount is shared per unit.
     */
    public static RefundBreakdown refund(
            RefundBreakdown held,
            long heldAmount,
            Map<String, Long> requested,
            Map<String, Long> accepted,
            long deduction,
            String currency) {
        long requestedUnits =
                requested.values().stream().mapToLong(Long::longValue).sum();
        long acceptedUnits =
                accepted.values().stream().mapToLong(Long::longValue).sum();
        boolean everything = acceptedUnits == requestedUnits;
        List<RefundBreakdown.Line> lines = new ArrayList<>();
        long subtotal = 0;
        long shipping = 0;
        if (held != null && held.lines() != null && !held.lines().isEmpty()) {
            for (RefundBreakdown.Line line : held.lines()) {
                long units = Math.min(accepted.getOrDefault(line.sku(), 0L), line.quantity());
                long q = Math.max(1, line.quantity());
                long goods = Math.multiplyExact(line.goodsAmount(), units) / q;
                long discount = Math.multiplyExact(line.discountAmount(), units) / q;
                long tax = Math.multiplyExact(line.taxAmount(), units) / q;
                long fee = Math.multiplyExact(line.restockingFee(), units) / q;
                long kept = Math.multiplyExact(line.keptAmount(), units) / q;
                // Each part scaled to the accepted units, as the calculator makes them for one unit; never more
                // than the held line.
                long amount = Math.max(0, Math.min(line.amount(), goods - discount + tax - fee - kept));
                RefundBreakdown.Line scaled = new RefundBreakdown.Line(
                        line.sku(), units, line.unitAmount(), goods, discount, tax, fee, kept, amount);
                lines.add(scaled);
                subtotal += scaled.amount();
            }
            shipping = everything ? held.shippingAmount() : 0;
        } else if (requestedUnits > 0) {
            subtotal = Math.multiplyExact(heldAmount, acceptedUnits) / requestedUnits;
        }
        long total = Math.max(0, subtotal + shipping - deduction);
        return new RefundBreakdown(currency, List.copyOf(lines), shipping, subtotal, 0, total);
    }
}
