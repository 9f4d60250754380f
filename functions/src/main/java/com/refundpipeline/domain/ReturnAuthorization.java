package com.refundpipeline.domain;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * The return the customer was authorized to make: the date the parcel must reach the carrier by, who pays for
 * sending it, and the label bought for it (carrier, tracking code, the label's URL, its cost in minor units of the
 * order's currency). A return without a label ({@code trackingCode} null) is sent by the customer to the address on
 * their order page.
 */
@RegisterForReflection
public record ReturnAuthorization(
        Instant returnBy,
        ReturnShipping shipping,
        String carrier,
        String trackingCode,
        String labelUrl,
        Long labelCost) {

    public boolean hasLabel() {
        return trackingCode != null && labelUrl != null;
    }

    /** What the customer pays for the label out of the refund: its cost when the policy deducts it, else nothing. */
    public long deduction() {
        return shipping != ReturnShipping.MERCHANT && labelCost != null ? labelCost : 0;
    }
}
