package com.refundpipeline.followup;

import com.refundpipeline.config.FollowUpConfig;
import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.CaseTransition;
import com.refundpipeline.domain.Notification;
import com.refundpipeline.domain.Readable;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.policy.EvidenceExpiry;
import com.refundpipeline.store.CaseRepository;
import com.refundpipeline.store.TransitionResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * The sweep's job for a case waiting on evidence (its SLA clock stopped): a reminder each interval, up to the
 * configured number, then, once the policy's wait is over, the decline it decides.
 */
@ApplicationScoped
public class EvidenceReminders {

    private static final Logger LOG = Logger.getLogger(EvidenceReminders.class);
    static final String EVIDENCE_REMINDER = "evidence_reminder";

    /** What the job did for one case. */
    enum Outcome {
        REMINDED,
        EXPIRED,
        NOTHING
    }

    private final CaseRepository cases;
    private final EvidenceExpiry expiry;
    private final CustomerMessages messages;
    private final FollowUpConfig config;

    public EvidenceReminders(
            CaseRepository cases, EvidenceExpiry expiry, CustomerMessages messages, FollowUpConfig config) {
        this.cases = cases;
        this.expiry = expiry;
        this.messages = messages;
        this.config = config;
    }

    Outcome chase(RefundCase c, Instant now) {
        if (expiry.hasExpired(c, now)) {
            return expire(c, now) ? Outcome.EXPIRED : Outcome.NOTHING;
        }
        Instant asked = EvidenceExpiry.askedAt(c);
        long due = Duration.between(asked, now).dividedBy(config.evidenceReminderInterval());
        if (due >= 1 && config.evidenceReminders() > 0) {
            long n = Math.min(due, config.evidenceReminders());
            return messages.tell(c, EVIDENCE_REMINDER + "#" + n, EVIDENCE_REMINDER, expiry.expiresAt(asked), now)
                    ? Outcome.REMINDED
                    : Outcome.NOTHING;
        }
        return Outcome.NOTHING;
    }

    /**
     * One conditional write; then the customer hears why. No repeat comes back to a case the sweep moved out of
     * needs_evidence, so the message is recorded before the write (ADR 0035) and sent after it.
     */
    private boolean expire(RefundCase c, Instant now) {
        CaseTransition decline = expiry.decline(c, now);
        Notification told = messages.recordBefore(c.after(decline), CaseStatus.DECLINED.wire());
        if (cases.apply(decline) != TransitionResult.APPLIED) {
            return false; // evidence arrived, or another sweep expired it first; the Courier suppresses the message
        }
        LOG.infof("case %s declined: no evidence within %s", c.caseId(), Readable.duration(expiry.waits()));
        messages.deliverRecorded(told);
        return true;
    }
}
