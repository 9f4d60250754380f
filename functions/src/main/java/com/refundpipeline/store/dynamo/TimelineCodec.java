package com.refundpipeline.store.dynamo;

import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.TimelineEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The one place that writes and reads a case item's {@code timeline} (ADR 0036, ADR 0037). Each event is one string,
 * {@code at|type|from|to|actor|reason}, with {@code \} escaping a {@code |} or a {@code \} inside a field, an empty
 * type for a plain move ({@code case.<to>}) and an empty field for a missing {@code reason}.
 *
 * <p>Since ADR 0037 {@code at} is the instant's nanoseconds since the epoch in base 36 (12 characters instead of the
 * 30 of ISO-8601), and a plain move's empty {@code from} is the {@code to} of the plain move before it (none before
 * it: the case opened, no {@code from}): a move's {@code from} is always the status the previous move left, as every
 * move is one conditional write on the case's version. Events written before keep their ISO time, and in them an empty
 * {@code from} is a missing one; items older still keep their maps (ADR 0003). A timeline may hold all three, and all
 * read. The local stack reads the same format ({@code localstack.aws.CaseTimeline}).
 */
public final class TimelineCodec {

    private static final char SEPARATOR = '|';
    private static final char ESCAPE = '\\';
    private static final int FIELDS = 6;
    private static final int RADIX = 36;
    private static final long NANOS = 1_000_000_000L;
    /** The type of a plain move, followed by the status it moved to (RefundCase.move). */
    private static final String MOVE = "case.";

    private TimelineCodec() {}

    /**
     * A note, escalation, call or other event that is not a move, as the case item stores it. A plain move is encoded
     * with the timeline it follows ({@link #encode(TimelineEvent, List)}), which its {@code from} depends on.
     */
    public static AttributeValue encode(TimelineEvent event) {
        return isMove(event) ? encode(event, null) : AttributeValue.fromS(write(event, false, compactTime(event.at())));
    }

    /**
     * The event as the case item stores it, appended after {@code before} (the timeline as stored when the write is
     * made: a move is conditional on the version it read, so nothing that moves the case comes in between; null when
     * not known, then a move keeps its {@code from}).
     */
    public static AttributeValue encode(TimelineEvent event, List<TimelineEvent> before) {
        String at = compactTime(event.at());
        if (at == null) {
            return AttributeValue.fromS(write(event, false, event.at().toString()));
        }
        if (!isMove(event)) {
            return AttributeValue.fromS(write(event, false, at));
        }
        if (before == null) {
            // Its from unknown: the ISO form, in which the from is written as it is (an empty one is a missing one).
            return AttributeValue.fromS(write(event, false, event.at().toString()));
        }
        CaseStatus previous = lastMoveTo(before);
        if (event.from() == previous) {
            return AttributeValue.fromS(write(event, true, at));
        }
        if (event.from() == null) {
            return AttributeValue.fromS(write(event, false, event.at().toString()));
        }
        return AttributeValue.fromS(write(event, false, at));
    }

    /** A whole timeline, as a case item written at once (a case opened, a test's seed) stores it. */
    public static List<AttributeValue> encodeAll(List<TimelineEvent> timeline) {
        List<AttributeValue> stored = new ArrayList<>(timeline.size());
        for (int i = 0; i < timeline.size(); i++) {
            stored.add(encode(timeline.get(i), timeline.subList(0, i)));
        }
        return stored;
    }

    /** A case item's whole timeline, in order; empty when the item has none. */
    public static List<TimelineEvent> decodeAll(Map<String, AttributeValue> caseItem) {
        AttributeValue timeline = caseItem.get("timeline");
        if (timeline == null || !timeline.hasL()) {
            return List.of();
        }
        List<TimelineEvent> events = new ArrayList<>(timeline.l().size());
        CaseStatus lastMoveTo = null;
        for (AttributeValue value : timeline.l()) {
            TimelineEvent event = decode(value, lastMoveTo);
            if (isMove(event)) {
                lastMoveTo = event.to();
            }
            events.add(event);
        }
        return events;
    }

    /**
     * The event from its stored value: a string (this layout, or ADR 0036's with an ISO time) or a map (the layout
     * before ADR 0036); {@code lastMoveTo} is where the plain move before it left the case.
     */
    static TimelineEvent decode(AttributeValue value, CaseStatus lastMoveTo) {
        if (value.s() != null) {
            List<String> f = split(value.s());
            if (f.size() != FIELDS) {
                throw new IllegalArgumentException("not a timeline event: " + value.s());
            }
            boolean compact = f.get(0).indexOf('-') < 0;
            CaseStatus to = CaseStatus.fromWire(f.get(3));
            boolean move = f.get(1).isEmpty();
            CaseStatus from =
                    f.get(2).isEmpty() ? (compact && move ? lastMoveTo : null) : CaseStatus.fromWire(f.get(2));
            return new TimelineEvent(
                    compact ? fromCompact(f.get(0)) : Instant.parse(f.get(0)),
                    move ? MOVE + to.wire() : f.get(1),
                    from,
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

    /** A plain move: the type is {@code case.<to>} ({@code RefundCase.moveTo}). */
    private static boolean isMove(TimelineEvent event) {
        return (MOVE + event.to().wire()).equals(event.type());
    }

    private static CaseStatus lastMoveTo(List<TimelineEvent> before) {
        for (int i = before.size() - 1; i >= 0; i--) {
            if (isMove(before.get(i))) {
                return before.get(i).to();
            }
        }
        return null;
    }

    /** Nanoseconds since the epoch in base 36; null before the epoch or after 2262 (then the ISO form is written). */
    static String compactTime(Instant at) {
        if (at.getEpochSecond() < 0) {
            return null;
        }
        try {
            return Long.toString(Math.addExact(Math.multiplyExact(at.getEpochSecond(), NANOS), at.getNano()), RADIX);
        } catch (ArithmeticException tooLate) {
            return null;
        }
    }

    private static Instant fromCompact(String at) {
        return Instant.ofEpochSecond(0, Long.parseLong(at, RADIX));
    }

    private static String write(TimelineEvent event, boolean fromAsBefore, String at) {
        StringBuilder out = new StringBuilder(80);
        field(out, at);
        out.append(SEPARATOR);
        // A plain move's type is "case.<to>": left empty, the reader puts it back.
        field(out, isMove(event) ? "" : event.type());
        out.append(SEPARATOR);
        field(out, fromAsBefore || event.from() == null ? "" : event.from().wire());
        out.append(SEPARATOR);
        field(out, event.to().wire());
        out.append(SEPARATOR);
        field(out, event.actor());
        out.append(SEPARATOR);
        field(out, event.reason());
        return out.toString();
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
