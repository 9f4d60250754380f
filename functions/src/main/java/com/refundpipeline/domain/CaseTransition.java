package com.refundpipeline.domain;

import java.time.Instant;
import java.util.List;

/**
 * A move of a case from its current status to the next, with the timeline event that records it and the decision,
 * payout and evidence the case carries afterwards. Written as one conditional write on the case's version.
 */
public record CaseTransition(RefundCase current, CaseStatus to, TimelineEvent event, Decision decision, Payout payout,
        List<RefundRequest.Evidence> evidence, Instant resolutionDueAt) {

    public CaseTransition(RefundCase current, CaseStatus to, TimelineEvent event, Decision decision, Payout payout,
            List<RefundRequest.Evidence> evidence) {
        this(current, to, event, decision, payout, evidence, current.resolutionDueAt());
    }

    public CaseStatus from() {
        return current.status();
    }

    public CaseTransition withDecision(Decision newDecision) {
        return new CaseTransition(current, to, event, newDecision, payout, evidence, resolutionDueAt);
    }

    public CaseTransition withPayout(Payout newPayout) {
        return new CaseTransition(current, to, event, decision, newPayout, evidence, resolutionDueAt);
    }

    public CaseTransition withEvidence(List<RefundRequest.Evidence> newEvidence) {
        return new CaseTransition(current, to, event, decision, payout, List.copyOf(newEvidence), resolutionDueAt);
    }

    /** Moves the promised resolution time, e.g. by the time the case waited on the customer. */
    public CaseTransition withResolutionDueAt(Instant newDue) {
        return new CaseTransition(current, to, event, decision, payout, evidence, newDue);
    }
}
