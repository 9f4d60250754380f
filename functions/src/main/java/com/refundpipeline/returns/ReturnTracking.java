package com.refundpipeline.returns;

import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.CaseTransition;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.messaging.CaseEvents;
import com.refundpipeline.store.CaseRepository;
import com.refundpipeline.store.ReturnLabels;
import com.refundpipeline.store.TransitionResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The carrier's tracking events for return parcels: {@code in_transit}/{@code out_for_delivery} move the case to
 * {@code return_in_transit}, {@code delivered}/{@code available_for_pickup} to {@code return_received}. Each move is
 * conditional on the case's version, and only a move {@link CaseStatus} allows is made, so a replayed event, an
 * out-of-order one (in transit after delivered), one for an unknown tracking code, or any other status changes
 * nothing.
 */
@ApplicationScoped
public class ReturnTracking {

    private static final Logger LOG = Logger.getLogger(ReturnTracking.class);
    private static final int ATTEMPTS = 3;

    /** What an event did. */
    public enum Outcome {
        MOVED,
        UNCHANGED,
        UNKNOWN_TRACKING,
        IGNORED_STATUS
    }

    private final ReturnLabels labels;
    private final CaseRepository cases;
    private final CaseEvents events;
    private final Clock clock;

    public ReturnTracking(ReturnLabels labels, CaseRepository cases, CaseEvents events, Clock clock) {
        this.labels = labels;
        this.cases = cases;
        this.events = events;
        this.clock = clock;
    }

    /** The case status a carrier's tracker status means for a return parcel, if any. */
    public static Optional<CaseStatus> statusFor(String trackerStatus) {
        return switch (trackerStatus == null ? "" : trackerStatus.toLowerCase(Locale.ROOT)) {
            case "in_transit", "out_for_delivery" -> Optional.of(CaseStatus.RETURN_IN_TRANSIT);
            case "delivered", "available_for_pickup" -> Optional.of(CaseStatus.RETURN_RECEIVED);
            default -> Optional.empty();
        };
    }

    public Outcome track(String trackingCode, String trackerStatus, String actor) {
        Optional<CaseStatus> target = statusFor(trackerStatus);
        if (target.isEmpty()) {
            return Outcome.IGNORED_STATUS;
        }
        Optional<String> caseId = labels.caseForTracking(trackingCode);
        if (caseId.isEmpty()) {
            return Outcome.UNKNOWN_TRACKING;
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            RefundCase current = cases.find(caseId.get()).orElse(null);
            if (current == null || !current.status().canMoveTo(target.get())) {
                // Already there (a replay), past it (out of order), or no longer waiting (withdrawn, closed). A replay
                // may follow a delivery that stopped after its write, before the customer's message (ADR 0035).
                if (current != null) {
                    events.retell(current, move -> move.to() == target.get() && actor.equals(move.actor()));
                }
                return Outcome.UNCHANGED;
            }
            CaseTransition move = current.moveTo(
                    target.get(), actor, "return parcel " + trackerStatus.toLowerCase(Locale.ROOT), clock.instant());
            if (cases.apply(move) == TransitionResult.APPLIED) {
                RefundCase moved = current.after(move);
                LOG.infof(
                        "case %s %s (tracking %s)",
                        moved.caseId(), moved.status().wire(), trackingCode);
                events.statusChanged(moved);
                return Outcome.MOVED;
            }
        }
        throw new IllegalStateException("case " + caseId.get() + " kept changing while its parcel was tracked");
    }
}
