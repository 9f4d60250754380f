package com.refundpipeline.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Locale;

/** Why a refund was declined, with the words the customer reads. */
// Jackson calls the @JsonValue and @JsonCreator methods by reflection; a native image must know them.
@RegisterForReflection
public enum DeclineCode {
    OUTSIDE_WINDOW("Your request arrived after the return window for this order had closed, so we cannot refund it."),
    NOT_RESALABLE("The item we received back was used, washed or missing its tags, so it cannot be resold and "
            + "does not qualify for a refund."),
    NO_EVIDENCE("We asked for photos of the problem and did not receive them in time, so we could not confirm it. "
            + "You are welcome to send a new request with the photos."),
    ALREADY_REFUNDED("This order has already been refunded up to the amount that was paid for it."),
    OTHER("Your request does not meet the store's refund policy.");

    private final String explanation;

    DeclineCode(String explanation) {
        this.explanation = explanation;
    }

    public String explanation() {
        return explanation;
    }

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static DeclineCode fromWire(String value) {
        return valueOf(value.toUpperCase(Locale.ROOT));
    }

    public static java.util.Optional<DeclineCode> parse(String value) {
        for (DeclineCode code : values()) {
            if (code.wire().equals(value)) {
                return java.util.Optional.of(code);
            }
        }
        return java.util.Optional.empty();
    }
}
