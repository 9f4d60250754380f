package com.refundpipeline.policy;

import java.util.Optional;

import com.refundpipeline.domain.RefundRequest;

/** Merchant-fault reasons (damaged, wrong item, quality defect, not as described) are approved only on a photo. */
final class PhotoEvidenceRule implements PolicyRule {

    static final String NAME = "photo_evidence";

    @Override
    public Optional<Verdict> evaluate(PolicyInput input) {
        RefundRequest request = input.refundCase().request();
        if (request.reason().needsPhotoEvidence() && request.photoCount() == 0) {
            return Optional.of(Verdict.askForEvidence(NAME,
                    "a photo of the problem is needed for reason " + request.reason().wire()));
        }
        return Optional.empty();
    }
}
