package com.refundpipeline.cases;

import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.Decision;
import com.refundpipeline.domain.Payout;
import com.refundpipeline.domain.RefundBreakdown;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.RefundRequest;
import com.refundpipeline.domain.TimelineEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * A case as the storefront shows it to the shopper. Contact details are left out: the storefront has them, and
 * an answer that carries less personal data leaks less. {@code refund_preview} is what the refund pays, line by
 * line: as decided once it is, as it would be paid now until then.
 */
@RegisterForReflection
public record CaseView(
        String caseId,
        CaseStatus status,
        String orderId,
        String reason,
        String note,
        List<RefundRequest.RequestedItem> items,
        List<RefundRequest.Evidence> evidence,
        long requestedAmount,
        String currency,
        String preferredMethod,
        String preferredResolution,
        String exchangeSku,
        Instant createdAt,
        Instant updatedAt,
        Instant resolutionDueAt,
        Decision decision,
        Payout payout,
        List<TimelineEvent> timeline,
        RefundBreakdown refundPreview) {

    /** The timeline type of a reviewer's internal note (review-case's ConsoleDesk writes it). */
    public static final String INTERNAL_NOTE = "case.internal_note";
    /** A person escalated the case to a higher authority tier (staff only). */
    public static final String ESCALATED = "case.escalated";
    /** A phone call to the customer was attempted, with its outcome (staff only). */
    public static final String CALL_ATTEMPT = "case.call_attempt";

    private static final java.util.Set<String> STAFF_ONLY = java.util.Set.of(INTERNAL_NOTE, ESCALATED, CALL_ATTEMPT);

    /**
     * The case as the storefront may show it: the decision without the validator record and its inputs, and why a
     * person is looking, or what the case waits on, in neutral words (a frequent-refunder signal is for staff only).
     */
    public static CaseView of(RefundCase c) {
        return of(c, x -> null);
    }

    /** As {@link #of(RefundCase)}, with what the refund pays line by line. */
    public static CaseView of(RefundCase c, Function<RefundCase, RefundBreakdown> preview) {
        RefundRequest r = c.request();
        Decision d = c.decision();
        Decision shown = d == null
                ? null
                : new Decision(
                        d.outcome(),
                        d.amount(),
                        d.method(),
                        internal(d.outcome()) ? null : d.rule(),
                        d.policyVersion(),
                        d.declineCode(),
                        internal(d.outcome()) ? neutral(d.outcome()) : d.explanation(),
                        d.decidedBy(),
                        d.decidedAt(),
                        null,
                        null,
                        null,
                        d.holdUntil(),
                        null,
                        d.grant());
        List<TimelineEvent> timeline = c.timeline().stream()
                .filter(e -> !STAFF_ONLY.contains(e.type())) // notes, escalations, calls never reach the customer
                .map(e -> internal(e.to())
                        ? new TimelineEvent(e.at(), e.type(), e.from(), e.to(), e.actor(), neutral(e.to()))
                        : e)
                .toList();
        return new CaseView(
                c.caseId(),
                c.status(),
                r.order().id(),
                r.reason().wire(),
                r.note(),
                r.items(),
                r.evidence(),
                c.requestedAmount(),
                c.currency(),
                r.preferredMethod().wire(),
                r.preferredResolution() == null ? null : r.preferredResolution().wire(),
                r.exchangeSku(),
                c.createdAt(),
                c.updatedAt(),
                c.resolutionDueAt(),
                shown,
                c.payout(),
                timeline,
                preview.apply(c));
    }

    /** The case as staff see it in review-case: the whole decision record and timeline. */
    public static CaseView forStaff(RefundCase c) {
        RefundRequest r = c.request();
        return new CaseView(
                c.caseId(),
                c.status(),
                r.order().id(),
                r.reason().wire(),
                r.note(),
                r.items(),
                r.evidence(),
                c.requestedAmount(),
                c.currency(),
                r.preferredMethod().wire(),
                r.preferredResolution() == null ? null : r.preferredResolution().wire(),
                r.exchangeSku(),
                c.createdAt(),
                c.updatedAt(),
                c.resolutionDueAt(),
                c.decision(),
                c.payout(),
                c.timeline(),
                c.decision() == null ? null : c.decision().breakdown());
    }

    private static boolean internal(CaseStatus status) {
        return status == CaseStatus.IN_REVIEW || status == CaseStatus.ON_HOLD;
    }

    private static String neutral(CaseStatus status) {
        return status == CaseStatus.ON_HOLD
                ? "waiting for the parcel's expected delivery before deciding"
                : "a member of our team is reviewing the request";
    }
}
