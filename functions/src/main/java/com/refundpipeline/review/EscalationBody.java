package com.refundpipeline.review;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code POST /cases/{case_id}/escalations}: hand the case to a higher authority tier with a note; {@code tier} is
 * optional (the next tier up).
 */
@RegisterForReflection
public record EscalationBody(String tier, String note) {}
