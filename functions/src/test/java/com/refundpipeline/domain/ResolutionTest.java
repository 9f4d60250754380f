package com.refundpipeline.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Which resolutions pay money, by which method, and which resolution a customer naming only a method asked for. */
class ResolutionTest {

    @Test
    void moneyResolutionsPayByTheirMethodAndGoodsResolutionsPayNothing() {
        assertEquals(Optional.of(PayoutMethod.ORIGINAL_PAYMENT), Resolution.REFUND.payoutMethod());
        assertEquals(Optional.of(PayoutMethod.STORE_CREDIT), Resolution.STORE_CREDIT.payoutMethod());
        assertEquals(
                Optional.of(PayoutMethod.ORIGINAL_PAYMENT),
                Resolution.KEEP_ITEM.payoutMethod(),
                "the part refunded for a kept item goes back to the card");
        assertEquals(Optional.empty(), Resolution.REPLACEMENT.payoutMethod());
        assertEquals(Optional.empty(), Resolution.EXCHANGE.payoutMethod());
    }

    @Test
    void aCustomerNamingOnlyAMethodAskedForTheMatchingResolution() {
        assertEquals(Optional.of(Resolution.REFUND), Resolution.forMethod(PayoutMethod.ORIGINAL_PAYMENT));
        assertEquals(Optional.of(Resolution.STORE_CREDIT), Resolution.forMethod(PayoutMethod.STORE_CREDIT));
        assertEquals(
                Optional.empty(),
                Resolution.forMethod(PayoutMethod.GOODWILL_COUPON),
                "a coupon is a gesture a person grants, not a resolution a policy offers");
    }

    @ParameterizedTest
    @EnumSource(PayoutMethod.class)
    void theResolutionForAMethodPaysByThatMethod(PayoutMethod method) {
        Resolution.forMethod(method).ifPresent(r -> assertEquals(Optional.of(method), r.payoutMethod()));
    }
}
