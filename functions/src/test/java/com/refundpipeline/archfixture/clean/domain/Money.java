package com.refundpipeline.archfixture.clean.domain;

/** The clean fixture: every dependency points the allowed way. */
public record Money(long minorUnits, String currency) {}
