package com.refundpipeline.review;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code POST /cases/{case_id}/calls}: a phone call attempt to the customer and its outcome (reached, no_answer,
 * voicemail, wrong_number), with an optional note.
 */
@RegisterForReflection
public record CallBody(String outcome, String note) {}
