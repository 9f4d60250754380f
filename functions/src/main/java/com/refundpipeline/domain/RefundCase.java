package com.refundpipeline.domain;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A refund case as stored: the request, where it stands, what was decided and paid, and its timeline.
 * {@code version} increases with every change and guards every write, so two writers never both win.
 * {@code escalatedTo} is the authority tier a person escalated the case to (null: never escalated, any tier may
 * decide it).
 */
@RegisterForReflection
public record RefundCase(
        String caseId,
        CaseStatus status,
        long version,
        Instant createdAt,
        Instant updatedAt,
        Instant resolutionDueAt,
        RefundRequest request,
        String requestHash,
        long requestedAmount,
        Decision decision,
        Payout payout,
        List<TimelineEvent> timeline,
        String escalatedTo) {

    public static final String SYSTEM = "system";

    /** A case never escalated. */
    public RefundCase(
            String caseId,
            CaseStatus status,
            long version,
            Instant createdAt,
            Instant updatedAt,
            Instant resolutionDueAt,
            RefundRequest request,
            String requestHash,
            long requestedAmount,
            Decision decision,
            Payout payout,
            List<TimelineEvent> timeline) {
        this(
                caseId,
                status,
                version,
                createdAt,
                updatedAt,
                resolutionDueAt,
                request,
                requestHash,
                requestedAmount,
                decision,
                payout,
                timeline,
                null);
    }

    /** Opens a case for a request. The id is derived from the idempotency key, so a retry finds the same case. */
    public static RefundCase open(
            String idempotencyKey, RefundRequest request, String requestHash, Instant now, Duration resolutionTarget) {
        return open(idempotencyKey, request, requestHash, now, resolutionTarget, request.requestedAmount());
    }

    /** Opens a case whose refund was computed as {@code refundAmount} (discounts, tax, fees and shipping counted). */
    public static RefundCase open(
            String idempotencyKey,
            RefundRequest request,
            String requestHash,
            Instant now,
            Duration resolutionTarget,
            long refundAmount) {
        TimelineEvent received = new TimelineEvent(
                now,
                "case.received",
                null,
                CaseStatus.RECEIVED,
                "storefront",
                "refund requested: " + request.reason().wire());
        return new RefundCase(
                caseIdFor(idempotencyKey),
                CaseStatus.RECEIVED,
                1,
                now,
                now,
                now.plus(resolutionTarget),
                request,
                requestHash,
                refundAmount,
                null,
                null,
                List.of(received));
    }

    public String currency() {
        return request.order().currency();
    }

    public String orderId() {
        return request.order().id();
    }

    /**
     * The change that moves this case to {@code next}; the state machine in {@link CaseStatus} must allow it.
     *
     * @throws IllegalStateException when the move is not allowed from the current status
     */
    public CaseTransition moveTo(CaseStatus next, String actor, String reason, Instant at) {
        if (!status.canMoveTo(next)) {
            throw new IllegalStateException(
                    "case " + caseId + " cannot move from " + status.wire() + " to " + next.wire());
        }
        TimelineEvent event = new TimelineEvent(at, "case." + next.wire(), status, next, actor, reason);
        return new CaseTransition(this, next, event, decision, payout, request.evidence());
    }

    /** Applies a transition that was written, giving the case as it now is. */
    public RefundCase after(CaseTransition transition) {
        List<TimelineEvent> events = new ArrayList<>(timeline);
        events.add(transition.event());
        RefundRequest updatedRequest = request.withEvidence(transition.evidence());
        return new RefundCase(
                caseId,
                transition.to(),
                version + 1,
                createdAt,
                transition.event().at(),
                transition.resolutionDueAt(),
                updatedRequest,
                requestHash,
                requestedAmount,
                transition.decision(),
                transition.payout(),
                List.copyOf(events),
                escalatedTo);
    }

    /**
     * The case as the last move matching {@code move} left it (that status, the timeline up to that move), or empty
     * when no move matches: what a repeat that finds its move already made tells again (ADR 0035). Notes and feedback
     * recorded while in a status are not moves.
     */
    public java.util.Optional<RefundCase> asLeftBy(java.util.function.Predicate<TimelineEvent> move) {
        for (int i = timeline.size() - 1; i >= 0; i--) {
            TimelineEvent e = timeline.get(i);
            if (e.to() != e.from() && move.test(e)) {
                return java.util.Optional.of(new RefundCase(
                        caseId,
                        e.to(),
                        version,
                        createdAt,
                        updatedAt,
                        resolutionDueAt,
                        request,
                        requestHash,
                        requestedAmount,
                        decision,
                        payout,
                        List.copyOf(timeline.subList(0, i + 1)),
                        escalatedTo));
            }
        }
        return java.util.Optional.empty();
    }

    /** When the case last started waiting on the customer for evidence, if it ever did. */
    public Instant lastEnteredNeedsEvidence() {
        Instant at = null;
        for (TimelineEvent event : timeline) {
            if (event.to() == CaseStatus.NEEDS_EVIDENCE) {
                at = event.at();
            }
        }
        return at;
    }

    public String customerId() {
        return request.order().customerId();
    }

    static String caseIdFor(String idempotencyKey) {
        // 80 bits of SHA-256 in lower-case hex: unguessable enough for an id, short enough to read on a phone.
        return "rc_" + sha256("refund-request:" + idempotencyKey).substring(0, 20);
    }

    public static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
