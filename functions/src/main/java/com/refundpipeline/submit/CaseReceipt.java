package com.refundpipeline.submit;

import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.Readable;
import com.refundpipeline.domain.RefundCase;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/** The immediate answer to a refund request: the case, where it stands, and what the customer was promised. */
@RegisterForReflection
public record CaseReceipt(
        String caseId,
        CaseStatus status,
        long requestedAmount,
        String currency,
        Instant resolutionDueAt,
        String nextStep) {

    static CaseReceipt of(RefundCase refundCase) {
        return new CaseReceipt(
                refundCase.caseId(),
                refundCase.status(),
                refundCase.requestedAmount(),
                refundCase.currency(),
                refundCase.resolutionDueAt(),
                "We are checking the request against the order and the refund policy. The customer hears from us "
                        + "at every step, and the money is promised by "
                        + Readable.time(refundCase.resolutionDueAt()) + ".");
    }
}
