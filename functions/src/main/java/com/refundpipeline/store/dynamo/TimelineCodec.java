package com.refundpipeline.store.dynamo;

import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.TimelineEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The one place that writes and reads a case item's {@code timeline} (ADR 0036). Each event is one string,
 * {@code at|type|from|to|actor|reason}, with {@code \} escaping a {@code |} or a {@code \} inside a field, an
 * empty field for a missing {@code from} or {@code reason}, and an empty type for a plain move ({@code case.<to>}): about 70 bytes an event where the six-attribute map
 * (ADR 0003) cost about 110, which keeps the case item under 1 KB and each move at one write unit. Items written
 * before keep their maps; a timeline may hold both, and both read.
 */
public final class TimelineCodec {

    private static final char SEPARATOR = '|';
    private static final char ESCAPE = '\\';
    private static final int FIELDS = 6;
    /** The type of a plain move, followed by the status it moved to (RefundCase.move). */
    private static final String MOVE = "case.";

    private TimelineCodec() {}

    /** The event as the case item stores it. */
    public static AttributeValue encode(TimelineEvent event) {
        StringBuilder out = new StringBuilder(96);
        field(out, event.at().toString());
        out.append(SEPARATOR);
        // A plain move's type is "case.<to>": left empty, the reader puts it back.
        field(out, (MOVE + event.to().wire()).equals(event.type()) ? "" : event.type());
        out.append(SEPARATOR);
        field(out, event.from() == null ? "" : event.from().wire());
        out.append(SEPARATOR);
        field(out, event.to().wire());
        out.append(SEPARATOR);
        field(out, event.actor());
        out.append(SEPARATOR);
        field(out, event.reason());
        return AttributeValue.fromS(out.toString());
    }

    /** The event from its stored value: a string (this layout) or a map (the layout before ADR 0036). */
    public static TimelineEvent decode(AttributeValue value) {
        if (value.s() != null) {
            List<String> f = split(value.s());
            if (f.size() != FIELDS) {
                throw new IllegalArgumentException("not a timeline event: " + value.s());
            }
            CaseStatus to = CaseStatus.fromWire(f.get(3));
            return new TimelineEvent(
                    Instant.parse(f.get(0)),
                    f.get(1).isEmpty() ? MOVE + to.wire() : f.get(1),
                    f.get(2).isEmpty() ? null : CaseStatus.fromWire(f.get(2)),
                    to,
                    f.get(4),
                    f.get(5).isEmpty() ? null : f.get(5));
        }
        Map<String, AttributeValue> m = value.m();
        String from = Attributes.string(m, "from");
        return new TimelineEvent(
                Attributes.instant(m, "at"),
                Attributes.string(m, "type"),
                from == null ? null : CaseStatus.fromWire(from),
                CaseStatus.fromWire(Attributes.string(m, "to")),
                Attributes.string(m, "actor"),
                Attributes.string(m, "reason"));
    }

    /** A case item's whole timeline, in order; empty when the item has none. */
    public static List<TimelineEvent> decodeAll(Map<String, AttributeValue> caseItem) {
        AttributeValue timeline = caseItem.get("timeline");
        if (timeline == null || !timeline.hasL()) {
            return List.of();
        }
        return timeline.l().stream().map(TimelineCodec::decode).toList();
    }

    private static void field(StringBuilder out, String value) {
        if (value == null) {
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == SEPARATOR || c == ESCAPE) {
                out.append(ESCAPE);
            }
            out.append(c);
        }
    }

    private static List<String> split(String text) {
        List<String> fields = new ArrayList<>(FIELDS);
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == ESCAPE && i + 1 < text.length()) {
                current.append(text.charAt(++i));
            } else if (c == SEPARATOR) {
                fields.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        fields.add(current.toString());
        return fields;
    }
}
