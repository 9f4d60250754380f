package com.refundpipeline.review;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** {@code POST /cases/{case_id}/notes}: an internal note, for staff only. */
@RegisterForReflection
public record NoteBody(String text) {}
