package com.refundpipeline.localstack.aws;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A case item's {@code timeline} as the chaos run and the bench read it straight from DynamoDB Local: each event as
 * its fields ({@code at, type, from, to, actor, reason}), {@code at} in ISO-8601. The functions own the format (their
 * {@code store.dynamo.TimelineCodec}, ADR 0036 and 0037): one string an event, {@code at|type|from|to|actor|reason}, a
 * {@code \} escaping a {@code |} or {@code \} in a field, an empty field for a missing one and an empty type for a
 * plain move ({@code case.<to>}). Since ADR 0037 {@code at} is nanoseconds since the epoch in base 36, and a plain
 * move's empty {@code from} is the {@code to} of the plain move before it; an event with an ISO time is from before
 * (its empty {@code from} a missing one), and items older still are a map an event. This module does not depend on
 * the functions, so it reads the format here; {@code CaseTimelineTest} pins it against strings the codec wrote.
 */
public final class CaseTimeline {

    private static final String[] FIELDS = {"at", "type", "from", "to", "actor", "reason"};

    private CaseTimeline() {}

    /** The item's events, in order, with the fields they carry; empty when it has no timeline. */
    public static List<Map<String, String>> events(Map<String, AttributeValue> item) {
        AttributeValue timeline = item.get("timeline");
        List<Map<String, String>> events = new ArrayList<>();
        if (timeline == null || !timeline.hasL()) {
            return events;
        }
        String lastMoveTo = null;
        for (AttributeValue e : timeline.l()) {
            Map<String, String> event = e.s() != null ? event(e.s(), lastMoveTo) : old(e.m());
            if (("case." + event.get("to")).equals(event.get("type"))) {
                lastMoveTo = event.get("to");
            }
            events.add(event);
        }
        return events;
    }

    /** One stored event; {@code lastMoveTo} is where the plain move before it left the case (null: none). */
    static Map<String, String> event(String text, String lastMoveTo) {
        List<String> values = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\\' && i + 1 < text.length()) {
                current.append(text.charAt(++i));
            } else if (c == '|') {
                values.add(current.toString());
                current.setLength(0);
            } else {
                current.append(c);
            }
        }
        values.add(current.toString());
        if (values.size() != FIELDS.length) {
            throw new IllegalArgumentException("not a timeline event: " + text);
        }
        Map<String, String> event = new LinkedHashMap<>();
        for (int i = 0; i < FIELDS.length; i++) {
            if (!values.get(i).isEmpty()) {
                event.put(FIELDS[i], values.get(i));
            }
        }
        boolean compact = values.get(0).indexOf('-') < 0;
        if (compact) {
            event.put(
                    "at",
                    Instant.ofEpochSecond(0, Long.parseLong(values.get(0), 36)).toString());
        }
        if (compact && !event.containsKey("type") && !event.containsKey("from") && lastMoveTo != null) {
            event.put("from", lastMoveTo);
        }
        event.putIfAbsent("type", "case." + event.get("to"));
        return event;
    }

    private static Map<String, String> old(Map<String, AttributeValue> m) {
        Map<String, String> event = new LinkedHashMap<>();
        m.forEach((k, v) -> event.put(k, v.s() != null ? v.s() : v.n()));
        return event;
    }
}
