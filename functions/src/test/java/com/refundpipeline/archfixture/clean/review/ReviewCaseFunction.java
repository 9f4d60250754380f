package com.refundpipeline.archfixture.clean.review;

import com.refundpipeline.archfixture.clean.cases.CaseView;
import io.quarkus.funqy.Funq;

public class ReviewCaseFunction {

    @Funq("review-case")
    public CaseView review(String caseId) {
        return new CaseView(caseId, null);
    }
}
