package com.refundpipeline.archfixture.clean.submit;

import com.refundpipeline.archfixture.clean.cases.CaseView;
import com.refundpipeline.archfixture.clean.domain.Money;
import io.quarkus.funqy.Funq;

public class SubmitRefundFunction {

    @Funq("submit-refund")
    public CaseView submit(String caseId) {
        return new CaseView(caseId, new Money(100, "EUR"));
    }
}
