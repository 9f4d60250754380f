package com.refundpipeline.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Locale;
import java.util.Optional;

/** How the money goes back: to the original payment, as store credit, or as a goodwill coupon code. */
// Jackson calls the @JsonValue and @JsonCreator methods by reflection; a native image must know them.
@RegisterForReflection
public enum PayoutMethod {
    ORIGINAL_PAYMENT,
    STORE_CREDIT,
    /** A single-use coupon code worth the refund, for the storefront to redeem. */
    GOODWILL_COUPON;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static PayoutMethod fromWire(String value) {
        return parse(value).orElseThrow(() -> new IllegalArgumentException("unknown payout method: " + value));
    }

    public static Optional<PayoutMethod> parse(String value) {
        for (PayoutMethod method : values()) {
            if (method.wire().equals(value)) {
                return Optional.of(method);
            }
        }
        return Optional.empty();
    }
}
