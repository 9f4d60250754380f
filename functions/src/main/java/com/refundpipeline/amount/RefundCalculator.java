package com.refundpipeline.amount;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.refundpipeline.domain.RefundReason;
import com.refundpipeline.domain.RefundRequest;

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
 * <li>Changed-mind returns keep a restocking fee: a percentage of the goods after discount, rounded down.</li>
 * <li>A customer who keeps the item (or received only part of it) gets a percentage of the line, rounded down, or an
 * amount up to the line's value.</li>
 * <li>When the merchant was at fault, the returned goods carry their share of the shipping, by goods value, in the
 * same cumulative way.</li>
 * <li>Nothing pays more than the order has left to refund: the excess is held back as {@code cap_adjustment}.</li>
 * </ol>
 * Zero-decimal currencies (JPY, KRW) need nothing special: their minor unit is the unit.
 */
public final class RefundCalculator {

    /** Reasons where the merchant was at fault, so the shipping the customer paid goes back too. */
    static final Set<RefundReason> MERCHANT_FAULT = EnumSet.of(RefundReason.NOT_RECEIVED, RefundReason.DAMAGED,
            RefundReason.WRONG_ITEM, RefundReason.MISSING_ITEM, RefundReason.QUALITY_DEFECT,
            RefundReason.NOT_AS_DESCRIBED);

    private RefundCalculator() {
    }

    /** A refund on an order nothing was refunded from before. */
    public static RefundBreakdown calculate(RefundRequest request, AmountRules rules) {
        return calculate(request, Map.of(), Long.MAX_VALUE, rules);
    }

    /**
     * @param priorUnits units of each sku refunded from the order before this refund
     * @param refundable what the order has left to refund, this refund excluded
     */
    public static RefundBreakdown calculate(RefundRequest request, Map<String, Long> priorUnits, long refundable,
            AmountRules rules) {
        RefundRequest.Order order = request.order();
        List<RefundRequest.OrderLine> orderLines = order.lines();
        long[] values = new long[orderLines.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = Math.multiplyExact(orderLines.get(i).quantity(), orderLines.get(i).unitAmount());
        }
        long[] discounts = Fractions.allocate(order.discount(), values);
        long[] netValues = new long[values.length];
        for (int i = 0; i < values.length; i++) {
            netValues[i] = values[i] - discounts[i];
        }
        long[] taxes = Fractions.allocate(order.tax(), netValues);

        boolean merchantFault = MERCHANT_FAULT.contains(request.reason());
        boolean changedMind = request.reason() == RefundReason.CHANGED_MIND;
        List<RefundBreakdown.Line> lines = new ArrayList<>();
        long subtotal = 0;
        long returnedGoodsBefore = 0;
        long returnedGoods = 0;
        for (int i = 0; i < orderLines.size(); i++) {
            RefundRequest.OrderLine line = orderLines.get(i);
            returnedGoodsBefore = Math.addExact(returnedGoodsBefore,
                    Math.multiplyExact(prior(priorUnits, line), line.unitAmount()));
        }
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
                returnedGoods = Math.addExact(returnedGoods, goods);
                if (changedMind) {
                    fee = Fractions.floorShare(goods - discount, rules.restockingFeePercent(), 100);
                }
            }
            long amount = net - fee - kept;
            subtotal = Math.addExact(subtotal, amount);
            lines.add(new RefundBreakdown.Line(line.sku(), count, line.unitAmount(), goods, discount, tax, fee, kept,
                    amount));
        }

        long shipping = 0;
        long goodsTotal = sum(values);
        if (merchantFault && order.shipping() > 0 && goodsTotal > 0) {
            long before = Math.min(returnedGoodsBefore, goodsTotal - returnedGoods);
            shipping = Fractions.cumulativeShare(order.shipping(), before, returnedGoods, goodsTotal);
        }
        long uncapped = Math.addExact(subtotal, shipping);
        long total = Math.min(uncapped, Math.max(refundable, 0));
        return new RefundBreakdown(order.currency(), List.copyOf(lines), shipping, uncapped, uncapped - total, total);
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
