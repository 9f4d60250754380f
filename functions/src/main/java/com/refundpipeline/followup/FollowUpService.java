package com.refundpipeline.followup;

import com.refundpipeline.config.FollowUpConfig;
import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.Inspection;
import com.refundpipeline.domain.Notification;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.TimelineEvent;
import com.refundpipeline.orders.StoreEvent;
import com.refundpipeline.orders.StoreEvents;
import com.refundpipeline.orders.StoreOrders;
import com.refundpipeline.policy.EvidenceExpiry;
import com.refundpipeline.store.CaseFollowUps;
import com.refundpipeline.store.CaseFollowUps.Recipient;
import com.refundpipeline.store.CaseRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Tells the customer of every step of their case as it happens, through the outbox (its id is the case and the
 * event, so a repeated message records nothing new); the survey waits there until the money has settled. What is
 * due later is the {@link FollowUpSweep}'s.
 */
@ApplicationScoped
public class FollowUpService {

    private static final Logger LOG = Logger.getLogger(FollowUpService.class);

    static final String SURVEY = "survey";
    /** Why a first move's message was settled unsent: "received" went with this status's message instead. */
    static final String TOLD_WITH = "told_with_";

    static final String OUT_OF_STOCK = "replacement_out_of_stock";
    static final String RETURN_INSPECTED = "return_inspected";

    private final CaseFollowUps followUps;
    private final CustomerMessages messages;
    private final EvidenceExpiry expiry;
    private final FollowUpConfig config;
    private final Clock clock;
    private final StoreOrders store;
    private final CaseRepository cases;

    public FollowUpService(
            CaseFollowUps followUps,
            CustomerMessages messages,
            EvidenceExpiry expiry,
            FollowUpConfig config,
            Clock clock,
            StoreOrders store,
            CaseRepository cases) {
        this.store = store;
        this.cases = cases;
        this.followUps = followUps;
        this.messages = messages;
        this.expiry = expiry;
        this.config = config;
        this.clock = clock;
    }

    /** Tells the customer the case reached {@code status}, if it is still there or has passed through it. */
    public void statusChanged(String caseId, CaseStatus status) {
        // One read: the case, the channels the customer left and whether they answered the survey.
        Recipient recipient =
                followUps.recipient(caseId).orElseThrow(() -> new IllegalStateException("no case " + caseId));
        RefundCase refundCase = recipient.refundCase();
        Optional<TimelineEvent> reached = lastArrival(refundCase, status);
        if (reached.isEmpty()) {
            // The message outran the write it reports (it cannot, as writes come first) or names a status the case
            // never had: either way there is nothing true to tell.
            throw new IllegalStateException("case " + caseId + " never reached " + status.wire());
        }
        if (status == CaseStatus.REPLACEMENT_PENDING && refundCase.status() == CaseStatus.REPLACEMENT_PENDING) {
            // The store is asked to ship, whoever granted the goods (policy, reviewer, inspection). A redelivered
            // status message publishes again with the same event id, which the store drops (ADR 0034); a failed
            // publish fails the message, so the queue retries it and, in the end, parks it in the dead-letter queue.
            // Once the store has answered (replaced, or approved when out of stock) it has had the request.
            store.publish(StoreEvents.replacementRequested(refundCase));
        }
        if (reached.get().from() == CaseStatus.RETURN_RECEIVED) {
            restock(refundCase);
        }
        Instant now = clock.instant();
        Notification received = null;
        if (reached.get().from() == CaseStatus.RECEIVED && status != CaseStatus.WITHDRAWN) {
            // submit-refund sends no message of its own: the first move out of received tells the customer that the
            // request was received (as of when it was). When that move has a message of its own, both are one message
            // (ADR 0036): they would leave in the same second, and one message costs the outbox half the writes.
            RefundCase asReceived = statusView(refundCase, CaseStatus.RECEIVED);
            received = CustomerMessages.message(
                    asReceived,
                    CaseStatus.RECEIVED.wire(),
                    CaseStatus.RECEIVED.wire(),
                    null,
                    now,
                    refundCase.createdAt());
            if (!MessageTemplates.has(status.wire())) {
                // A repeat finds it recorded and sends nothing.
                messages.tell(as(recipient, asReceived), received, null);
            }
        }
        if (!MessageTemplates.has(status.wire()) || passed(refundCase, status)) {
            return;
        }
        if (received == null) {
            received = receivedNeverTold(refundCase, status, reached.get(), now);
        }
        RefundCase asOfStatus = refundCase.status() == status ? refundCase : statusView(refundCase, status);
        Instant expires = status == CaseStatus.NEEDS_EVIDENCE
                ? expiry.expiresAt(reached.get().at())
                : null;
        // The survey is asked once the money has settled, not when it was requested (the Courier checks again when it
        // is due); it is recorded in the same write as the paid message.
        Notification survey = status != CaseStatus.PAID
                ? null
                : CustomerMessages.message(
                        asOfStatus, SURVEY, SURVEY, null, reached.get().at().plus(config.surveyDelay()), now);
        // Approved because the store was out of stock of the replacement: the customer is told why the money comes.
        // Approved by a return's inspection: the customer is told what could be resold and what was taken off.
        String event = status == CaseStatus.APPROVED && reached.get().from() == CaseStatus.REPLACEMENT_PENDING
                ? OUT_OF_STOCK
                : status == CaseStatus.APPROVED && reached.get().from() == CaseStatus.RETURN_RECEIVED
                        ? RETURN_INSPECTED
                        : status.wire();
        Notification message = CustomerMessages.message(asOfStatus, status.wire(), event, expires, now, now);
        messages.tell(
                as(recipient, asOfStatus),
                received == null ? message : CustomerMessages.after(received, message),
                survey);
    }

    /**
     * The received message, to tell with this later move's message, when the first move out of {@code received} was
     * never told: its mover stopped after its write and before its status message, and the case moved on (the
     * customer sent evidence, say) before a repeat could re-tell it (chaos run, ADR 0062). Its message is settled
     * unsent first, by a conditional write, so that only one of the two messages ever says "received": a late one
     * finds it settled; if that message was recorded first, this one leaves "received" out. A repeat of this message
     * after a crash finds the settled record naming it, and tells "received" again in the same (idempotent) message.
     */
    private Notification receivedNeverTold(
            RefundCase refundCase, CaseStatus status, TimelineEvent reached, Instant now) {
        List<TimelineEvent> timeline = refundCase.timeline();
        Optional<TimelineEvent> firstMove = timeline.stream()
                .filter(e -> e.from() == CaseStatus.RECEIVED && e.to() != CaseStatus.RECEIVED)
                .findFirst();
        if (firstMove.isEmpty()
                || firstMove.get().to() == CaseStatus.WITHDRAWN
                || firstMove.get().to() == status
                || timeline.indexOf(reached) <= timeline.indexOf(firstMove.get())) {
            return null; // nothing moved it on yet, a withdrawal tells no "received", or this message is that move's
        }
        Optional<CaseStatus> first = firstMove.map(TimelineEvent::to);
        String firstKey = MessageTemplates.has(first.get().wire()) ? first.get().wire() : CaseStatus.RECEIVED.wire();
        RefundCase asReceived = statusView(refundCase, CaseStatus.RECEIVED);
        Notification untold = CustomerMessages.message(
                asReceived, firstKey, CaseStatus.RECEIVED.wire(), null, now, refundCase.createdAt());
        if (!messages.settleUnsent(untold, TOLD_WITH + status.wire())) {
            return null;
        }
        LOG.infof(
                "case %s: the move to %s was never told; \"received\" goes with the %s message",
                refundCase.caseId(), first.get().wire(), status.wire());
        return CustomerMessages.message(
                asReceived, CaseStatus.RECEIVED.wire(), CaseStatus.RECEIVED.wire(), null, now, refundCase.createdAt());
    }

    /**
     * The inspection's move (out of {@code return_received}, whatever it decided) publishes {@code inventory.restock}
     * for each restocked line, read from the inspection's write-once item. The ids are deterministic (ADR 0034), so a
     * redelivered or late status message publishes at most a duplicate the store drops; unlike a replacement request,
     * a restock is still news after the case moved on (the payout runs beside this message), so it is not skipped
     * then. Without a store connection there is nobody to tell.
     */
    private void restock(RefundCase refundCase) {
        Optional<Inspection> inspection = cases.inspection(refundCase.caseId());
        if (inspection.isEmpty()) {
            // Inspected before inspections were recorded on their own item: only the summary text is left.
            LOG.infof("case %s: no inspection item, no restock published", refundCase.caseId());
            return;
        }
        List<StoreEvent> restocked = StoreEvents.restocked(refundCase, inspection.get());
        if (restocked.isEmpty()) {
            return;
        }
        if (!store.connected()) {
            LOG.infof(
                    "case %s: %d restocked line(s), no store connection to tell",
                    refundCase.caseId(), restocked.size());
            return;
        }
        restocked.forEach(store::publish);
    }

    /**
     * The parcel's scans are progress, not outcomes: a late message about one the case has already moved past (the
     * parcel arrived, or was inspected) would tell the customer something no longer true, so it tells nothing. Each
     * is told at most once anyway (one notification id per case and status).
     */
    private static boolean passed(RefundCase refundCase, CaseStatus status) {
        return (status == CaseStatus.RETURN_IN_TRANSIT || status == CaseStatus.RETURN_RECEIVED)
                && refundCase.status() != status;
    }

    private static Recipient as(Recipient recipient, RefundCase view) {
        return new Recipient(view, recipient.unsubscribed(), recipient.answered());
    }

    private static Optional<TimelineEvent> lastArrival(RefundCase c, CaseStatus status) {
        TimelineEvent last = null;
        for (TimelineEvent e : c.timeline()) {
            // A move into the status, not a note or feedback recorded while in it.
            if (e.to() == status && e.from() != status) {
                last = e;
            }
        }
        return Optional.ofNullable(last);
    }

    /** The case as it was when it reached {@code status}, for a message that arrives after the case moved on. */
    private static RefundCase statusView(RefundCase c, CaseStatus status) {
        return new RefundCase(
                c.caseId(),
                status,
                c.version(),
                c.createdAt(),
                c.updatedAt(),
                c.resolutionDueAt(),
                c.request(),
                c.requestHash(),
                c.requestedAmount(),
                c.decision(),
                c.payout(),
                c.timeline());
    }
}
