package com.refundpipeline.domain;

import java.time.Instant;

/**
 * A case as a queue lists it: enough to sort and choose, without reading the whole case. {@code escalatedTo} is the
 * tier it was escalated to, null when never.
 */
public record CaseSummary(
        String caseId,
        CaseStatus status,
        Instant createdAt,
        Instant resolutionDueAt,
        String orderId,
        String reason,
        long requestedAmount,
        String currency,
        String escalatedTo) {

    public CaseSummary(
            String caseId,
            CaseStatus status,
            Instant createdAt,
            Instant resolutionDueAt,
            String orderId,
            String reason,
            long requestedAmount,
            String currency) {
        this(caseId, status, createdAt, resolutionDueAt, orderId, reason, requestedAmount, currency, null);
    }
}
