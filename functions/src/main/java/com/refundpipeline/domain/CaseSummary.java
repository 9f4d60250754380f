package com.refundpipeline.domain;

import java.time.Instant;

/** A case as a queue lists it: enough to sort and choose, without reading the whole case. */
public record CaseSummary(
        String caseId,
        CaseStatus status,
        Instant createdAt,
        Instant resolutionDueAt,
        String orderId,
        String reason,
        long requestedAmount,
        String currency) {}
