package com.refundpipeline.messaging;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonValue;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import com.refundpipeline.domain.CaseStatus;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.Locale;

/**
 * The one message shape on every queue: what should happen to which case. Messages carry ids, never the case or
 * personal data; the consumer reads the case, so a late message acts on the truth, not on a stale copy.
 */
@RegisterForReflection
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class) // Funqy reads bodies with its own mapper
@JsonIgnoreProperties(ignoreUnknown = true)
public record CaseMessage(Type type, String caseId, CaseStatus status, Long version, Instant at) {

    public enum Type {
        /** For verify-evidence: decide the case. */
        VERIFICATION_REQUESTED,
        /** For issue-payout: pay the approved case. */
        PAYOUT_REQUESTED,
        /** For send-follow-up: the case reached {@code status}. */
        STATUS_CHANGED;

        @JsonValue
        public String wire() {
            return name().toLowerCase(Locale.ROOT);
        }

        @JsonCreator
        public static Type fromWire(String value) {
            for (Type type : values()) {
                if (type.wire().equals(value)) {
                    return type;
                }
            }
            throw new IllegalArgumentException("unknown message type: " + value);
        }
    }

    /**
     * Checks a message taken off a queue is one this consumer handles; anything else is poison and must go to the
     * dead-letter queue rather than be guessed at.
     */
    public CaseMessage expect(Type expected) {
        if (type != expected) {
            throw new UnexpectedMessageException(
                    "expected a " + expected.wire() + " message, got " + (type == null ? "no type" : type.wire()));
        }
        if (caseId == null || caseId.isBlank()) {
            throw new UnexpectedMessageException("message has no case_id");
        }
        if (expected == Type.STATUS_CHANGED && status == null) {
            throw new UnexpectedMessageException("status_changed message has no status");
        }
        return this;
    }
}
