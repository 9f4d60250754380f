package com.refundpipeline.archfixture.purity.domain;

import com.refundpipeline.archfixture.purity.amount.RefundBreakdown;

/** Breaks domain purity: a domain value that carries a type of the amount package. */
public record Decision(String outcome, RefundBreakdown breakdown) {}
