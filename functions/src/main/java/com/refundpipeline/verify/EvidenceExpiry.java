package com.refundpipeline.verify;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.CaseTransition;
import com.refundpipeline.domain.Decision;
import com.refundpipeline.domain.DeclineCode;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.messaging.CaseEvents;
import com.refundpipeline.policy.RefundPolicy;
import com.refundpipeline.store.CaseRepository;
import com.refundpipeline.store.CaseSummary;
import com.refundpipeline.store.TransitionResult;

/**
 * A case that waited on the customer's evidence longer than the policy allows (needs_evidence.expires_after) is
 * declined with no_evidence. Meant to be called by a scheduled sweep: {@link #expireDue()} for a whole pass, or
 * {@link #expireIfDue(String)} for a case the sweep already holds. Each expiry is one conditional write, so two
 * sweeps, or a sweep racing the customer's upload, move the case at most once.
 */
@ApplicationScoped
public class EvidenceExpiry {

    private static final Logger LOG = Logger.getLogger(EvidenceExpiry.class);
    static final int SWEEP_LIMIT = 200;
    public static final String RULE = "evidence_expired";

    private final CaseRepository cases;
    private final CaseEvents events;
    private final RefundPolicy policy;
    private final Clock clock;

    public EvidenceExpiry(CaseRepository cases, CaseEvents events, RefundPolicy policy, Clock clock) {
        this.cases = cases;
        this.events = events;
        this.policy = policy;
        this.clock = clock;
    }

    /** Declines every case (oldest first, up to a sweep's worth) whose wait for evidence is over; returns how many. */
    public int expireDue() {
        int expired = 0;
        List<CaseSummary> waiting = cases.inStatusOldestFirst(CaseStatus.NEEDS_EVIDENCE, SWEEP_LIMIT);
        for (CaseSummary summary : waiting) {
            if (expireIfDue(summary.caseId())) {
                expired++;
            }
        }
        return expired;
    }

    /** Declines the case if it is still waiting on evidence past the policy's limit; true when this call did it. */
    public boolean expireIfDue(String caseId) {
        RefundCase current = cases.find(caseId).orElse(null);
        if (current == null || current.status() != CaseStatus.NEEDS_EVIDENCE) {
            return false;
        }
        Instant since = current.lastEnteredNeedsEvidence();
        Instant now = clock.instant();
        Instant expires = since.plus(policy.document().evidenceExpiresAfter());
        if (now.isBefore(expires)) {
            return false;
        }
        Decision decision = new Decision(CaseStatus.DECLINED, null, null, RULE, policy.version(),
                DeclineCode.NO_EVIDENCE, DeclineCode.NO_EVIDENCE.explanation(), RefundPolicy.DECIDED_BY, now,
                List.of(new Decision.Check(RULE, false, CaseStatus.DECLINED, "waiting on evidence since " + since
                        + "; the policy allows " + com.refundpipeline.policy.PolicyDocument.text(policy.document().evidenceExpiresAfter()))),
                null, null, null);
        CaseTransition transition = current.moveTo(CaseStatus.DECLINED, "policy:" + policy.version(),
                RULE + ": no evidence by " + expires, now).withDecision(decision);
        if (cases.apply(transition) != TransitionResult.APPLIED) {
            return false;
        }
        LOG.infof("case %s declined: evidence not received by %s", caseId, expires);
        events.statusChanged(current.after(transition));
        return true;
    }
}
