package com.refundpipeline.policy;

import com.refundpipeline.domain.Readable;
import com.refundpipeline.domain.RefundRequest;

/**
 * The request must match its order: every line asked for is on the order within its quantity, and the order's
 * earlier refunds were in the same currency. A mismatch is odd, not proof of bad faith, so a person looks.
 */
final class OrderMatchValidator implements Validator {

    static final String NAME = "order_match";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Finding check(Subject subject) {
        RefundRequest request = subject.input().request();
        RefundRequest.Order order = request.order();
        String ledgerCurrency = subject.input().inputs().ledgerCurrency();
        if (ledgerCurrency != null && !ledgerCurrency.equals(order.currency())) {
            return Finding.review(
                    NAME,
                    "currency mismatch: the order was refunded in " + ledgerCurrency + " before, this request is in "
                            + order.currency());
        }
        if (subject.input().inputs().capturedAmount() != order.capturedAmount()) {
            return Finding.review(
                    NAME,
                    "the order's captured amount was recorded as "
                            + Readable.money(subject.input().inputs().capturedAmount(), order.currency())
                            + ", this request says " + Readable.money(order.capturedAmount(), order.currency()));
        }
        if (request.items().isEmpty()) {
            return Finding.review(NAME, "no lines asked for");
        }
        for (RefundRequest.RequestedItem item : request.items()) {
            RefundRequest.OrderLine line = order.line(item.sku());
            if (line == null) {
                return Finding.review(NAME, "sku " + item.sku() + " is not on order " + order.id());
            }
            if (item.quantity() < 1 || item.quantity() > line.quantity()) {
                return Finding.review(
                        NAME,
                        "quantity " + item.quantity() + " of " + item.sku() + " but the order has " + line.quantity());
            }
        }
        return Finding.pass(NAME, "every line asked for is on order " + order.id() + ", currency " + order.currency());
    }
}
