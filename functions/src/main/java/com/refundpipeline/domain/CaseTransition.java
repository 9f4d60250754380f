package com.refundpipeline.domain;

import java.util.List;

/**
 * A move of a case from its current status to the next, with the timeline event that records it and the decision,
 * payout and evidence the case carries afterwards. Written as one conditional write on the case's version.
 */
public record CaseTransition(RefundCase current, CaseStatus to, TimelineEvent event, Decision decision, Payout payout,
        List<RefundRequest.Evidence> evidence) {

    public CaseStatus from() {
        return current.status();
    }

    public CaseTransition withDecision(Decision newDecision) {
        return new CaseTransition(current, to, event, newDecision, payout, evidence);
    }

    public CaseTransition withPayout(Payout newPayout) {
        return new CaseTransition(current, to, event, decision, newPayout, evidence);
    }

    public CaseTransition withEvidence(List<RefundRequest.Evidence> newEvidence) {
        return new CaseTransition(current, to, event, decision, payout, List.copyOf(newEvidence));
    }
}
