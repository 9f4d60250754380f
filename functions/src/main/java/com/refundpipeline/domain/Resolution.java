package com.refundpipeline.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/**
 * What the customer gets for a problem: money back (to the original payment, or as store credit), the item again
 * (a replacement, or another variant of the same price), or a part of the money while keeping the item. A policy
 * rule lists the resolutions it offers in its order of preference; the decision records the one granted and why.
 */
public enum Resolution {
    /** The money back to the original payment. */
    REFUND,
    STORE_CREDIT,
    /** The same item (or the missing part) shipped again. */
    REPLACEMENT,
    /** Another variant of the same price (size, colour). */
    EXCHANGE,
    /** The customer keeps the item and is refunded part of its value. */
    KEEP_ITEM;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Resolution fromWire(String value) {
        return parse(value).orElseThrow(() -> new IllegalArgumentException("unknown resolution: " + value));
    }

    public static Optional<Resolution> parse(String value) {
        for (Resolution resolution : values()) {
            if (resolution.wire().equals(value)) {
                return Optional.of(resolution);
            }
        }
        return Optional.empty();
    }

    /** The payout method a money resolution pays by; empty for the resolutions that send goods. */
    public Optional<PayoutMethod> payoutMethod() {
        return switch (this) {
            case REFUND -> Optional.of(PayoutMethod.ORIGINAL_PAYMENT);
            case STORE_CREDIT -> Optional.of(PayoutMethod.STORE_CREDIT);
            case KEEP_ITEM -> Optional.of(PayoutMethod.ORIGINAL_PAYMENT);
            case REPLACEMENT, EXCHANGE -> Optional.empty();
        };
    }

    /** The resolution a customer asking for a payout method asked for, when they named no resolution. */
    public static Optional<Resolution> forMethod(PayoutMethod method) {
        return switch (method) {
            case ORIGINAL_PAYMENT -> Optional.of(REFUND);
            case STORE_CREDIT -> Optional.of(STORE_CREDIT);
            case GOODWILL_COUPON -> Optional.empty();
        };
    }
}
