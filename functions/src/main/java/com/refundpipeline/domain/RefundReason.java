package com.refundpipeline.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Locale;
import java.util.Optional;

/** Why the customer asks for their money back, as the storefront classifies it. */
// Jackson calls the @JsonValue and @JsonCreator methods by reflection; a native image must know them.
@RegisterForReflection
public enum RefundReason {
    NOT_RECEIVED(false),
    DAMAGED(true),
    WRONG_ITEM(true),
    MISSING_ITEM(false),
    QUALITY_DEFECT(true),
    NOT_AS_DESCRIBED(true),
    CHANGED_MIND(false),
    DUPLICATE_PAYMENT(false),
    OTHER(false);

    private final boolean needsPhotoEvidence;

    RefundReason(boolean needsPhotoEvidence) {
        this.needsPhotoEvidence = needsPhotoEvidence;
    }

    /** Merchant-fault reasons are approved only on photo evidence. */
    public boolean needsPhotoEvidence() {
        return needsPhotoEvidence;
    }

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static RefundReason fromWire(String value) {
        return parse(value).orElseThrow(() -> new IllegalArgumentException("unknown reason: " + value));
    }

    public static Optional<RefundReason> parse(String value) {
        for (RefundReason reason : values()) {
            if (reason.wire().equals(value)) {
                return Optional.of(reason);
            }
        }
        return Optional.empty();
    }
}
