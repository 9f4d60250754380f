package com.refundpipeline.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Locale;
import java.util.Optional;

/** Where the order's parcel is, as the storefront last knew it. */
// Jackson calls the @JsonValue and @JsonCreator methods by reflection; a native image must know them.
@RegisterForReflection
public enum ShipmentStatus {
    NOT_SHIPPED,
    IN_TRANSIT,
    DELIVERED;

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static ShipmentStatus fromWire(String value) {
        return parse(value).orElseThrow(() -> new IllegalArgumentException("unknown shipment status: " + value));
    }

    public static Optional<ShipmentStatus> parse(String value) {
        for (ShipmentStatus status : values()) {
            if (status.wire().equals(value)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }
}
