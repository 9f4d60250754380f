package com.refundpipeline.policy;

import com.refundpipeline.amount.AmountRules;
import com.refundpipeline.amount.RefundCalculator;
import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.Decision;
import com.refundpipeline.domain.PayoutMethod;
import com.refundpipeline.domain.RefundBreakdown;
import com.refundpipeline.domain.RefundRequest;
import com.refundpipeline.domain.Resolution;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The store's refund policy at one version: every validator looks at the case, and the strictest outcome any of
 * them demands wins (decline, then more evidence, then a hold, then a person); when all pass, the case is approved
 * for what the rule gives. The decision records every finding, the version and a hash of the inputs.
 */
public final class RefundPolicy {

    public static final String WITHIN_POLICY = "within_policy";
    public static final String DECIDED_BY = "policy";

    /**
     * Strictest first. A return comes last: when a person must look at the case anyway, they decide it, and their
     * approval of a grant that needs the item back authorizes the return.
     */
    private static final List<CaseStatus> PRECEDENCE = List.of(
            CaseStatus.DECLINED,
            CaseStatus.NEEDS_EVIDENCE,
            CaseStatus.ON_HOLD,
            CaseStatus.IN_REVIEW,
            CaseStatus.AWAITING_RETURN);

    // Package-private for ValidatorsTest, which checks each names its findings as it names itself.
    static final List<Validator> VALIDATORS = List.of(
            new OrderMatchValidator(),
            new PaidAmountCapValidator(),
            new ReturnWindowValidator(),
            new EvidenceValidator(),
            new ShipmentStateValidator(),
            new ResalableReturnValidator(),
            new AutomaticDecisionValidator(),
            new FrequentRefunderValidator(),
            new AutoApproveLimitValidator());

    private final PolicyDocument document;
    private final boolean storeConnected;

    public RefundPolicy(PolicyDocument document) {
        this(document, false);
    }

    private RefundPolicy(PolicyDocument document, boolean storeConnected) {
        this.document = Objects.requireNonNull(document);
        this.storeConnected = storeConnected;
    }

    /**
     * The same policy, able (or not) to grant replacement and exchange: they need the store's order system, which the
     * stack reaches through its event bus (ADR 0034).
     */
    public RefundPolicy withStoreConnection(boolean connected) {
        return new RefundPolicy(document, connected);
    }

    public boolean storeConnected() {
        return storeConnected;
    }

    /** The resolution this policy grants {@code request}, given whether the store is connected. */
    public Decision.Grant grantFor(RefundRequest request) {
        return Resolutions.grant(ruleFor(request), request, storeConnected);
    }

    /** The goods (replacement, exchange) a reviewer may grant {@code request} instead of money, in the rule's order. */
    public List<Resolution> goodsAPersonMayGrant(RefundRequest request) {
        return Resolutions.goodsAPersonMayGrant(ruleFor(request), request, storeConnected);
    }

    public static RefundPolicy of(String json) {
        return new RefundPolicy(PolicyReader.read(json));
    }

    public String version() {
        return document.version();
    }

    public PolicyDocument document() {
        return document;
    }

    public PolicyDocument.ReturnRule ruleFor(RefundRequest request) {
        return document.ruleFor(request.reason(), categories(request));
    }

    public Decision decide(PolicyInput input) {
        PolicyDocument.ReturnRule rule = ruleFor(input.request());
        Decision.Grant grant = Resolutions.grant(rule, input.request(), storeConnected);
        Validator.Proposal proposal = propose(input, rule, grant);
        Validator.Subject subject = new Validator.Subject(input, document, rule, proposal);
        List<Finding> findings = VALIDATORS.stream().map(v -> v.check(subject)).toList();
        Finding decisive = findings.stream()
                .filter(f -> !f.passed())
                .min(Comparator.comparingInt(f -> PRECEDENCE.indexOf(f.demands())))
                .orElse(null);
        List<Decision.Check> checks = findings.stream().map(Finding::toCheck).toList();
        String hash = input.hash();
        if (decisive == null) {
            // Goods granted: the store is asked to send them, and the amount is held (as for a return) for the
            // fallback the grant names, should the store be out of stock.
            return new Decision(
                    grant.sendsGoods() ? CaseStatus.REPLACEMENT_PENDING : CaseStatus.APPROVED,
                    proposal.amount(),
                    proposal.method(),
                    WITHIN_POLICY,
                    version(),
                    null,
                    (grant.sendsGoods()
                                    ? grant.resolution().wire() + " granted under rule " + rule.id()
                                            + "; should the store be out of stock, "
                                            + grant.fallback().wire()
                                            + ": "
                                    : "approved under rule " + rule.id() + ": ")
                            + proposal.breakdown(),
                    DECIDED_BY,
                    input.now(),
                    checks,
                    input.inputs(),
                    hash,
                    null,
                    proposal.lines(),
                    grant);
        }
        String explanation = switch (decisive.demands()) {
            case DECLINED, NEEDS_EVIDENCE -> decisive.customerText();
            // A person deciding sees what the rule would give, fee and shipping included.
            case IN_REVIEW, AWAITING_RETURN -> decisive.message() + "; the rule would give " + proposal.breakdown();
            default -> decisive.message();
        };
        // A return holds what the rule would give on the order (amount and units) until the parcel is inspected, so
        // the same units cannot be refunded twice meanwhile.
        boolean returning = decisive.demands() == CaseStatus.AWAITING_RETURN;
        // A decline grants nothing; any other outcome records what would be granted once the case goes through.
        return new Decision(
                decisive.demands(),
                returning ? proposal.amount() : null,
                returning ? proposal.method() : null,
                decisive.validator(),
                version(),
                decisive.declineCode(),
                explanation,
                DECIDED_BY,
                input.now(),
                checks,
                input.inputs(),
                hash,
                decisive.holdUntil(),
                returning ? proposal.lines() : null,
                decisive.demands() == CaseStatus.DECLINED ? null : grant);
    }

    /**
     * What the rule gives when everything passes, computed line by line by {@link RefundCalculator}: the lines asked
     * for with their shares of the order's discount and tax, less the rule's restocking fee, plus the shipping share
     * when the rule refunds shipping; never more than the order has left.
     */
    static Validator.Proposal propose(PolicyInput input, PolicyDocument.ReturnRule rule) {
        return propose(input, rule, Resolutions.grant(rule, input.refundCase().request()));
    }

    static Validator.Proposal propose(PolicyInput input, PolicyDocument.ReturnRule rule, Decision.Grant grant) {
        RefundRequest request = input.refundCase().request();
        RefundBreakdown lines =
                RefundCalculator.calculate(request, input.priorUnits(), input.refundable(), amountRules(rule));
        // The granted resolution names the method (refund: original payment; store credit; goods: their fallback's);
        // otherwise, as before, the customer's method when the rule allows it.
        PayoutMethod method = (grant.sendsGoods() ? grant.fallback() : grant.resolution())
                .payoutMethod()
                .filter(rule.methods()::contains)
                .orElse(
                        rule.methods().contains(request.preferredMethod())
                                ? request.preferredMethod()
                                : rule.methods().get(0));
        return new Validator.Proposal(lines.total(), method, RefundCalculator.describe(lines, method.wire()), lines);
    }

    /** The money part of a rule. */
    public static AmountRules amountRules(PolicyDocument.ReturnRule rule) {
        return new AmountRules(rule.restockingFeeBps(), rule.refundShipping());
    }

    private static Set<String> categories(RefundRequest request) {
        return request.items().stream()
                .map(i -> request.order().line(i.sku()))
                .filter(Objects::nonNull)
                .map(RefundRequest.OrderLine::category)
                .filter(Objects::nonNull)
                .collect(Collectors.toSet());
    }
}
