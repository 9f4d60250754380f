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
import com.refundpipeline.domain.Resolution;
import com.refundpipeline.domain.ReturnAuthorization;
import com.refundpipeline.domain.TimelineEvent;
import com.refundpipeline.messaging.CaseEvents;
import com.refundpipeline.payout.PayoutRetry;
import com.refundpipeline.policy.PolicyDocument;
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
            // A retry of a retry that stopped after its write, before its messages (ADR 0035).
            events.retell(current, m -> m.from() == CaseStatus.PAYOUT_FAILED && isPerson(m, "operator:"));
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
            // A decision sent again after one that stopped after its write, before its messages (ADR 0035).
            events.retell(
                    current,
                    m -> (m.from() == CaseStatus.IN_REVIEW || m.from() == CaseStatus.ON_HOLD)
                            && isPerson(m, "reviewer:"));
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
                                "method_unknown",
                                "method must be original_payment, store_credit or goodwill_coupon",
                                "method"));
        List<PayoutMethod> allowed = policy.ruleFor(current.request()).methods();
        if (!allowed.contains(method)) {
            throw Refusal.rule(
                    "payout_method_not_allowed",
                    "the policy allows "
                            + allowed.stream().map(PayoutMethod::wire).toList() + " for this case, not "
                            + method.wire(),
                    "method");
        }
        // Goods (replacement or exchange) are checked before anything is written; the amount is their fallback.
        Decision.Grant goods = goodsGrant(reviewer, current, body, method);
        requireAuthority(reviewer, amount, current.currency(), "approve");
        RefundRequest.Order order = current.request().order();
        OrderPosition position = ledger.position(order.id(), order.currency(), order.capturedAmount());
        if (amount > position.refundableFor(current.caseId())) {
            throw refundable(order.id(), position.refundable(), amount, order.currency());
        }
        String note = optionalText(body.explanation());
        // A rule that needs the item back first: the person's yes authorizes the return (label, deadline) and holds
        // the amount on the order; the money follows the inspection.
        // Goods after a return go out once its inspection finds what came back fit (return_received ->
        // replacement_pending); without a return the store is asked at once.
        boolean returnFirst = (goods != null ? goods : grantFor(reviewer, current, method)).returnFirst()
                && !current.request().keepsItems()
                && current.status().canMoveTo(CaseStatus.AWAITING_RETURN);
        CaseStatus outcome = returnFirst
                ? CaseStatus.AWAITING_RETURN
                : goods != null ? CaseStatus.REPLACEMENT_PENDING : CaseStatus.APPROVED;
        String granted = goods == null
                ? ""
                : goods.resolution().wire()
                        + (goods.exchangeSkuFor(current.request()) == null
                                ? ""
                                : " for " + goods.exchangeSkuFor(current.request()))
                        + " granted; should the store be out of stock, "
                        + goods.fallback().wire() + " of ";
        Decision decision = decision(
                reviewer,
                current,
                outcome,
                amount,
                method,
                null,
                (returnFirst ? "return authorized by " : goods != null ? "decided by " : "approved by ")
                        + reviewer.id() + ": " + granted
                        + (returnFirst ? "up to " : "") + Readable.money(amount, current.currency()) + " by "
                        + method.wire()
                        + (note == null ? "" : " (" + note + ")"));
        if (goods != null) {
            decision = decision.withGrant(goods);
        }
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
        if (outcome == CaseStatus.APPROVED) {
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
            // An inspection sent again after one that stopped after its write, before its messages (ADR 0035).
            events.retell(current, m -> m.from() == CaseStatus.RETURN_RECEIVED && isPerson(m, "reviewer:"));
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
        String actor = "reviewer:" + reviewer.id();
        String inspected = "inspected by " + reviewer.id() + ": " + inspection.summary()
                + (inspection.note() == null ? "" : " (" + inspection.note() + ")");
        if (grant != null
                && grant.sendsGoods()
                && policy.storeConnected()
                && goodsEarned(grant, inspection, requested)) {
            // Everything came back as the goods need it: the replacement or exchange is asked of the store, and the
            // order keeps holding the fallback's money (less the label, when the terms take it) in case it is out of
            // stock. Without the store connection the grant falls through to the money below, as Resolutions does.
            RefundBreakdown fallback = Inspection.refund(
                    held.breakdown(), heldAmount, requested, requested, deduction, current.currency());
            if (fallback.total() > 0) {
                return goodsAfterInspection(current, inspection, held, fallback, actor, inspected, deduction);
            }
        }
        RefundBreakdown refund = Inspection.refund(
                held == null ? null : held.breakdown(), heldAmount, requested, accepted, deduction, current.currency());
        boolean approve = refund.total() > 0;
        PayoutMethod method = held != null && held.method() != null
                ? held.method()
                : current.request().preferredMethod();
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
        List<Decision.Check> checks = withCheck(
                held, new Decision.Check("inspection", approve, approve ? null : CaseStatus.DECLINED, inspected));
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
                checks,
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

    /**
     * Whether the returned units earn the goods granted: every requested unit came back, resalable for an exchange
     * (the store resells it), resalable or damaged for a replacement (the fault it replaces); a wrong item or a
     * missing unit gets the money the inspection computes instead.
     */
    static boolean goodsEarned(Decision.Grant grant, Inspection inspection, Map<String, Long> requested) {
        Map<String, Long> usable = new HashMap<>();
        for (Inspection.Line line : inspection.lines()) {
            boolean fits = line.condition() == Inspection.Condition.RESALABLE
                    || (grant.resolution() == Resolution.REPLACEMENT
                            && line.condition() == Inspection.Condition.DAMAGED);
            if (fits) {
                usable.merge(line.sku(), line.received(), Long::sum);
            }
        }
        return usable.equals(requested);
    }

    /**
     * {@code return_received -> replacement_pending}: one conditional write with the inspection's item and its
     * timeline event, the order's hold cut to the fallback's amount; send-follow-up then publishes
     * {@code replacement.requested} (and the restock) on its status message, as for any other grant of goods.
     */
    private RefundCase goodsAfterInspection(
            RefundCase current,
            Inspection inspection,
            Decision held,
            RefundBreakdown fallback,
            String actor,
            String inspected,
            long deduction) {
        Decision.Grant grant = held.grant();
        String explanation = "return inspected: " + grant.resolution().wire() + " asked of the store; should it be out"
                + " of stock, " + grant.fallback().wire() + " of "
                + Readable.money(fallback.total(), current.currency())
                + (deduction > 0
                        ? " (less the return label's " + Readable.money(deduction, current.currency()) + ")"
                        : "");
        Instant now = clock.instant();
        Decision decision = new Decision(
                CaseStatus.REPLACEMENT_PENDING,
                fallback.total(),
                held.method() != null ? held.method() : current.request().preferredMethod(),
                RULE,
                policy.version(),
                null,
                explanation,
                actor,
                now,
                withCheck(held, new Decision.Check("inspection", true, null, inspected)),
                held.inputs(),
                held.inputsHash(),
                null,
                fallback,
                grant);
        CaseTransition transition = current.moveTo(
                        CaseStatus.REPLACEMENT_PENDING, actor, inspected + "; " + explanation, now)
                .withDecision(decision)
                .withInspection(inspection);
        OrderReservation heldShare = OrderReservation.heldBy(current);
        TransitionResult result = cases.applyAdjusting(
                transition,
                new OrderReservation(
                        heldShare.orderId(),
                        current.caseId(),
                        Math.max(0, heldShare.amount() - fallback.total()),
                        heldShare.capturedAmount(),
                        heldShare.currency(),
                        Map.of()));
        if (result == TransitionResult.ORDER_CAP_EXCEEDED) {
            throw Refusal.conflict(
                    "return_hold_missing",
                    "case " + current.caseId() + " holds nothing on its order; reload it, nothing was decided");
        }
        RefundCase decided = applied(result, current, transition);
        events.statusChanged(decided);
        return decided;
    }

    private static List<Decision.Check> withCheck(Decision prior, Decision.Check check) {
        List<Decision.Check> checks = new ArrayList<>();
        if (prior != null && prior.checks() != null) {
            checks.addAll(prior.checks());
        }
        checks.add(check);
        return List.copyOf(checks);
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
        List<Decision.Check> checks = withCheck(
                prior,
                new Decision.Check(
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
                checks,
                prior == null ? null : prior.inputs(),
                prior == null ? null : prior.inputsHash(),
                null);
        return outcome == CaseStatus.APPROVED || outcome == CaseStatus.AWAITING_RETURN
                ? decided.withGrant(grantFor(reviewer, current, method))
                : decided;
    }

    /**
     * The goods a reviewer grants ({@code resolution}: replacement or exchange, with {@code exchange_sku} checked as
     * the request's is), or null for money. Only what the case's rule offers, on a stack connected to the store's
     * order system, for a request returning whole lines; the fallback is the money of the approval's method.
     */
    private Decision.Grant goodsGrant(
            Reviewers.Reviewer reviewer, RefundCase current, ReviewDecisionBody body, PayoutMethod method) {
        String asked = optionalText(body.resolution(), "resolution");
        String sku = optionalText(body.exchangeSku(), "exchange_sku");
        if (sku != null && !"exchange".equals(asked)) {
            throw Refusal.rule(
                    "exchange_sku_without_exchange", "exchange_sku goes with resolution exchange only", "exchange_sku");
        }
        if (asked == null) {
            return null;
        }
        Resolution resolution = Resolution.parse(asked)
                .filter(r -> r == Resolution.REPLACEMENT || r == Resolution.EXCHANGE)
                .orElseThrow(() -> Refusal.rule(
                        "resolution_invalid",
                        "resolution must be replacement or exchange; money is granted by method",
                        "resolution"));
        PolicyDocument.ReturnRule rule = policy.ruleFor(current.request());
        if (!rule.resolutions().contains(resolution)) {
            throw Refusal.rule(
                    "resolution_not_offered",
                    "rule " + rule.id() + " offers "
                            + rule.resolutions().stream().map(Resolution::wire).toList() + ", not "
                            + resolution.wire(),
                    "resolution");
        }
        if (!policy.storeConnected()) {
            throw Refusal.rule(
                    "store_not_connected",
                    "a " + resolution.wire() + " is sent by the store's order system, which this stack is not "
                            + "connected to; approve money instead",
                    "resolution");
        }
        if (current.request().keepsItems()) {
            throw Refusal.rule(
                    "resolution_not_possible",
                    "the request keeps its items for a partial refund; goods are sent for whole lines only",
                    "resolution");
        }
        String exchangeSku = null;
        if (resolution == Resolution.EXCHANGE) {
            String variant = sku != null ? sku : current.request().exchangeSku();
            if (variant == null) {
                throw Refusal.malformed(
                        "parameter_missing",
                        "exchange_sku is required for an exchange: the variant to send",
                        "exchange_sku");
            }
            exchangeSku = RefundRequest.exchangeSku(variant, current.request().items());
        }
        Decision.Grant terms = grantFor(reviewer, current, method);
        return new Decision.Grant(
                        resolution,
                        resolution.wire() + " granted by " + reviewer.id() + ", offered by rule " + rule.id(),
                        terms.returnFirst(),
                        terms.returnDays(),
                        terms.returnShipping())
                .withFallback(Resolution.forMethod(method).orElse(Resolution.REFUND))
                .withExchangeSku(exchangeSku);
    }

    /** A person approving grants money by the method they chose; the rule's return terms still apply. */
    private Decision.Grant grantFor(Reviewers.Reviewer reviewer, RefundCase current, PayoutMethod method) {
        Decision.Grant proposed =
                com.refundpipeline.policy.Resolutions.grant(policy.ruleFor(current.request()), current.request());
        Resolution resolution = current.request().keepsItems()
                ? Resolution.KEEP_ITEM
                : Resolution.forMethod(method).orElse(proposed.resolution());
        String why = resolution == proposed.resolution()
                ? proposed.why() + "; approved by " + reviewer.id()
                : "approved by " + reviewer.id() + " as " + method.wire() + " (the rule would grant "
                        + proposed.resolution().wire() + ")";
        return new Decision.Grant(
                resolution, why, proposed.returnFirst(), proposed.returnDays(), proposed.returnShipping());
    }

    private static boolean isPerson(TimelineEvent move, String role) {
        return move.actor() != null && move.actor().startsWith(role);
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
