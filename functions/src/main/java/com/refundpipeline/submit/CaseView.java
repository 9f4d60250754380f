package com.refundpipeline.submit;

import java.time.Instant;
import java.util.List;

import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.Decision;
import com.refundpipeline.domain.Payout;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.RefundRequest;
import com.refundpipeline.domain.TimelineEvent;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A case as the storefront shows it to the shopper. Contact details are left out: the storefront has them, and
 * an answer that carries less personal data leaks less.
 */
@RegisterForReflection
public record CaseView(String caseId, CaseStatus status, String orderId, String reason, String note,
        List<RefundRequest.RequestedItem> items, List<RefundRequest.Evidence> evidence, long requestedAmount,
        String currency, String preferredMethod, Instant createdAt, Instant updatedAt, Instant resolutionDueAt,
        Decision decision, Payout payout, List<TimelineEvent> timeline) {

    public static CaseView of(RefundCase c) {
        RefundRequest r = c.request();
        return new CaseView(c.caseId(), c.status(), r.order().id(), r.reason().wire(), r.note(), r.items(),
                r.evidence(), c.requestedAmount(), c.currency(), r.preferredMethod().wire(), c.createdAt(),
                c.updatedAt(), c.resolutionDueAt(), c.decision(), c.payout(), c.timeline());
    }
}
