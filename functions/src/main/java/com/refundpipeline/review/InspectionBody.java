package com.refundpipeline.review;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;

/**
 * A received return, inspected: per line the sku, the units received, their condition ({@code resalable},
 * {@code damaged}, {@code wrong_item}, {@code missing}) and disposition ({@code restock}, {@code dispose}), with an
 * optional note.
 */
@RegisterForReflection
public record InspectionBody(List<Line> lines, String note) {

    @RegisterForReflection
    public record Line(String sku, Long received, String condition, String disposition) {}
}
