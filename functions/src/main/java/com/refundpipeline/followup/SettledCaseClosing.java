package com.refundpipeline.followup;

import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.CaseTransition;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.TimelineEvent;
import com.refundpipeline.policy.PolicyDocument;
import com.refundpipeline.policy.RefundPolicy;
import com.refundpipeline.store.CaseRepository;
import com.refundpipeline.store.TransitionResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * A sweep job: settled cases (paid, declined) whose feedback window has passed move to closed, with the retention's
 * expiry for the table's TTL. Both durations are the policy's ({@code closing}).
 */
@ApplicationScoped
public class SettledCaseClosing {

    private static final Logger LOG = Logger.getLogger(SettledCaseClosing.class);

    private final CaseRepository cases;
    private final PolicyDocument.Closing closing;

    public SettledCaseClosing(CaseRepository cases, RefundPolicy policy) {
        this.cases = cases;
        this.closing = policy.document().closing();
    }

    /**
     * A Query on the by-status index, not a Scan: a case settles after it was opened, so only cases opened before
     * the window's start can be due, and the ones closed leave the partition they were found in.
     */
    int close(Instant now, int limit) {
        int closed = 0;
        for (CaseStatus settled : List.of(CaseStatus.PAID, CaseStatus.DECLINED, CaseStatus.REPLACED)) {
            for (String caseId : cases.inStatusCreatedBefore(settled, now.minus(closing.feedbackWindow()), limit)) {
                RefundCase c = cases.find(caseId).orElse(null);
                if (c == null || !c.status().settled()) {
                    continue;
                }
                Instant settledAt = settledAt(c);
                if (now.isBefore(settledAt.plus(closing.feedbackWindow()))) {
                    continue;
                }
                CaseTransition close = c.moveTo(
                                CaseStatus.CLOSED,
                                RefundCase.SYSTEM,
                                "feedback window of " + closing.feedbackWindow() + " passed since "
                                        + c.status().wire(),
                                now)
                        .withExpiresAt(now.plus(closing.retention()));
                // A late feedback answer or another sweep may move it first: then the next sweep looks again.
                closed += cases.apply(close) == TransitionResult.APPLIED ? 1 : 0;
            }
        }
        if (closed > 0) {
            LOG.infof("closed %d settled case(s) after their feedback window", closed);
        }
        return closed;
    }

    private static Instant settledAt(RefundCase c) {
        Instant at = c.updatedAt();
        for (TimelineEvent e : c.timeline()) {
            if (e.to() == c.status() && e.from() != c.status()) {
                at = e.at();
            }
        }
        return at;
    }
}
