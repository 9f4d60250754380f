package com.refundpipeline.store;

import com.refundpipeline.domain.OrderPosition;

/** Per order, how much has been committed to refunds, so the total never exceeds what was captured. */
public interface OrderLedger {

    /**
     * The order's position; an order never refunded before is untouched at the captured amount the storefront sent.
     */
    OrderPosition position(String orderId, String currency, long capturedAmount);
}
