package com.refundpipeline.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;
import java.util.Optional;

/** Who pays for sending an item back. */
public enum ReturnShipping {
    /** A prepaid label at the store's cost (merchant fault). */
    MERCHANT,
    /** The customer sends it at their own cost. */
    CUSTOMER,
    /** A prepaid label whose cost is deducted from the refund. */
    DEDUCTED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ReturnShipping fromWire(String value) {
        return parse(value).orElseThrow(() -> new IllegalArgumentException("unknown return shipping: " + value));
    }

    public static Optional<ReturnShipping> parse(String value) {
        for (ReturnShipping s : values()) {
            if (s.wire().equals(value)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }
}
