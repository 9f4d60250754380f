package com.refundpipeline.archfixture.functions.review;

import com.refundpipeline.archfixture.functions.submit.CaseView;

/** Breaks function independence: review-case borrowing submit-refund's view of a case. */
public class ReviewDesk {

    public CaseView find(String caseId) {
        return new CaseView(caseId);
    }
}
