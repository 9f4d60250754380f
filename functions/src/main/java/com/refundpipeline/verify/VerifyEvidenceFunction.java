package com.refundpipeline.verify;

import com.refundpipeline.messaging.CaseMessage;
import com.refundpipeline.messaging.QueueConsumer;
import io.quarkus.funqy.Funq;

/**
 * verify-evidence, fed by the verify queue. Funqy hands each SQS record's body here; an exception reports that
 * record in batchItemFailures, so one bad message never holds back the rest of its batch.
 */
public class VerifyEvidenceFunction {

    private final EvidenceVerifier verifier;

    public VerifyEvidenceFunction(EvidenceVerifier verifier) {
        this.verifier = verifier;
    }

    @Funq("verify-evidence")
    public void verifyEvidence(CaseMessage message) {
        QueueConsumer.consume(
                "verify-evidence", message, CaseMessage.Type.VERIFICATION_REQUESTED, m -> verifier.verify(m.caseId()));
    }
}
