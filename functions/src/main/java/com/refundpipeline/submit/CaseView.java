package com.refundpipeline.submit;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import com.refundpipeline.amount.RefundBreakdown;
import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.Decision;
import com.refundpipeline.domain.Payout;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.RefundRequest;
import com.refundpipeline.domain.TimelineEvent;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A case as the storefront shows it to the shopper. Contact details are left out: the storefront has them, and
 * an answer that carries less personal data leaks less. {@code refund_preview} is what the refund pays, line by
 * line: as decided once it is, as it would be paid now until then.
 */
@RegisterForReflection
public record CaseView(String caseId, CaseStatus status, String orderId, String reason, String note,
        List<RefundRequest.RequestedItem> items, List<RefundRequest.Evidence> evidence, long requestedAmount,
        String currency, String preferredMethod, Instant createdAt, Instant updatedAt, Instant resolutionDueAt,
        Decision decision, Payout payout, List<TimelineEvent> timeline, RefundBreakdown refundPreview) {

    static CaseView of(RefundCase c, Function<RefundCase, RefundBreakdown> preview) {
        RefundRequest r = c.request();
        return new CaseView(c.caseId(), c.status(), r.order().id(), r.reason().wire(), r.note(), r.items(),
                r.evidence(), c.requestedAmount(), c.currency(), r.preferredMethod().wire(), c.createdAt(),
                c.updatedAt(), c.resolutionDueAt(), c.decision(), c.payout(), c.timeline(), preview.apply(c));
    }
}
