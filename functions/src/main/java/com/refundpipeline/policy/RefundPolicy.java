package com.refundpipeline.policy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.refundpipeline.domain.Decision;
import com.refundpipeline.domain.PayoutMethod;
import com.refundpipeline.domain.RefundCase;

/**
 * The store's refund policy: rules asked in order, the first that decides wins; a case no rule stops is approved
 * for what was requested. The version is recorded on every decision so it can be explained and replayed.
 */
public final class RefundPolicy {

    public static final String WITHIN_POLICY = "within_policy";

    private final String version;
    private final List<PolicyRule> rules;

    public RefundPolicy(String version, Duration returnWindow, long autoApproveLimit) {
        this.version = version;
        this.rules = List.of(
                new OrderCapRule(),
                new ReturnWindowRule(returnWindow),
                new PhotoEvidenceRule(),
                new ShipmentStateRule(),
                new PersonNeededRule(),
                new AutoApproveLimitRule(autoApproveLimit));
    }

    public String version() {
        return version;
    }

    public Decision decide(PolicyInput input) {
        Verdict verdict = rules.stream()
                .map(rule -> rule.evaluate(input))
                .flatMap(Optional::stream)
                .findFirst()
                .orElse(Verdict.approve(WITHIN_POLICY, "within the return window, evidence complete, under the limit"));
        return toDecision(input, verdict);
    }

    private Decision toDecision(PolicyInput input, Verdict verdict) {
        RefundCase refundCase = input.refundCase();
        return switch (verdict.outcome()) {
            case APPROVED -> {
                PayoutMethod method = refundCase.request().preferredMethod();
                yield new Decision(verdict.outcome(), refundCase.requestedAmount(), method, verdict.rule(), version,
                        null, verdict.why(), "policy", input.now());
            }
            case DECLINED -> new Decision(verdict.outcome(), null, null, verdict.rule(), version,
                    verdict.declineCode(), verdict.declineCode().explanation(), "policy", input.now());
            default -> new Decision(verdict.outcome(), null, null, verdict.rule(), version, null, verdict.why(),
                    "policy", input.now());
        };
    }
}
