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
 * The compact timeline (ADR 0036, ADR 0037): what is written reads back as it was, and the strings are the ones the
 * local stack's CaseTimelineTest reads, so the two modules agree on the format.
 */
class TimelineCodecTest {

    private static final Instant AT = Instant.parse("2026-11-30T10:00:01Z");
    private static final TimelineEvent RECEIVED = new TimelineEvent(
            Instant.parse("2026-11-30T10:00:00Z"),
            "case.received",
            null,
            CaseStatus.RECEIVED,
            "storefront",
            "refund requested: damaged");
    private static final TimelineEvent APPROVED =
            new TimelineEvent(AT, "case.approved", CaseStatus.RECEIVED, CaseStatus.APPROVED, "policy:v2", null);

    private static Map<String, AttributeValue> item(List<AttributeValue> timeline) {
        return Map.of("timeline", AttributeValue.fromL(timeline));
    }

    @Test
    void aMoveLeavesOutItsTypeAndTheFromThePreviousMoveLeftAndReadsBackWhole() {
        List<AttributeValue> stored = TimelineCodec.encodeAll(List.of(RECEIVED, APPROVED));
        assertEquals(
                "dn8ghpvjaps0|||received|storefront|refund requested: damaged",
                stored.get(0).s());
        assertEquals("dn8ghqc2o6ps|||approved|policy:v2|", stored.get(1).s());
        assertEquals(List.of(RECEIVED, APPROVED), TimelineCodec.decodeAll(item(stored)));
        // A move appended to the timeline as read is the same string.
        assertEquals(stored.get(1), TimelineCodec.encode(APPROVED, List.of(RECEIVED)));
    }

    @Test
    void theTimeKeepsItsNanoseconds() {
        TimelineEvent precise = new TimelineEvent(
                Instant.parse("2026-11-30T10:00:01.123456789Z"),
                "case.approved",
                CaseStatus.RECEIVED,
                CaseStatus.APPROVED,
                "policy:v2",
                null);
        List<AttributeValue> stored = TimelineCodec.encodeAll(List.of(RECEIVED, precise));
        assertEquals("dn8ghqe46al1|||approved|policy:v2|", stored.get(1).s());
        assertEquals(precise, TimelineCodec.decodeAll(item(stored)).get(1));
    }

    @Test
    void aFromOtherThanThePreviousMovesToIsWritten() {
        TimelineEvent skipped =
                new TimelineEvent(AT, "case.approved", CaseStatus.VERIFYING, CaseStatus.APPROVED, "policy:v2", null);
        List<AttributeValue> stored = TimelineCodec.encodeAll(List.of(RECEIVED, skipped));
        assertEquals(
                "dn8ghqc2o6ps||verifying|approved|policy:v2|", stored.get(1).s());
        assertEquals(skipped, TimelineCodec.decodeAll(item(stored)).get(1));
    }

    @Test
    void notesBetweenMovesDoNotChangeWhatAMovesFromIs() {
        TimelineEvent note = new TimelineEvent(
                Instant.parse("2026-11-30T10:00:02Z"),
                "case.note",
                CaseStatus.APPROVED,
                CaseStatus.APPROVED,
                "operator:a|b",
                "why \\ | not");
        TimelineEvent pending = new TimelineEvent(
                Instant.parse("2026-11-30T10:00:03Z"),
                "case.payout_pending",
                CaseStatus.APPROVED,
                CaseStatus.PAYOUT_PENDING,
                "issue-payout",
                null);
        List<AttributeValue> stored = TimelineCodec.encodeAll(List.of(RECEIVED, APPROVED, note, pending));
        assertEquals(
                "dn8ghqsm1nnk|case.note|approved|approved|operator:a\\|b|why \\\\ \\| not",
                stored.get(2).s());
        assertEquals(stored.get(2), TimelineCodec.encode(note));
        assertEquals(
                "dn8ghr95f4lc|||payout_pending|issue-payout|", stored.get(3).s());
        assertEquals(List.of(RECEIVED, APPROVED, note, pending), TimelineCodec.decodeAll(item(stored)));
    }

    @Test
    void aMoveWhoseTimelineIsNotKnownKeepsTheIsoFormWithItsFrom() {
        AttributeValue stored = TimelineCodec.encode(APPROVED);
        assertEquals("2026-11-30T10:00:01Z||received|approved|policy:v2|", stored.s());
        assertEquals(APPROVED, TimelineCodec.decodeAll(item(List.of(stored))).get(0));
    }

    @Test
    void itemsWrittenBeforeReadWithTheirMapsAndIsoStringsAndNewEventsAppendedCompact() {
        TimelineEvent received = new TimelineEvent(AT, "case.received", null, CaseStatus.RECEIVED, "storefront", null);
        AttributeValue map = AttributeValue.fromM(Map.of(
                "at", AttributeValue.fromS(AT.toString()),
                "type", AttributeValue.fromS("case.received"),
                "to", AttributeValue.fromS("received"),
                "actor", AttributeValue.fromS("storefront")));
        // ADR 0036's strings: an ISO time, and an empty from is a missing one.
        AttributeValue iso = AttributeValue.fromS("2026-11-30T10:00:01Z||received|approved|policy:v2|");
        AttributeValue isoNoFrom = AttributeValue.fromS("2026-11-30T10:00:01Z|||received|storefront|");
        TimelineEvent paid =
                new TimelineEvent(AT, "case.paid", CaseStatus.APPROVED, CaseStatus.PAID, "issue-payout", "paid");
        AttributeValue appended = TimelineCodec.encode(paid, List.of(received, APPROVED));
        assertEquals("dn8ghqc2o6ps|||paid|issue-payout|paid", appended.s());
        assertEquals(
                List.of(received, received, APPROVED, paid),
                TimelineCodec.decodeAll(item(List.of(map, isoNoFrom, iso, appended))));
    }
}
