package com.refundpipeline.domain;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * What a refund pays, line by line, in integer minor units of {@code currency}: for each line the goods, less its
 * share of the order's discounts, plus its share of the tax, less a restocking fee or the value the customer keeps;
 * then the shipping share when the merchant was at fault. {@code total} is what is paid; {@code capAdjustment} is
 * what was held back because the order had no more left to refund.
 */
@RegisterForReflection
public record RefundBreakdown(
        String currency, List<Line> lines, long shippingAmount, long subtotal, long capAdjustment, long total) {

    @RegisterForReflection
    public record Line(
            String sku,
            long quantity,
            long unitAmount,
            long goodsAmount,
            long discountAmount,
            long taxAmount,
            long restockingFee,
            long keptAmount,
            long amount) {}
}
