package com.refundpipeline.submit;

import com.refundpipeline.amount.RefundCalculator;
import com.refundpipeline.cases.CaseView;
import com.refundpipeline.config.PipelineConfig;
import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.CaseTransition;
import com.refundpipeline.domain.Notification;
import com.refundpipeline.domain.OrderPosition;
import com.refundpipeline.domain.OrderReservation;
import com.refundpipeline.domain.Readable;
import com.refundpipeline.domain.RefundBreakdown;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.RefundRequest;
import com.refundpipeline.domain.Refusal;
import com.refundpipeline.json.Json;
import com.refundpipeline.messaging.CaseEvents;
import com.refundpipeline.policy.RefundPolicy;
import com.refundpipeline.store.CaseRepository;
import com.refundpipeline.store.NotificationOutbox;
import com.refundpipeline.store.OrderLedger;
import com.refundpipeline.store.TransitionResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jboss.logging.Logger;

/** What the storefront can do with a case: open it, read it, add evidence to it. */
@ApplicationScoped
public class RefundDesk {

    private static final Logger LOG = Logger.getLogger(RefundDesk.class);
    /** The actor of the customer's own moves (evidence added, withdrawn), made through the storefront. */
    static final String STOREFRONT = "storefront";

    private final CaseRepository cases;
    private final OrderLedger ledger;
    private final NotificationOutbox outbox;
    private final CaseEvents events;
    private final PipelineConfig config;
    private final RefundPolicy policy;
    private final Clock clock;

    public RefundDesk(
            CaseRepository cases,
            OrderLedger ledger,
            NotificationOutbox outbox,
            CaseEvents events,
            PipelineConfig config,
            RefundPolicy policy,
            Clock clock) {
        this.policy = policy;
        this.cases = cases;
        this.ledger = ledger;
        this.outbox = outbox;
        this.events = events;
        this.config = config;
        this.clock = clock;
    }

    public record Submission(CaseReceipt receipt, boolean created) {}

    public Submission submit(String idempotencyKey, RefundRequestBody body) {
        RefundRequest request =
                RefundRequestValidator.validate(body, policy.document().evidence());
        String requestHash = RefundCase.sha256(Json.write(request));
        Instant now = clock.instant();
        String caseId = RefundCase.open(idempotencyKey, request, requestHash, now, config.resolutionTarget())
                .caseId();

        // The common case is a new request: check the order, then write; a replay is found by the conditional write.
        // A replay the order now refuses (its own case took the units) is answered as a replay: what it asked was
        // valid when first recorded.
        try {
            checkRefundable(request);
        } catch (Refusal refused) {
            Optional<RefundCase> earlier = cases.find(caseId);
            if (earlier.isPresent()) {
                return replay(earlier.get(), requestHash);
            }
            throw refused;
        }
        RefundCase opened = RefundCase.open(idempotencyKey, request, requestHash, now, config.resolutionTarget());
        Optional<RefundCase> raced = cases.createOrGetExisting(opened);
        if (raced.isPresent()) {
            return replay(raced.get(), requestHash);
        }
        LOG.infof(
                "case %s received for order %s, reason %s",
                opened.caseId(), opened.orderId(), request.reason().wire());
        // The customer hears of the request with verification's outcome, moments later, in one follow-up message
        // (see FollowUpService.statusChanged): a message of its own would cost a send, an invocation and a read.
        events.verificationRequested(opened);
        return new Submission(CaseReceipt.of(opened), true);
    }

    private Submission replay(RefundCase existing, String requestHash) {
        if (!existing.requestHash().equals(requestHash)) {
            throw Refusal.conflict(
                    "idempotency_key_reused",
                    "this Idempotency-Key was used for a different request; use a new key for a new request",
                    "Idempotency-Key");
        }
        // A replay means an earlier call may not have finished: the process stopped between the case's write and the
        // verification message, or the write's answer was lost and the SDK's repeat found the case it had written
        // (then this very call is the first, and nobody retries). Either way the message may never have gone, and
        // nothing sweeps received cases: a case still received is queued again, however soon; verify-evidence is
        // idempotent. (A grace of a minute here left two chaos cases, seed 2026, in received.)
        if (existing.status() == CaseStatus.RECEIVED) {
            LOG.warnf("case %s still unverified on retry; queueing verification again", existing.caseId());
            events.verificationRequested(existing);
        }
        return new Submission(CaseReceipt.of(existing), false);
    }

    /** Checks the order has enough left for the request, and computes what the refund would pay. */
    private RefundBreakdown checkRefundable(RefundRequest request) {
        RefundRequest.Order order = request.order();
        OrderPosition position = ledger.position(order.id(), order.currency(), order.capturedAmount());
        if (!position.currency().equals(order.currency())) {
            throw Refusal.rule(
                    "currency_mismatch",
                    "order " + order.id() + " was refunded in " + position.currency() + " before, not "
                            + order.currency(),
                    "order.currency");
        }
        for (int i = 0; i < request.items().size(); i++) {
            RefundRequest.RequestedItem item = request.items().get(i);
            long left = order.line(item.sku()).quantity() - position.unitsCommitted(item.sku());
            if (item.quantity() > left) {
                throw Refusal.rule(
                        "quantity_exceeds_refundable",
                        "order " + order.id() + " has " + Math.max(left, 0) + " of " + item.sku() + " left to refund; "
                                + item.quantity() + " was asked",
                        "items[" + i + "].quantity");
            }
        }
        RefundBreakdown preview = RefundCalculator.calculate(
                request, position.committedUnits(), Long.MAX_VALUE, RefundPolicy.amountRules(policy.ruleFor(request)));
        // Shipping is not counted: it goes back only as far as the order has room, and never refuses a request.
        long asked = preview.subtotal() - preview.shippingAmount();
        if (asked > position.refundable()) {
            throw Refusal.rule(
                    "amount_exceeds_refundable",
                    "order " + order.id() + " has " + Readable.money(position.refundable(), order.currency())
                            + " left to refund; " + Readable.money(asked, order.currency()) + " was asked",
                    "items");
        }
        return preview;
    }

    public CaseView find(String caseId) {
        return CaseView.of(existing(caseId), this::preview);
    }

    /**
     * What the case pays, line by line: as decided, once it is; until then, as it would be paid if approved now,
     * given what its order has left.
     */
    RefundBreakdown preview(RefundCase refundCase) {
        if (refundCase.decision() != null && refundCase.decision().breakdown() != null) {
            return refundCase.decision().breakdown();
        }
        if (!refundCase.status().awaitsVerification()
                && refundCase.status() != CaseStatus.NEEDS_EVIDENCE
                && refundCase.status() != CaseStatus.IN_REVIEW
                && refundCase.status() != CaseStatus.ON_HOLD) {
            return null;
        }
        RefundRequest.Order order = refundCase.request().order();
        try {
            OrderPosition position = ledger.position(order.id(), order.currency(), order.capturedAmount());
            return RefundCalculator.calculate(
                    refundCase.request(),
                    position.committedUnits(),
                    position.refundableFor(refundCase.caseId()),
                    RefundPolicy.amountRules(policy.ruleFor(refundCase.request())));
        } catch (RuntimeException e) {
            LOG.warnf("case %s: no preview (%s)", refundCase.caseId(), e.getMessage());
            return null;
        }
    }

    public List<Notification> notifications(String caseId) {
        existing(caseId);
        // What the customer was told; alerts to operations and supervisors are not theirs to read.
        return outbox.forCase(caseId).stream()
                .filter(Notification::isForCustomer)
                .toList();
    }

    /** New evidence for a case waiting on it sends the case back to verification. */
    public CaseView addEvidence(String caseId, RefundRequestBody.EvidenceAddition addition) {
        List<RefundRequest.Evidence> added = RefundRequestValidator.evidence(
                addition.evidence(), "evidence", policy.document().evidence());
        if (added.isEmpty()) {
            throw Refusal.malformed("parameter_missing", "evidence must list at least one item", "evidence");
        }
        RefundCase current = existing(caseId);
        if (current.status() != CaseStatus.NEEDS_EVIDENCE) {
            // Evidence sent again after a call that stopped after its write, before its messages (ADR 0035).
            events.retell(current, m -> m.from() == CaseStatus.NEEDS_EVIDENCE && STOREFRONT.equals(m.actor()));
            throw Refusal.conflict(
                    "case_not_awaiting_evidence",
                    "case " + caseId + " is " + current.status().wire() + ", not waiting for evidence");
        }
        List<RefundRequest.Evidence> all = new ArrayList<>(current.request().evidence());
        all.addAll(added);
        if (all.size() > RefundRequestValidator.MAX_EVIDENCE) {
            throw Refusal.rule(
                    "evidence_invalid",
                    "a case holds at most " + RefundRequestValidator.MAX_EVIDENCE + " pieces of evidence",
                    "evidence");
        }
        Instant now = clock.instant();
        // The SLA clock stops while we wait on the customer: the promise moves by the time the case waited.
        Instant waitingSince = current.lastEnteredNeedsEvidence();
        Duration waited =
                waitingSince == null || waitingSince.isAfter(now) ? Duration.ZERO : Duration.between(waitingSince, now);
        CaseTransition transition = current.moveTo(
                        CaseStatus.VERIFYING,
                        STOREFRONT,
                        added.size() + " piece(s) of evidence added after waiting " + waited,
                        now)
                .withEvidence(all)
                .withResolutionDueAt(current.resolutionDueAt().plus(waited));
        if (cases.apply(transition) != TransitionResult.APPLIED) {
            throw Refusal.conflict("case_changed", "case " + caseId + " changed meanwhile; read it and retry");
        }
        RefundCase updated = current.after(transition);
        events.verificationRequested(updated);
        events.statusChanged(updated);
        return CaseView.of(updated, this::preview);
    }

    /** The longest note a withdrawal may carry; the customer's words are kept on the timeline. */
    static final int MAX_WITHDRAWAL_NOTE = 500;

    /**
     * The customer withdraws the case, at any point before the money moves: one conditional write to
     * {@code withdrawn}, which for an approved case also gives the order back the share it had committed. A payout
     * message that arrives later finds a withdrawn case and pays nothing. Withdrawing twice answers the same case.
     */
    public CaseView withdraw(String caseId, RefundRequestBody.Withdrawal body) {
        String note = body == null || body.note() == null ? null : body.note().strip();
        if (note != null && (note.isEmpty() || note.length() > MAX_WITHDRAWAL_NOTE)) {
            throw Refusal.rule(
                    "note_invalid", "note must be 1 to " + MAX_WITHDRAWAL_NOTE + " characters when given", "note");
        }
        for (int attempt = 0; attempt < 3; attempt++) {
            RefundCase current = existing(caseId);
            if (current.status() == CaseStatus.WITHDRAWN) {
                // Withdrawing again, perhaps after a call that stopped before its message (ADR 0035).
                events.retell(current, m -> m.to() == CaseStatus.WITHDRAWN);
                return CaseView.of(current, this::preview);
            }
            if (current.status() == CaseStatus.REPLACEMENT_PENDING) {
                throw Refusal.conflict(
                        "replacement_already_requested",
                        "case " + caseId + " is replacement_pending: the store was asked to send the goods and the"
                                + " request can no longer be withdrawn",
                        null);
            }
            if (!current.status().withdrawable()) {
                throw current.status().moneyMoving()
                        ? Refusal.conflict(
                                "refund_already_paying",
                                "case " + caseId + " is "
                                        + current.status().wire()
                                        + ": the money has started to move and can no longer be "
                                        + "stopped; the customer keeps the refund or returns it to the store",
                                null)
                        : Refusal.conflict(
                                "case_already_settled",
                                "case " + caseId + " is " + current.status().wire() + " and can no longer be withdrawn",
                                null);
            }
            Instant now = clock.instant();
            CaseTransition transition = current.moveTo(
                            CaseStatus.WITHDRAWN,
                            STOREFRONT,
                            "withdrawn by the customer" + (note == null ? "" : ": " + note),
                            now)
                    .withExpiresAt(now.plus(policy.document().closing().retention()));
            // An approval and a return (while the parcel is owed) hold a share of the order; it goes back here.
            TransitionResult result = (current.status() == CaseStatus.APPROVED
                                    || current.status().awaitsParcel()
                                    || current.status() == CaseStatus.RETURN_RECEIVED)
                            && current.decision() != null
                            && current.decision().amount() != null
                    ? cases.applyReleasing(transition, OrderReservation.heldBy(current))
                    : cases.apply(transition);
            if (result == TransitionResult.APPLIED) {
                RefundCase withdrawn = current.after(transition);
                LOG.infof("case %s withdrawn from %s", caseId, current.status().wire());
                events.statusChanged(withdrawn);
                return CaseView.of(withdrawn, this::preview);
            }
            // The case moved under us (decided, or paying): read it again and answer for where it is now.
        }
        throw Refusal.conflict("case_changed", "case " + caseId + " changed meanwhile; read it and retry");
    }

    private RefundCase existing(String caseId) {
        return cases.find(caseId).orElseThrow(() -> Refusal.notFound("case_not_found", "no case " + caseId));
    }
}
