package com.refundpipeline.review;

import com.refundpipeline.domain.CaseSummary;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Duration;
import java.time.Instant;

/**
 * A case in the review queue with its SLA age: how long it has been open, and how long is left (negative: late); and
 * the tier it was escalated to (null: never).
 */
@RegisterForReflection
public record ReviewQueueEntry(
        String caseId,
        String status,
        String orderId,
        String reason,
        long requestedAmount,
        String currency,
        Instant createdAt,
        Instant resolutionDueAt,
        long ageSeconds,
        long dueInSeconds,
        boolean overdue,
        String escalatedTo) {

    static ReviewQueueEntry of(CaseSummary c, Instant now) {
        long dueIn = Duration.between(now, c.resolutionDueAt()).toSeconds();
        return new ReviewQueueEntry(
                c.caseId(),
                c.status().wire(),
                c.orderId(),
                c.reason(),
                c.requestedAmount(),
                c.currency(),
                c.createdAt(),
                c.resolutionDueAt(),
                Duration.between(c.createdAt(), now).toSeconds(),
                dueIn,
                dueIn < 0,
                c.escalatedTo());
    }
}
