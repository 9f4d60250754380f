package com.refundpipeline.archfixture.clean.cases;

import com.refundpipeline.archfixture.clean.domain.Money;

public record CaseView(String caseId, Money requested) {}
