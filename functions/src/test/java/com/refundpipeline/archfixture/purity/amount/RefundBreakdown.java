package com.refundpipeline.archfixture.purity.amount;

public record RefundBreakdown(long total) {}
