package com.refundpipeline.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.Locale;

/**
 * One attempt to pay a case. The idempotency key is derived from the case and the attempt, never random, so every
 * retry of the attempt reaches the provider as the same request.
 */
@RegisterForReflection
public record Payout(
        String idempotencyKey,
        String caseId,
        int attempt,
        long amount,
        String currency,
        PayoutMethod method,
        Status status,
        String providerReference,
        String failureReason,
        Instant createdAt,
        Instant updatedAt) {

    public enum Status {
        PENDING,
        SUCCEEDED,
        FAILED,
        UNKNOWN;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Status fromWire(String value) {
            return valueOf(value.toUpperCase(Locale.ROOT));
        }
    }

    public static String idempotencyKey(String caseId, int attempt) {
        return "refund-" + caseId + "-" + attempt;
    }

    public Payout with(Status newStatus, String reference, String reason, Instant at) {
        return new Payout(
                idempotencyKey, caseId, attempt, amount, currency, method, newStatus, reference, reason, createdAt, at);
    }
}
