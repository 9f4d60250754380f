package com.refundpipeline.domain;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;

/** One step in a case's life, kept for audit: who moved it from where to where, and why. */
@RegisterForReflection
public record TimelineEvent(Instant at, String type, CaseStatus from, CaseStatus to, String actor, String reason) {}
