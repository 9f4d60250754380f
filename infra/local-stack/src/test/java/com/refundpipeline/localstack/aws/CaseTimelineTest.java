package com.refundpipeline.localstack.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The timeline as the functions' TimelineCodec writes it (compact strings, ADR 0037), and as items written before hold
 * it (ISO-timed strings, ADR 0036; maps).
 */
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

    @Test
    void readsCompactTimesAndPutsBackTheFromThePreviousMoveLeft() {
        // TimelineCodecTest's strings: received, approved, a note, payout_pending.
        Map<String, AttributeValue> item = Map.of(
                "timeline",
                AttributeValue.fromL(List.of(
                        AttributeValue.fromS("dn8ghpvjaps0|||received|storefront|refund requested: damaged"),
                        AttributeValue.fromS("dn8ghqc2o6ps|||approved|policy:v2|"),
                        AttributeValue.fromS(
                                "dn8ghqsm1nnk|case.note|approved|approved|operator:a\\|b|why \\\\ \\| not"),
                        AttributeValue.fromS("dn8ghr95f4lc|||payout_pending|issue-payout|"),
                        AttributeValue.fromS("dn8ghqe46al1||verifying|approved|policy:v2|"))));

        List<Map<String, String>> events = CaseTimeline.events(item);

        assertEquals("2026-11-30T10:00:00Z", events.get(0).get("at"));
        assertEquals(null, events.get(0).get("from"));
        assertEquals("case.received", events.get(0).get("type"));
        assertEquals("received", events.get(1).get("from"));
        assertEquals("2026-11-30T10:00:01Z", events.get(1).get("at"));
        assertEquals("approved", events.get(2).get("from"));
        assertEquals("case.note", events.get(2).get("type"));
        assertEquals("approved", events.get(3).get("from"));
        assertEquals("payout_pending", events.get(3).get("to"));
        assertEquals("2026-11-30T10:00:03Z", events.get(3).get("at"));
        assertEquals("verifying", events.get(4).get("from"));
        assertEquals("2026-11-30T10:00:01.123456789Z", events.get(4).get("at"));
    }
}
