package com.refundpipeline.policy;

import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.Decision;
import com.refundpipeline.domain.DeclineCode;
import java.time.Instant;

/**
 * What one validator found. A failed finding demands an outcome (decline, more evidence, hold, a person) and says
 * why for the record; {@code customerText} is what the customer reads when this finding decides the case.
 */
public record Finding(
        String validator,
        boolean passed,
        CaseStatus demands,
        DeclineCode declineCode,
        String message,
        String customerText,
        Instant holdUntil) {

    static Finding pass(String validator, String message) {
        return new Finding(validator, true, null, null, message, null, null);
    }

    static Finding decline(String validator, DeclineCode code, String message) {
        return new Finding(validator, false, CaseStatus.DECLINED, code, message, code.explanation(), null);
    }

    static Finding askForEvidence(String validator, String message, String customerText) {
        return new Finding(validator, false, CaseStatus.NEEDS_EVIDENCE, null, message, customerText, null);
    }

    static Finding hold(String validator, Instant until, String message) {
        return new Finding(validator, false, CaseStatus.ON_HOLD, null, message, null, until);
    }

    /** Frequent refunders, unusual amounts and anything odd go to a person: never an automatic no. */
    static Finding review(String validator, String message) {
        return new Finding(validator, false, CaseStatus.IN_REVIEW, null, message, null, null);
    }

    /** The item must come back and be inspected before anything is paid: a return is authorized. */
    static Finding awaitReturn(String validator, String message) {
        return new Finding(validator, false, CaseStatus.AWAITING_RETURN, null, message, null, null);
    }

    Decision.Check toCheck() {
        return new Decision.Check(validator, passed, demands, message);
    }
}
