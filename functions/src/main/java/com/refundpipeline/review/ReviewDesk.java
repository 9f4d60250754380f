package com.refundpipeline.review;

import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.CaseTransition;
import com.refundpipeline.domain.Decision;
import com.refundpipeline.domain.DeclineCode;
import com.refundpipeline.domain.Inspection;
import com.refundpipeline.domain.OrderPosition;
import com.refundpipeline.domain.OrderReservation;
import com.refundpipeline.domain.PayoutMethod;
import com.refundpipeline.domain.Readable;
import com.refundpipeline.domain.RefundBreakdown;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.RefundRequest;
import com.refundpipeline.domain.Refusal;
import com.refundpipeline.domain.ReturnAuthorization;
import com.refundpipeline.messaging.CaseEvents;
import com.refundpipeline.payout.PayoutRetry;
import com.refundpipeline.policy.RefundPolicy;
import com.refundpipeline.returns.CarrierLabels;
import com.refundpipeline.returns.ReturnAuthorizer;
import com.refundpipeline.store.CaseRepository;
import com.refundpipeline.store.OrderLedger;
import com.refundpipeline.store.TransitionResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * What a person can do with the cases rules could not decide: see the queue oldest first, and approve, decline or
 * ask for evidence within their authority tier (the person and tier come from the verified sign-in, {@link
 * SignedInReviewer}). Each decision is a move through {@link RefundCase#moveTo} with the
 * reviewer as actor, written conditionally; an approval commits the order's share in the same transaction, as
 * verify-evidence does, and queues the payout.
 */
@ApplicationScoped
public class ReviewDesk {

    private static final Logger LOG = Logger.getLogger(ReviewDesk.class);
    static final int QUEUE_LIMIT = 100;
    static final int MAX_EXPLANATION = 1000;
    public static final String RULE = "review";

    private final CaseRepository cases;
    private final OrderLedger ledger;
    private final CaseEvents events;
    private final RefundPolicy policy;
    private final Clock clock;
    private final PayoutRetry payouts;
    private final ReturnAuthorizer returns;

    public ReviewDesk(
            CaseRepository cases,
            OrderLedger ledger,
            CaseEvents events,
            RefundPolicy policy,
            Clock clock,
            PayoutRetry payouts,
            ReturnAuthorizer returns) {
        this.returns = returns;
        this.payouts = payouts;
        this.cases = cases;
        this.ledger = ledger;
        this.events = events;
        this.policy = policy;
        this.clock = clock;
    }

    public List<ReviewQueueEntry> queue() {
        Instant now = clock.instant();
        return cases.inStatusOldestFirst(CaseStatus.IN_REVIEW, QUEUE_LIMIT).stream()
                .map(c -> ReviewQueueEntry.of(c, now))
                .toList();
    }

    public RefundCase find(String caseId) {
        return cases.find(caseId).orElseThrow(() -> Refusal.notFound("case_not_found", "no case " + caseId));
    }

    /**
     * An operator's retry of a failed payout: the next attempt, under a new idempotency key (the failed refund stays
     * failed at the provider), queued for issue-payout. Any known reviewer may retry: the amount was approved before.
     */
    public RefundCase retryPayout(Reviewers.Reviewer reviewer, String caseId) {
        RefundCase current = find(caseId);
        if (current.status() != CaseStatus.PAYOUT_FAILED) {
            throw Refusal.conflict(
                    "case_not_payout_failed",
                    "case " + caseId + " is " + current.status().wire() + "; only a payout_failed case is retried");
        }
        requireTier(reviewer, current, "retry its payout");
        return payouts.retry(caseId, reviewer.id());
    }

    public RefundCase decide(Reviewers.Reviewer reviewer, String caseId, ReviewDecisionBody body) {
        String action = body.action();
        if (action == null) {
            throw Refusal.malformed(
                    "parameter_missing", "action is required: approve, decline or " + "request_evidence", "action");
        }
        RefundCase current = find(caseId);
        if (current.status() != CaseStatus.IN_REVIEW && current.status() != CaseStatus.ON_HOLD) {
            throw Refusal.conflict(
                    "case_not_in_review",
                    "case " + caseId + " is " + current.status().wire() + "; only cases in review or on hold are "
                            + "decided here");
        }
        requireTier(reviewer, current, "decide it");
        return switch (action) {
            case "approve" -> approve(reviewer, current, body);
            case "decline" -> decline(reviewer, current, body);
            case "request_evidence" -> requestEvidence(reviewer, current, body);
            default ->
                throw Refusal.malformed(
                        "parameter_invalid", "action must be approve, decline or request_evidence", "action");
        };
    }

    private RefundCase approve(Reviewers.Reviewer reviewer, RefundCase current, ReviewDecisionBody body) {
        if (body.amount() == null) {
            throw Refusal.malformed("parameter_missing", "amount (minor units) is required to approve", "amount");
        }
        long amount = body.amount();
        if (amount < 1) {
            throw Refusal.rule("amount_invalid", "amount must be at least 1 minor unit", "amount");
        }
        PayoutMethod method = body.method() == null
                ? current.request().preferredMethod()
                : PayoutMethod.parse(body.method())
                        .orElseThrow(() -> Refusal.rule(
                                "method_unknown", "method must be original_payment or store_credit", "method"));
        List<PayoutMethod> allowed = policy.ruleFor(current.request()).methods();
        if (!allowed.contains(method)) {
            throw Refusal.rule(
                    "payout_method_not_allowed",
                    "the policy allows "
                            + allowed.stream().map(PayoutMethod::wire).toList() + " for this case, not "
                            + method.wire(),
                    "method");
        }
        requireAuthority(reviewer, amount, current.currency(), "approve");
        RefundRequest.Order order = current.request().order();
        OrderPosition position = ledger.position(order.id(), order.currency(), order.capturedAmount());
        if (amount > position.refundableFor(current.caseId())) {
            throw refundable(order.id(), position.refundable(), amount, order.currency());
        }
        String note = optionalText(body.explanation());
        // A rule that needs the item back first: the person's yes authorizes the return (label, deadline) and holds
        // the amount on the order; the money follows the inspection.
        boolean returnFirst = grantFor(reviewer, current, method).returnFirst()
                && !current.request().keepsItems()
                && current.status().canMoveTo(CaseStatus.AWAITING_RETURN);
        Decision decision = decision(
                reviewer,
                current,
                returnFirst ? CaseStatus.AWAITING_RETURN : CaseStatus.APPROVED,
                amount,
                method,
                null,
                (returnFirst ? "return authorized by " : "approved by ") + reviewer.id() + ": "
                        + (returnFirst ? "up to " : "") + Readable.money(amount, current.currency()) + " by "
                        + method.wire()
                        + (note == null ? "" : " (" + note + ")"));
        CaseTransition transition = move(reviewer, current, decision);
        if (returnFirst) {
            transition = authorizedReturn(transition, decision);
        }
        // The units go into the order's ledger too: later refunds of the order take their cent shares after them.
        java.util.Map<String, Long> units = new java.util.HashMap<>();
        current.request().items().forEach(item -> units.merge(item.sku(), item.quantity(), Long::sum));
        TransitionResult result = cases.apply(
                transition,
                new OrderReservation(
                        order.id(),
                        current.caseId(),
                        amount,
                        order.capturedAmount(),
                        order.currency(),
                        java.util.Map.copyOf(units)));
        if (result == TransitionResult.ORDER_CAP_EXCEEDED) {
            OrderPosition now = ledger.position(order.id(), order.currency(), order.capturedAmount());
            throw refundable(order.id(), now.refundable(), amount, order.currency());
        }
        RefundCase decided = applied(result, current, transition);
        if (!returnFirst) {
            events.payoutRequested(decided);
        }
        events.statusChanged(decided);
        return decided;
    }

    /**
     * The inspection of a received return: the accepted (resalable) units are refunded at the held decision's
     * per-unit amounts less the label's cost when the terms take it from the refund; one conditional write moves
     * {@code return_received} to {@code approved} (giving the order back what is not refunded) or, when nothing is
     * owed, to {@code declined} (giving it all back). An approval is queued for payout as any other.
     */
    public RefundCase inspect(Reviewers.Reviewer reviewer, String caseId, InspectionBody body) {
        RefundCase current = find(caseId);
        if (current.status() != CaseStatus.RETURN_RECEIVED) {
            throw Refusal.conflict(
                    "case_not_awaiting_inspection",
                    "case " + caseId + " is " + current.status().wire() + "; only a return_received case is "
                            + "inspected");
        }
        requireTier(reviewer, current, "inspect it");
        Map<String, Long> requested = new HashMap<>();
        current.request().items().forEach(item -> requested.merge(item.sku(), item.quantity(), Long::sum));
        Inspection inspection = inspection(body, requested);
        Decision held = current.decision();
        long heldAmount = held == null || held.amount() == null ? 0 : held.amount();
        requireAuthority(reviewer, heldAmount, current.currency(), "inspect");
        Decision.Grant grant = held == null ? null : held.grant();
        ReturnAuthorization authorization = grant == null ? null : grant.authorization();
        long deduction = authorization == null ? 0 : authorization.deduction();
        Map<String, Long> accepted = inspection.accepted();
        RefundBreakdown refund = Inspection.refund(
                held == null ? null : held.breakdown(), heldAmount, requested, accepted, deduction, current.currency());
        boolean approve = refund.total() > 0;
        PayoutMethod method = held != null && held.method() != null
                ? held.method()
                : current.request().preferredMethod();
        String actor = "reviewer:" + reviewer.id();
        String inspected = "inspected by " + reviewer.id() + ": " + inspection.summary()
                + (inspection.note() == null ? "" : " (" + inspection.note() + ")");
        String explanation = approve
                ? "return inspected: " + Readable.money(refund.total(), current.currency()) + " refunded by "
                        + method.wire() + " for "
                        + accepted.values().stream().mapToLong(Long::longValue).sum()
                        + " resalable unit(s)"
                        + (deduction > 0
                                ? ", less the return label's " + Readable.money(deduction, current.currency())
                                : "")
                : DeclineCode.NOT_RESALABLE.explanation()
                        + (accepted.isEmpty()
                                ? ""
                                : " The return label's cost, " + Readable.money(deduction, current.currency())
                                        + ", is more than the refund for what could be resold.");
        List<Decision.Check> checks = new ArrayList<>();
        if (held != null && held.checks() != null) {
            checks.addAll(held.checks());
        }
        checks.add(new Decision.Check("inspection", approve, approve ? null : CaseStatus.DECLINED, inspected));
        Instant now = clock.instant();
        Decision decision = new Decision(
                approve ? CaseStatus.APPROVED : CaseStatus.DECLINED,
                approve ? refund.total() : null,
                approve ? method : null,
                RULE,
                policy.version(),
                approve ? null : DeclineCode.NOT_RESALABLE,
                explanation,
                actor,
                now,
                List.copyOf(checks),
                held == null ? null : held.inputs(),
                held == null ? null : held.inputsHash(),
                null,
                approve ? refund : null,
                grant);
        // The lines themselves go on the inspection's own item, written once in this move's transaction, for the
        // restock events send-follow-up publishes (the case item keeps only the summary above).
        CaseTransition transition = current.moveTo(decision.outcome(), actor, inspected + "; " + explanation, now)
                .withDecision(decision)
                .withInspection(inspection);
        OrderReservation heldShare = OrderReservation.heldBy(current);
        TransitionResult result;
        if (approve) {
            Map<String, Long> released = new HashMap<>();
            requested.forEach((sku, units) -> {
                long back = units - accepted.getOrDefault(sku, 0L);
                if (back > 0) {
                    released.put(sku, back);
                }
            });
            result = cases.applyAdjusting(
                    transition,
                    new OrderReservation(
                            heldShare.orderId(),
                            current.caseId(),
                            heldAmount - refund.total(),
                            heldShare.capturedAmount(),
                            heldShare.currency(),
                            Map.copyOf(released)));
            if (result == TransitionResult.ORDER_CAP_EXCEEDED) {
                throw Refusal.conflict(
                        "return_hold_missing",
                        "case " + caseId + " holds nothing on its order; reload it, nothing was decided");
            }
        } else {
            result = cases.applyReleasing(transition, heldShare);
        }
        RefundCase decided = applied(result, current, transition);
        if (approve) {
            events.payoutRequested(decided);
        }
        events.statusChanged(decided);
        return decided;
    }

    private static Inspection inspection(InspectionBody body, Map<String, Long> requested) {
        if (body == null || body.lines() == null || body.lines().isEmpty()) {
            throw Refusal.malformed("parameter_missing", "lines are required: what came back, line by line", "lines");
        }
        List<Inspection.Line> lines = new ArrayList<>();
        Map<String, Long> received = new HashMap<>();
        for (int i = 0; i < body.lines().size(); i++) {
            InspectionBody.Line line = body.lines().get(i);
            String at = "lines[" + i + "]";
            if (line == null) {
                throw Refusal.malformed("parameter_missing", at + " is empty", at);
            }
            if (line.sku() == null || !requested.containsKey(line.sku())) {
                throw Refusal.rule(
                        "sku_not_requested",
                        "sku " + line.sku() + " is not on the request; it asked for " + requested.keySet(),
                        at + ".sku");
            }
            if (line.received() == null || line.received() < 0) {
                throw Refusal.rule(
                        "received_invalid", "received must be a count of units, 0 or more", at + ".received");
            }
            long total = received.merge(line.sku(), line.received(), Long::sum);
            if (total > requested.get(line.sku())) {
                throw Refusal.rule(
                        "received_exceeds_requested",
                        total + " unit(s) of " + line.sku() + " inspected; the request is for "
                                + requested.get(line.sku()),
                        at + ".received");
            }
            Inspection.Condition condition = Inspection.Condition.parse(line.condition())
                    .orElseThrow(() -> Refusal.rule(
                            "condition_unknown",
                            "condition must be resalable, damaged, wrong_item or missing",
                            at + ".condition"));
            Inspection.Disposition disposition = Inspection.Disposition.parse(line.disposition())
                    .orElseThrow(() -> Refusal.rule(
                            "disposition_unknown", "disposition must be restock or dispose", at + ".disposition"));
            lines.add(new Inspection.Line(line.sku(), line.received(), condition, disposition));
        }
        return new Inspection(List.copyOf(lines), optionalText(body.note(), "note"));
    }

    private CaseTransition authorizedReturn(CaseTransition move, Decision decision) {
        try {
            return returns.authorized(move, decision, decision.decidedAt());
        } catch (ReturnAuthorizer.LabelPendingException | CarrierLabels.CarrierException e) {
            throw Refusal.conflict(
                    "return_label_unavailable",
                    "the return label for case " + move.current().caseId() + " could not be bought just now ("
                            + e.getMessage() + "); nothing was decided, try again in a minute");
        }
    }

    private RefundCase decline(Reviewers.Reviewer reviewer, RefundCase current, ReviewDecisionBody body) {
        if (body.declineCode() == null) {
            throw Refusal.malformed("parameter_missing", "decline_code is required to decline", "decline_code");
        }
        DeclineCode code = DeclineCode.parse(body.declineCode())
                .orElseThrow(() -> Refusal.rule(
                        "decline_code_unknown",
                        "decline_code must be one of outside_window, not_resalable, no_evidence, "
                                + "already_refunded, other",
                        "decline_code"));
        String explanation = requiredText(body.explanation(), "a plain explanation for the customer is required");
        // Saying no to a large claim is as weighty as saying yes: the tier must cover what was asked.
        requireAuthority(reviewer, current.requestedAmount(), current.currency(), "decline");
        Decision decision = decision(
                reviewer, current, CaseStatus.DECLINED, null, null, code, code.explanation() + " " + explanation);
        CaseTransition transition = move(reviewer, current, decision);
        RefundCase decided = applied(cases.apply(transition), current, transition);
        events.statusChanged(decided);
        return decided;
    }

    private RefundCase requestEvidence(Reviewers.Reviewer reviewer, RefundCase current, ReviewDecisionBody body) {
        String explanation = requiredText(body.explanation(), "say what the customer should send");
        Decision decision = decision(reviewer, current, CaseStatus.NEEDS_EVIDENCE, null, null, null, explanation);
        CaseTransition transition = move(reviewer, current, decision);
        RefundCase decided = applied(cases.apply(transition), current, transition);
        events.statusChanged(decided);
        return decided;
    }

    /** A case escalated to a tier is decided by that tier or a higher one ({@link ConsoleDesk#escalate}). */
    private void requireTier(Reviewers.Reviewer reviewer, RefundCase current, String verb) {
        if (!ConsoleDesk.mayDecide(reviewer, current, policy.document())) {
            throw Refusal.forbidden(
                    "tier_below_escalation",
                    "case " + current.caseId() + " was escalated to " + current.escalatedTo() + "; only "
                            + current.escalatedTo() + " or a higher tier may " + verb + " (" + reviewer.id() + " is "
                            + reviewer.tier().tier() + ")",
                    null);
        }
    }

    private static void requireAuthority(Reviewers.Reviewer reviewer, long amount, String currency, String verb) {
        if (!reviewer.tier().covers(amount, currency)) {
            throw Refusal.forbidden(
                    "authority_exceeded",
                    reviewer.id() + " (" + reviewer.tier().tier() + ") may " + verb + " "
                            + reviewer.tier().describeLimit(currency) + "; this decision is for "
                            + Readable.money(amount, currency) + ". Ask someone with a higher tier.",
                    "amount");
        }
    }

    /**
     * The reviewer's decision keeps the findings and inputs of the policy decision that sent the case to them, so
     * the record still shows why a person was asked, and the case can still be replayed.
     */
    private Decision decision(
            Reviewers.Reviewer reviewer,
            RefundCase current,
            CaseStatus outcome,
            Long amount,
            PayoutMethod method,
            DeclineCode code,
            String explanation) {
        Instant now = clock.instant();
        Decision prior = current.decision();
        List<Decision.Check> checks = new ArrayList<>();
        if (prior != null && prior.checks() != null) {
            checks.addAll(prior.checks());
        }
        checks.add(new Decision.Check(
                "reviewer_authority",
                true,
                null,
                reviewer.id() + " is " + reviewer.tier().tier() + ", may decide "
                        + reviewer.tier().describeLimit(current.currency())));
        Decision decided = new Decision(
                outcome,
                amount,
                method,
                RULE,
                policy.version(),
                code,
                explanation,
                "reviewer:" + reviewer.id(),
                now,
                List.copyOf(checks),
                prior == null ? null : prior.inputs(),
                prior == null ? null : prior.inputsHash(),
                null);
        return outcome == CaseStatus.APPROVED || outcome == CaseStatus.AWAITING_RETURN
                ? decided.withGrant(grantFor(reviewer, current, method))
                : decided;
    }

    /** A person approving grants money by the method they chose; the rule's return terms still apply. */
    private Decision.Grant grantFor(Reviewers.Reviewer reviewer, RefundCase current, PayoutMethod method) {
        Decision.Grant proposed =
                com.refundpipeline.policy.Resolutions.grant(policy.ruleFor(current.request()), current.request());
        com.refundpipeline.domain.Resolution resolution = current.request().keepsItems()
                ? com.refundpipeline.domain.Resolution.KEEP_ITEM
                : com.refundpipeline.domain.Resolution.forMethod(method).orElse(proposed.resolution());
        String why = resolution == proposed.resolution()
                ? proposed.why() + "; approved by " + reviewer.id()
                : "approved by " + reviewer.id() + " as " + method.wire() + " (the rule would grant "
                        + proposed.resolution().wire() + ")";
        return new Decision.Grant(
                resolution, why, proposed.returnFirst(), proposed.returnDays(), proposed.returnShipping());
    }

    private CaseTransition move(Reviewers.Reviewer reviewer, RefundCase current, Decision decision) {
        return current.moveTo(
                        decision.outcome(), "reviewer:" + reviewer.id(), decision.explanation(), decision.decidedAt())
                .withDecision(decision);
    }

    private RefundCase applied(TransitionResult result, RefundCase current, CaseTransition transition) {
        if (result != TransitionResult.APPLIED) {
            throw Refusal.conflict(
                    "case_changed", "case " + current.caseId() + " changed meanwhile; reload it and decide again");
        }
        RefundCase decided = current.after(transition);
        LOG.infof(
                "case %s %s by %s",
                decided.caseId(), decided.status().wire(), transition.event().actor());
        return decided;
    }

    private static Refusal refundable(String orderId, long left, long amount, String currency) {
        return Refusal.rule(
                "amount_exceeds_refundable",
                "order " + orderId + " has " + Readable.money(Math.max(0, left), currency) + " left to refund; "
                        + Readable.money(amount, currency) + " was asked",
                "amount");
    }

    private static String requiredText(String value, String problem) {
        String text = optionalText(value);
        if (text == null) {
            throw Refusal.malformed("parameter_missing", "explanation is required: " + problem, "explanation");
        }
        return text;
    }

    private static String optionalText(String value) {
        return optionalText(value, "explanation");
    }

    private static String optionalText(String value, String field) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_EXPLANATION) {
            throw Refusal.rule("parameter_invalid", field + " is at most " + MAX_EXPLANATION + " characters", field);
        }
        return value.strip();
    }
}
