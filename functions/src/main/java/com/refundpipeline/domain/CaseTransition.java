package com.refundpipeline.domain;

import java.time.Instant;
import java.util.List;

/**
 * A move of a case from its current status to the next, with the timeline event that records it and the decision,
 * payout and evidence the case carries afterwards. Written as one conditional write on the case's version; an
 * inspection's move also writes the inspection, once, beside the case item (in the same transaction).
 */
public record CaseTransition(
        RefundCase current,
        CaseStatus to,
        TimelineEvent event,
        Decision decision,
        Payout payout,
        List<RefundRequest.Evidence> evidence,
        Instant resolutionDueAt,
        Instant expiresAt,
        Inspection inspection) {

    /** A move that records no inspection. */
    public CaseTransition(
            RefundCase current,
            CaseStatus to,
            TimelineEvent event,
            Decision decision,
            Payout payout,
            List<RefundRequest.Evidence> evidence,
            Instant resolutionDueAt,
            Instant expiresAt) {
        this(current, to, event, decision, payout, evidence, resolutionDueAt, expiresAt, null);
    }

    /** A move that keeps the case (no expiry): every move but into a terminal status. */
    public CaseTransition(
            RefundCase current,
            CaseStatus to,
            TimelineEvent event,
            Decision decision,
            Payout payout,
            List<RefundRequest.Evidence> evidence,
            Instant resolutionDueAt) {
        this(current, to, event, decision, payout, evidence, resolutionDueAt, null);
    }

    public CaseTransition(
            RefundCase current,
            CaseStatus to,
            TimelineEvent event,
            Decision decision,
            Payout payout,
            List<RefundRequest.Evidence> evidence) {
        this(current, to, event, decision, payout, evidence, current.resolutionDueAt());
    }

    public CaseStatus from() {
        return current.status();
    }

    public CaseTransition withDecision(Decision newDecision) {
        return new CaseTransition(
                current, to, event, newDecision, payout, evidence, resolutionDueAt, expiresAt, inspection);
    }

    public CaseTransition withPayout(Payout newPayout) {
        return new CaseTransition(
                current, to, event, decision, newPayout, evidence, resolutionDueAt, expiresAt, inspection);
    }

    public CaseTransition withEvidence(List<RefundRequest.Evidence> newEvidence) {
        return new CaseTransition(
                current, to, event, decision, payout, List.copyOf(newEvidence), resolutionDueAt, expiresAt, inspection);
    }

    /** Moves the promised resolution time, e.g. by the time the case waited on the customer. */
    public CaseTransition withResolutionDueAt(Instant newDue) {
        return new CaseTransition(current, to, event, decision, payout, evidence, newDue, expiresAt, inspection);
    }

    /**
     * When the stored case may expire (the policy's retention after it ended): written as the table's TTL
     * attribute, so DynamoDB deletes it then.
     */
    public CaseTransition withExpiresAt(Instant expiry) {
        return new CaseTransition(current, to, event, decision, payout, evidence, resolutionDueAt, expiry, inspection);
    }

    /**
     * The inspection of the returned parcel this move decides on, recorded once beside the case item (not in it: the
     * case item is rewritten by every later move), where send-follow-up reads the restocked lines to publish.
     */
    public CaseTransition withInspection(Inspection recorded) {
        return new CaseTransition(current, to, event, decision, payout, evidence, resolutionDueAt, expiresAt, recorded);
    }
}
