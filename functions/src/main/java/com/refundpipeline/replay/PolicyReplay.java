package com.refundpipeline.replay;

import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.Decision;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.Resolution;
import com.refundpipeline.policy.PolicyInput;
import com.refundpipeline.policy.RefundPolicy;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Re-decides past cases under another policy version on the facts each decision recorded (its inputs), and says
 * what would change, including the resolution granted. Pure: it reads cases it is given and writes nothing. The
 * policy given says whether the store's order system is connected ({@link RefundPolicy#withStoreConnection}); without
 * it (the replay command's default) replacement and exchange fall through to the rule's next resolution, exactly as
 * {@code Resolutions.grant} does for a stack without the store, and the line says so.
 */
public final class PolicyReplay {

    /** One case: what was decided, what the policy under test decides, and whether that differs. */
    public record Line(
            String caseId,
            String reason,
            String currency,
            String decidedBy,
            String beforeVersion,
            String beforeOutcome,
            Long beforeAmount,
            String beforeMethod,
            String beforeRule,
            String beforeResolution,
            String afterOutcome,
            Long afterAmount,
            String afterMethod,
            String afterRule,
            String afterResolution,
            String afterGrant,
            boolean storeConnected,
            boolean changed,
            boolean inputsRecorded,
            boolean sameInputs) {}

    public record Report(String policyVersion, int cases, int changed, List<Line> lines) {}

    private PolicyReplay() {}

    public static Report replay(RefundPolicy policy, List<RefundCase> cases) {
        List<Line> lines = new ArrayList<>();
        int changed = 0;
        for (RefundCase c : cases) {
            Decision before = c.decision();
            if (before == null) {
                continue;
            }
            boolean recorded = before.inputs() != null;
            // Decisions made before inputs were recorded: assume the order had nothing else committed and the
            // customer no other refunds, and say so in the line.
            Decision.Inputs inputs = recorded
                    ? before.inputs()
                    : new Decision.Inputs(
                            c.currency(),
                            c.request().order().capturedAmount(),
                            0,
                            0,
                            before.decidedAt() != null ? before.decidedAt() : c.createdAt());
            PolicyInput input = new PolicyInput(c, inputs);
            Decision after = policy.decide(input);
            // A case a person decided reached them because the policy asked for one: it changes when the policy
            // under test would no longer ask.
            boolean reviewed = before.decidedBy() != null && before.decidedBy().startsWith("reviewer:");
            boolean differs = reviewed
                    ? after.outcome() != CaseStatus.IN_REVIEW
                    : before.outcome() != after.outcome()
                            || !Objects.equals(before.amount(), after.amount())
                            || before.method() != after.method()
                            || !Objects.equals(resolution(before), resolution(after));
            if (differs) {
                changed++;
            }
            lines.add(new Line(
                    c.caseId(),
                    c.request().reason().wire(),
                    c.currency(),
                    before.decidedBy(),
                    before.policyVersion(),
                    before.outcome().wire(),
                    before.amount(),
                    before.method() == null ? null : before.method().wire(),
                    before.rule(),
                    before.grant() == null ? null : before.grant().resolution().wire(),
                    after.outcome().wire(),
                    after.amount(),
                    after.method() == null ? null : after.method().wire(),
                    after.rule(),
                    after.grant() == null ? null : after.grant().resolution().wire(),
                    after.grant() == null ? null : after.grant().why(),
                    policy.storeConnected(),
                    differs,
                    recorded,
                    recorded && Objects.equals(before.inputsHash(), after.inputsHash())));
        }
        return new Report(policy.version(), lines.size(), changed, List.copyOf(lines));
    }

    private static Resolution resolution(Decision d) {
        return d.grant() == null ? null : d.grant().resolution();
    }
}
