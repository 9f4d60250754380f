package com.refundpipeline.domain;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/**
 * The store's word that it shipped a replacement or exchange: the carrier and tracking code the customer is told, and
 * when the store says it shipped. Recorded on the grant by the move to {@code replaced}.
 */
@RegisterForReflection
public record ReplacementShipment(String carrier, String trackingCode, Instant shippedAt) {}
