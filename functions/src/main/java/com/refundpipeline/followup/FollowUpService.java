package com.refundpipeline.followup;

import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.refundpipeline.config.FollowUpConfig;
import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.TimelineEvent;
import com.refundpipeline.policy.EvidenceExpiry;
import com.refundpipeline.store.CaseFollowUps;
import com.refundpipeline.store.CaseRepository;

/**
 * Tells the customer of every step of their case as it happens, through the outbox (its id is the case and the
 * event, so a repeated message records nothing new); the survey waits there until the money has settled. What is
 * due later is the {@link FollowUpSweep}'s.
 */
@ApplicationScoped
public class FollowUpService {

    static final String SURVEY = "survey";

    private final CaseRepository cases;
    private final CaseFollowUps followUps;
    private final CustomerMessages messages;
    private final EvidenceExpiry expiry;
    private final FollowUpConfig config;
    private final Clock clock;

    public FollowUpService(CaseRepository cases, CaseFollowUps followUps, CustomerMessages messages,
            EvidenceExpiry expiry, FollowUpConfig config, Clock clock) {
        this.cases = cases;
        this.followUps = followUps;
        this.messages = messages;
        this.expiry = expiry;
        this.config = config;
        this.clock = clock;
    }

    /** Tells the customer the case reached {@code status}, if it is still there or has passed through it. */
    public void statusChanged(String caseId, CaseStatus status) {
        RefundCase refundCase = cases.find(caseId).orElseThrow(() -> new IllegalStateException("no case " + caseId));
        Optional<TimelineEvent> reached = lastArrival(refundCase, status);
        if (reached.isEmpty()) {
            // The message outran the write it reports (it cannot, as writes come first) or names a status the case
            // never had: either way there is nothing true to tell.
            throw new IllegalStateException("case " + caseId + " never reached " + status.wire());
        }
        if (!MessageTemplates.has(status.wire())) {
            return;
        }
        RefundCase asOfStatus = refundCase.status() == status ? refundCase : statusView(refundCase, status);
        Instant expires = status == CaseStatus.NEEDS_EVIDENCE ? expiry.expiresAt(reached.get().at()) : null;
        messages.tell(asOfStatus, status.wire(), status.wire(), expires, clock.instant());
        if (status == CaseStatus.PAID) {
            // Asked once the money has settled, not when it was requested; the Courier checks again when it is due.
            messages.tell(asOfStatus, SURVEY, SURVEY, null, reached.get().at().plus(config.surveyDelay()));
        }
    }

    private static Optional<TimelineEvent> lastArrival(RefundCase c, CaseStatus status) {
        TimelineEvent last = null;
        for (TimelineEvent e : c.timeline()) {
            if (e.to() == status) {
                last = e;
            }
        }
        return Optional.ofNullable(last);
    }

    /** The case as it was when it reached {@code status}, for a message that arrives after the case moved on. */
    private static RefundCase statusView(RefundCase c, CaseStatus status) {
        return new RefundCase(c.caseId(), status, c.version(), c.createdAt(), c.updatedAt(), c.resolutionDueAt(),
                c.request(), c.requestHash(), c.requestedAmount(), c.decision(), c.payout(), c.timeline());
    }
}
