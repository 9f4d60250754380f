package com.refundpipeline.domain;

import java.util.Locale;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Why a refund was declined, with the words the customer reads. */
public enum DeclineCode {
    OUTSIDE_WINDOW("Your request arrived after the return window for this order had closed."),
    NOT_RESALABLE("The returned item could not be resold, so it does not qualify for a refund."),
    NO_EVIDENCE("We did not receive the photos we needed to confirm the problem."),
    ALREADY_REFUNDED("This order has already been refunded up to the amount that was paid."),
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
}
