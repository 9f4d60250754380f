package com.refundpipeline.followup;

import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.CaseTransition;
import com.refundpipeline.domain.Notification;
import com.refundpipeline.domain.OrderReservation;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.ReturnAuthorization;
import com.refundpipeline.policy.RefundPolicy;
import com.refundpipeline.store.CaseRepository;
import com.refundpipeline.store.TransitionResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * The sweep's job for a case waiting on the customer's parcel (its SLA clock stopped, its due time the return
 * deadline): one reminder in the last {@link #REMIND_BEFORE} before the deadline, then, when no parcel reached the
 * carrier by it, {@code awaiting_return -> closed} (the order's held units given back in the same write) and the
 * customer told. A parcel already with the carrier ({@code return_in_transit}) is left to arrive.
 */
@ApplicationScoped
public class ReturnDeadlines {

    private static final Logger LOG = Logger.getLogger(ReturnDeadlines.class);
    static final Duration REMIND_BEFORE = Duration.ofDays(1);
    static final String RETURN_REMINDER = "return_reminder";
    static final String RETURN_EXPIRED = "return_expired";

    /** What the job did for one case. */
    enum Outcome {
        REMINDED,
        CLOSED,
        NOTHING
    }

    private final CaseRepository cases;
    private final CustomerMessages messages;
    private final RefundPolicy policy;

    public ReturnDeadlines(CaseRepository cases, CustomerMessages messages, RefundPolicy policy) {
        this.cases = cases;
        this.messages = messages;
        this.policy = policy;
    }

    Outcome chase(RefundCase c, Instant now) {
        ReturnAuthorization authorization = c.decision() == null || c.decision().grant() == null
                ? null
                : c.decision().grant().authorization();
        if (c.status() != CaseStatus.AWAITING_RETURN || authorization == null) {
            return Outcome.NOTHING;
        }
        if (!now.isBefore(authorization.returnBy())) {
            return close(c, now) ? Outcome.CLOSED : Outcome.NOTHING;
        }
        if (!now.isBefore(authorization.returnBy().minus(REMIND_BEFORE))) {
            // One reminder: its id is fixed, so a later sweep finds it recorded and sends nothing.
            return messages.tell(c, RETURN_REMINDER, RETURN_REMINDER, authorization.returnBy(), now)
                    ? Outcome.REMINDED
                    : Outcome.NOTHING;
        }
        return Outcome.NOTHING;
    }

    /** One conditional write (the move and the ledger's release); then the customer hears why. */
    private boolean close(RefundCase c, Instant now) {
        CaseTransition close = c.moveTo(
                        CaseStatus.CLOSED,
                        RefundCase.SYSTEM,
                        "no parcel reached the carrier by the return deadline",
                        now)
                .withExpiresAt(now.plus(policy.document().closing().retention()));
        // No repeat comes back to a case the sweep closed: its message is recorded before the write (ADR 0035).
        Notification told = messages.recordBefore(c.after(close), RETURN_EXPIRED);
        TransitionResult result = c.decision().amount() == null
                ? cases.apply(close)
                : cases.applyReleasing(close, OrderReservation.heldBy(c));
        if (result != TransitionResult.APPLIED) {
            return false; // the parcel was scanned, or the customer withdrew, or another sweep closed it first
        }
        LOG.infof("case %s closed: no return parcel by %s", c.caseId(), c.resolutionDueAt());
        messages.deliverRecorded(told);
        return true;
    }
}
