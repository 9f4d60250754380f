package com.refundpipeline.store.dynamo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.TimelineEvent;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The compact timeline (ADR 0036): what is written reads back as it was, and the strings are the ones the local
 * stack's CaseTimelineTest reads, so the two modules agree on the format.
 */
class TimelineCodecTest {

    private static final Instant AT = Instant.parse("2026-11-30T10:00:01Z");

    @Test
    void aPlainMoveIsWrittenWithoutItsTypeAndReadsBackWhole() {
        TimelineEvent move =
                new TimelineEvent(AT, "case.approved", CaseStatus.RECEIVED, CaseStatus.APPROVED, "policy:v2", null);
        AttributeValue stored = TimelineCodec.encode(move);
        assertEquals("2026-11-30T10:00:01Z||received|approved|policy:v2|", stored.s());
        assertEquals(move, TimelineCodec.decode(stored));
    }

    @Test
    void separatorsAndEscapesInsideFieldsSurvive() {
        TimelineEvent note = new TimelineEvent(
                Instant.parse("2026-11-30T10:00:02Z"),
                "case.note",
                CaseStatus.APPROVED,
                CaseStatus.APPROVED,
                "operator:a|b",
                "why \\ | not");
        AttributeValue stored = TimelineCodec.encode(note);
        assertEquals("2026-11-30T10:00:02Z|case.note|approved|approved|operator:a\\|b|why \\\\ \\| not", stored.s());
        assertEquals(note, TimelineCodec.decode(stored));
    }

    @Test
    void anItemWrittenBeforeReadsWithItsMapsAndNewEventsAppendedAsStrings() {
        TimelineEvent received = new TimelineEvent(AT, "case.received", null, CaseStatus.RECEIVED, "storefront", null);
        Map<String, AttributeValue> item = Map.of(
                "timeline",
                AttributeValue.fromL(List.of(
                        AttributeValue.fromM(Map.of(
                                "at", AttributeValue.fromS(AT.toString()),
                                "type", AttributeValue.fromS("case.received"),
                                "to", AttributeValue.fromS("received"),
                                "actor", AttributeValue.fromS("storefront"))),
                        TimelineCodec.encode(received))));
        assertEquals(List.of(received, received), TimelineCodec.decodeAll(item));
    }
}
