package com.refundpipeline.amount;

import com.refundpipeline.domain.Readable;
import com.refundpipeline.domain.RefundBreakdown;
import com.refundpipeline.domain.RefundRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Computes what a refund pays, in integer minor units, line by line.
 *
 * <ol>
 * <li>The order's discount is split over its lines in proportion to their goods value, and its tax in proportion to
 * their value after discount, by largest remainder: the lines' parts add up to the order's amounts exactly.</li>
 * <li>A refund of {@code n} units of a line of {@code Q}, after {@code k} units of it were refunded before, carries
 * {@code floor(part * (k + n) / Q) - floor(part * k / Q)} of the line's discount and of its tax. However an order is
 * split over refunds, the refunds of every unit add up to the line's exact amounts: no cent is lost or paid twice,
 * so the refunds of an order never add up to more than it cost.</li>
 * <li>Returned goods keep the policy rule's restocking fee (basis points of the goods after discount, rounded
 * down); the default policy has one for changed-mind returns only.</li>
 * <li>A customer who keeps the item (or received only part of it) gets a percentage of the line, rounded down, or an
 * amount up to the line's value.</li>
 * <li>When the rule refunds shipping (the merchant was at fault), the refund that accounts for the order's last
 * units carries all of it, so shipping goes back once, whole, when the whole order has come back. An order sent
 * without {@code shipping_amount} counts as shipping what was captured beyond its lines, discount and tax.</li>
 * <li>Nothing pays more than the order has left to refund: the excess is held back as {@code cap_adjustment}.</li>
 * </ol>
 * Zero-decimal currencies (JPY, KRW) need nothing special: their minor unit is the unit.
 */
public final class RefundCalculator {

    private RefundCalculator() {}

    /**
     * The words a person reads for a breakdown: "29.69 USD by original_payment (lines 29.99 USD, discount -3.00 USD,
     * ...)".
     */
    public static String describe(RefundBreakdown b, String method) {
        long goods = 0;
        long discount = 0;
        long tax = 0;
        long fee = 0;
        long kept = 0;
        for (RefundBreakdown.Line line : b.lines()) {
            goods += line.goodsAmount();
            discount += line.discountAmount();
            tax += line.taxAmount();
            fee += line.restockingFee();
            kept += line.keptAmount();
        }
        String currency = b.currency();
        StringBuilder text = new StringBuilder()
                .append(Readable.money(b.total(), currency))
                .append(" by ")
                .append(method)
                .append(" (lines ")
                .append(Readable.money(goods, currency));
        if (discount > 0) {
            text.append(", discount -").append(Readable.money(discount, currency));
        }
        if (tax > 0) {
            text.append(", tax +").append(Readable.money(tax, currency));
        }
        if (fee > 0) {
            text.append(", restocking fee -").append(Readable.money(fee, currency));
        }
        if (kept > 0) {
            text.append(", kept by the customer -").append(Readable.money(kept, currency));
        }
        if (b.shippingAmount() > 0) {
            text.append(", shipping +").append(Readable.money(b.shippingAmount(), currency));
        }
        if (b.capAdjustment() > 0) {
            text.append(", capped at what the order has left");
        }
        return text.append(')').toString();
    }

    /** A refund on an order nothing was refunded from before. */
    public static RefundBreakdown calculate(RefundRequest request, AmountRules rules) {
        return calculate(request, Map.of(), Long.MAX_VALUE, rules);
    }

    /**
     * @param priorUnits units of each sku refunded from the order before this refund
     * @param refundable what the order has left to refund, this refund excluded
     */
    public static RefundBreakdown calculate(
            RefundRequest request, Map<String, Long> priorUnits, long refundable, AmountRules rules) {
        RefundRequest.Order order = request.order();
        List<RefundRequest.OrderLine> orderLines = order.lines();
        long[] values = new long[orderLines.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.multiplyExact(
                    orderLines.get(i).quantity(), orderLines.get(i).unitAmount());
        }
        long[] discounts = Fractions.allocate(order.discount(), values);
        long[] netValues = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            netValues[i] = values[i] - discounts[i];
        }
        long[] taxes = Fractions.allocate(order.tax(), netValues);

        List<RefundBreakdown.Line> lines = new ArrayList<>();
        long subtotal = 0;
        for (RefundRequest.RequestedItem item : request.items()) {
            int index = indexOf(orderLines, item.sku());
            RefundRequest.OrderLine line = orderLines.get(index);
            long units = line.quantity();
            long count = Math.min(item.quantity(), units);
            // Units refunded before come first; if the ledger says more than the line has, these are the last ones.
            long before = Math.min(prior(priorUnits, line), units - count);
            long goods = Math.multiplyExact(count, line.unitAmount());
            long discount = Fractions.cumulativeShare(discounts[index], before, count, units);
            long tax = Fractions.cumulativeShare(taxes[index], before, count, units);
            long net = goods - discount + tax;
            long fee = 0;
            long kept = 0;
            if (item.refundPercent() != null) {
                kept = net - Fractions.floorShare(net, item.refundPercent(), 100);
            } else if (item.refundAmount() != null) {
                kept = net - Math.min(item.refundAmount(), net);
            } else {
                fee = Fractions.floorShare(goods - discount, rules.restockingFeeBps(), 10_000);
            }
            long amount = net - fee - kept;
            subtotal = Math.addExact(subtotal, amount);
            lines.add(new RefundBreakdown.Line(
                    line.sku(), count, line.unitAmount(), goods, discount, tax, fee, kept, amount));
        }

        long goodsTotal = sum(values);
        long orderShipping = order.shippingAmount() != null
                ? order.shipping()
                : Math.max(0, order.capturedAmount() - (goodsTotal - order.discount() + order.tax()));
        long shipping = rules.refundShipping() && completesTheOrder(request, priorUnits) ? orderShipping : 0;
        long uncapped = Math.addExact(subtotal, shipping);
        long total = Math.min(uncapped, Math.max(refundable, 0));
        return new RefundBreakdown(order.currency(), List.copyOf(lines), shipping, uncapped, uncapped - total, total);
    }

    /** Whether, with the units refunded before, this refund accounts for every unit of every line. */
    static boolean completesTheOrder(RefundRequest request, Map<String, Long> priorUnits) {
        for (RefundRequest.OrderLine line : request.order().lines()) {
            long asked = request.items().stream()
                    .filter(i -> i.sku().equals(line.sku()))
                    .mapToLong(RefundRequest.RequestedItem::quantity)
                    .sum();
            if (prior(priorUnits, line) + asked < line.quantity()) {
                return false;
            }
        }
        return true;
    }

    private static long prior(Map<String, Long> priorUnits, RefundRequest.OrderLine line) {
        Long units = priorUnits.get(line.sku());
        return units == null ? 0 : Math.max(0, Math.min(units, line.quantity()));
    }

    private static int indexOf(List<RefundRequest.OrderLine> lines, String sku) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).sku().equals(sku)) {
                return i;
            }
        }
        throw new IllegalArgumentException("sku " + sku + " is not on the order");
    }

    private static long sum(long[] values) {
        long total = 0;
        for (long v : values) {
            total = Math.addExact(total, v);
        }
        return total;
    }
}
