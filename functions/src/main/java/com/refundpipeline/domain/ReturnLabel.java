package com.refundpipeline.domain;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** A prepaid return label a carrier sold: carrier, tracking code, printable URL, and cost in minor units. */
@RegisterForReflection
public record ReturnLabel(String carrier, String trackingCode, String labelUrl, long cost, String currency) {}
