package com.refundpipeline.policy;

import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.CaseTransition;
import com.refundpipeline.domain.Decision;
import com.refundpipeline.domain.DeclineCode;
import com.refundpipeline.domain.Readable;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.TimelineEvent;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/**
 * How long a case waits on the customer's evidence, and the decision when the wait is over: declined for
 * no_evidence, under the policy version that asked. The store's policy sets the wait, not the follow-up's settings:
 * it is a decision about the refund, made beside the others, that follow-up only carries out on its sweep.
 */
@ApplicationScoped
public class EvidenceExpiry {

    public static final String RULE = "evidence_expiry";

    private final Duration waits;

    public EvidenceExpiry(RefundPolicy policy) {
        this.waits = policy.document().evidenceExpiresAfter();
    }

    public Duration waits() {
        return waits;
    }

    /** When the case last went to needs_evidence (its last update, if the timeline does not say). */
    public static Instant askedAt(RefundCase c) {
        Instant asked = null;
        for (TimelineEvent e : c.timeline()) {
            if (e.to() == CaseStatus.NEEDS_EVIDENCE) {
                asked = e.at();
            }
        }
        return asked == null ? c.updatedAt() : asked;
    }

    /** When evidence asked for at {@code asked} is no longer awaited. */
    public Instant expiresAt(Instant asked) {
        return asked.plus(waits);
    }

    public boolean hasExpired(RefundCase c, Instant now) {
        return !now.isBefore(expiresAt(askedAt(c)));
    }

    /** needs_evidence → declined (no_evidence), decided by the system; the caller writes it conditionally. */
    public CaseTransition decline(RefundCase c, Instant now) {
        String policyVersion = c.decision() == null ? null : c.decision().policyVersion();
        Decision decision = new Decision(
                CaseStatus.DECLINED,
                null,
                null,
                RULE,
                policyVersion,
                DeclineCode.NO_EVIDENCE,
                DeclineCode.NO_EVIDENCE.explanation(),
                RefundCase.SYSTEM,
                now);
        return c.moveTo(CaseStatus.DECLINED, RefundCase.SYSTEM, "no evidence within " + Readable.duration(waits), now)
                .withDecision(decision);
    }
}
