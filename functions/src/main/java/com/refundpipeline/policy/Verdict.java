package com.refundpipeline.policy;

import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.DeclineCode;

/** A rule's conclusion: the outcome it demands and, in plain words, why. */
public record Verdict(String rule, CaseStatus outcome, DeclineCode declineCode, String why) {

    public static Verdict approve(String rule, String why) {
        return new Verdict(rule, CaseStatus.APPROVED, null, why);
    }

    public static Verdict decline(String rule, DeclineCode code, String why) {
        return new Verdict(rule, CaseStatus.DECLINED, code, why);
    }

    public static Verdict askForEvidence(String rule, String why) {
        return new Verdict(rule, CaseStatus.NEEDS_EVIDENCE, null, why);
    }

    public static Verdict review(String rule, String why) {
        return new Verdict(rule, CaseStatus.IN_REVIEW, null, why);
    }
}
