package com.refundpipeline.pay;

import com.refundpipeline.messaging.CaseMessage;
import com.refundpipeline.messaging.QueueConsumer;
import com.refundpipeline.payout.PayoutIssuer;
import io.quarkus.funqy.Funq;

/** issue-payout, fed by the payout queue: one approved case per record. */
public class IssuePayoutFunction {

    private final PayoutIssuer issuer;

    public IssuePayoutFunction(PayoutIssuer issuer) {
        this.issuer = issuer;
    }

    @Funq("issue-payout")
    public void issuePayout(CaseMessage message) {
        QueueConsumer.consume("issue-payout", message, CaseMessage.Type.PAYOUT_REQUESTED, m -> issuer.pay(m.caseId()));
    }
}
