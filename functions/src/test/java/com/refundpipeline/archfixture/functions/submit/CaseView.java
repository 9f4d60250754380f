package com.refundpipeline.archfixture.functions.submit;

public record CaseView(String caseId) {}
