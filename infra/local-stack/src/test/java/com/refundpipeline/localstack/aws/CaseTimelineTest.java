package com.refundpipeline.localstack.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The timeline as the functions' TimelineCodec writes it (strings) and as items written before hold it (maps). */
class CaseTimelineTest {

    @Test
    void readsTheStringsTheFunctionsWriteAndTheMapsOfOlderItems() {
        Map<String, AttributeValue> item = Map.of(
                "timeline",
                AttributeValue.fromL(List.of(
                        AttributeValue.fromM(Map.of(
                                "at", AttributeValue.fromS("2026-11-30T10:00:00Z"),
                                "type", AttributeValue.fromS("case.received"),
                                "to", AttributeValue.fromS("received"),
                                "actor", AttributeValue.fromS("storefront"))),
                        AttributeValue.fromS("2026-11-30T10:00:01Z||received|approved|policy:v2|"),
                        AttributeValue.fromS(
                                "2026-11-30T10:00:02Z|case.note|approved|approved|operator:a\\|b|why \\\\ \\| not"))));

        List<Map<String, String>> events = CaseTimeline.events(item);

        assertEquals("received", events.get(0).get("to"));
        assertEquals("case.approved", events.get(1).get("type"));
        assertEquals("received", events.get(1).get("from"));
        assertEquals("policy:v2", events.get(1).get("actor"));
        assertEquals(null, events.get(1).get("reason"));
        assertEquals("operator:a|b", events.get(2).get("actor"));
        assertEquals("why \\ | not", events.get(2).get("reason"));
        assertEquals("2026-11-30T10:00:02Z", events.get(2).get("at"));
    }
}
