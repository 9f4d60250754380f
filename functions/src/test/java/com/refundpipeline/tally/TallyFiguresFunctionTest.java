package com.refundpipeline.tally;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.refundpipeline.cases.Satisfaction;
import com.refundpipeline.figures.CaseFigures;
import com.refundpipeline.json.Json;
import com.refundpipeline.payout.PayoutIssuer;
import com.refundpipeline.store.CaseImages;
import com.refundpipeline.store.FigureKey;
import com.refundpipeline.store.FiguresStore;
import com.refundpipeline.submit.RefundDesk;
import com.refundpipeline.submit.RefundRequestBody;
import com.refundpipeline.testing.CallMeter;
import com.refundpipeline.testing.FaultyFiguresStore;
import com.refundpipeline.testing.LambdaEvents;
import com.refundpipeline.testing.LambdaEvents.StreamRecord;
import com.refundpipeline.testing.LocalAws;
import com.refundpipeline.testing.Requests;
import com.refundpipeline.testing.TallyFiguresProfile;
import com.refundpipeline.verify.EvidenceVerifier;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Exactly once, proven against DynamoDB Local: real case items (submitted, decided, paid, answered by the functions'
 * own code) are fed to tally-figures as the stream would deliver them, then delivered again, retried after a partial
 * failure (before the write, and after it committed with the answer lost) and out of order. Each time the figures
 * of the case's day must move by exactly what the case's latest version counts.
 */
@QuarkusTest
@TestProfile(TallyFiguresProfile.class)
class TallyFiguresFunctionTest {

    static final String STREAM_ARN =
            "arn:aws:dynamodb:us-east-1:000000000000:table/refunds-test-cases/stream/" + "2026-11-30T00:00:00.000";
    static final AtomicLong SEQUENCE = new AtomicLong(4_200_000_000_000_000L);

    @Inject
    LocalAws aws;

    @Inject
    RefundDesk desk;

    @Inject
    EvidenceVerifier verifier;

    @Inject
    PayoutIssuer issuer;

    @Inject
    Satisfaction satisfaction;

    @Inject
    FiguresStore figures;

    @Inject
    CaseImages images;

    /**
     * A case's life as the stream carries it: the request item's INSERT, then the case item's INSERT and a MODIFY per
     * version the test saw ({@code records}: the case item's only). The two items have different keys, so on AWS
     * their records may be on different shards and come in either order.
     */
    record Life(
            String caseId,
            String day,
            StreamRecord requestRecord,
            List<StreamRecord> records,
            Map<String, Object> latest) {

        StreamRecord record(int i) {
            return records.get(i);
        }

        /** Everything the stream carries for the case, in the order it was written. */
        List<StreamRecord> all() {
            List<StreamRecord> all = new ArrayList<>();
            all.add(requestRecord);
            all.addAll(records);
            return all;
        }
    }

    Life paidAndAnsweredCase() {
        String body = Requests.priced("ord_" + UUID.randomUUID(), 2999, 1, "damaged", true, "2026-11-22T10:00:00Z");
        String caseId = desk.submit(UUID.randomUUID().toString(), Json.read(body, RefundRequestBody.class))
                .receipt()
                .caseId();
        List<Map<String, Object>> versions = new ArrayList<>();
        versions.add(image(aws.caseItem(caseId)));
        verifier.verify(caseId);
        versions.add(image(aws.caseItem(caseId)));
        issuer.pay(caseId);
        versions.add(image(aws.caseItem(caseId)));
        assertEquals("paid", aws.caseItem(caseId).get("status").s());
        satisfaction.answer(caseId, new Satisfaction.FeedbackBody(4, "quick"));
        versions.add(image(aws.caseItem(caseId)));

        List<StreamRecord> records = new ArrayList<>();
        Map<String, Object> keys = Map.of("case_id", Map.of("S", caseId));
        for (int i = 0; i < versions.size(); i++) {
            records.add(new StreamRecord(
                    i == 0 ? "INSERT" : "MODIFY",
                    Long.toString(SEQUENCE.addAndGet(100)),
                    keys,
                    i == 0 ? null : versions.get(i - 1),
                    versions.get(i)));
        }
        Map<String, AttributeValue> requestItem = aws.dynamo()
                .getItem(g -> g.tableName(LocalAws.table("CasesTable"))
                        .key(Map.of("case_id", AttributeValue.fromS(caseId + "#request")))
                        .consistentRead(true))
                .item();
        StreamRecord requestRecord = new StreamRecord(
                "INSERT",
                Long.toString(SEQUENCE.addAndGet(100)),
                Map.of("case_id", Map.of("S", caseId + "#request")),
                null,
                image(requestItem));
        String created = aws.caseItem(caseId).get("created_at").s();
        String day = java.time.LocalDate.ofInstant(java.time.Instant.parse(created), ZoneOffset.UTC)
                .toString();
        return new Life(caseId, day, requestRecord, records, versions.get(versions.size() - 1));
    }

    /** Invokes tally-figures with the records; returns the sequence numbers it reported failed. */
    static List<String> deliver(List<StreamRecord> records) {
        String response = given().contentType("application/json")
                .body(LambdaEvents.dynamoDbStream(STREAM_ARN, records))
                .when()
                .post("/_lambda_")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        if (response == null || response.isBlank()) {
            return List.of();
        }
        return new JsonPath(response).getList("batchItemFailures.itemIdentifier", String.class);
    }

    /** Every counter of the day, by row. */
    Map<String, Map<String, Long>> figuresOf(String day) {
        Map<String, Map<String, Long>> rows = new TreeMap<>();
        for (FiguresStore.Row row : figures.day("default", day)) {
            rows.put(row.key().dimensions(), new TreeMap<>(row.counters()));
        }
        return rows;
    }

    /** after − before, without zeros. */
    static Map<String, Map<String, Long>> moved(
            Map<String, Map<String, Long>> before, Map<String, Map<String, Long>> after) {
        Map<String, Map<String, Long>> moved = new TreeMap<>();
        after.forEach((row, counters) -> counters.forEach((name, value) -> {
            long delta = value - before.getOrDefault(row, Map.of()).getOrDefault(name, 0L);
            if (delta != 0) {
                moved.computeIfAbsent(row, r -> new TreeMap<>()).put(name, delta);
            }
        }));
        return moved;
    }

    /** What the case's latest version counts, by row: what the figures must have moved by, no more, no less. */
    Map<String, Map<String, Long>> counts(Life life) {
        var c = images.read(Json.MAPPER.valueToTree(life.latest())).orElseThrow();
        Map<String, Map<String, Long>> rows = new TreeMap<>();
        CaseFigures.of(c.refundCase(), c.feedback(), "default", ZoneOffset.UTC)
                .forEach((FigureKey key, Map<String, Long> counters) ->
                        rows.put(key.dimensions(), new TreeMap<>(counters)));
        return rows;
    }

    @Test
    void aPaidAnsweredCaseCountsWhatAnAnalystExpects() {
        Life life = paidAndAnsweredCase();
        Map<String, Map<String, Long>> before = figuresOf(life.day());

        assertEquals(List.of(), deliver(life.all()));

        Map<String, Map<String, Long>> moved = moved(before, figuresOf(life.day()));
        assertEquals(counts(life), moved);
        Map<String, Long> caseRow = moved.get("damaged#*#*#original_payment");
        assertEquals(1L, caseRow.get("requests"));
        assertEquals(1L, caseRow.get("approved"));
        assertEquals(1L, caseRow.get("paid"));
        assertEquals(1L, caseRow.get("decided_auto"));
        assertEquals(2999L, caseRow.get("refunded_USD"));
        assertEquals(1L, caseRow.get("csat_answers"));
        assertEquals(1L, caseRow.get("csat_4"));
        assertEquals(1L, caseRow.get("decision_h00"), "decided within 5 minutes: " + caseRow);
        assertEquals(1L, caseRow.get("money_h00"), "paid within 5 minutes: " + caseRow);
        assertEquals(1L, moved.get("damaged#TSHIRT-M#apparel#original_payment").get("units_refunded"));
    }

    @Test
    void aRedeliveredBatchChangesNoFigure() {
        Life life = paidAndAnsweredCase();
        Map<String, Map<String, Long>> before = figuresOf(life.day());
        assertEquals(List.of(), deliver(life.all()));
        Map<String, Map<String, Long>> once = figuresOf(life.day());

        assertEquals(List.of(), deliver(life.all()));
        assertEquals(List.of(), deliver(life.all()));
        for (StreamRecord record : life.all()) {
            assertEquals(List.of(), deliver(List.of(record, record)));
        }

        assertEquals(once, figuresOf(life.day()));
        assertEquals(counts(life), moved(before, once));
    }

    @Test
    void aBatchRetriedFromTheRecordThatFailedCountsEveryRecordOnce() {
        Life life = paidAndAnsweredCase();
        Map<String, Map<String, Long>> before = figuresOf(life.day());
        // The third record's write commits but its answer is lost; the second's fails before writing.
        FaultyFiguresStore.failOnce(life.caseId(), marker(life, 2), FaultyFiguresStore.When.AFTER_COMMIT);
        FaultyFiguresStore.failOnce(life.caseId(), marker(life, 1), FaultyFiguresStore.When.BEFORE_WRITE);

        List<String> failed = deliver(life.all());

        assertEquals(List.of(life.record(1).sequenceNumber(), life.record(2).sequenceNumber()), failed);
        // Lambda retries from the lowest failed sequence number: records 1, 2 and 3 come again.
        assertEquals(List.of(), deliver(life.records().subList(1, life.records().size())));
        assertEquals(counts(life), moved(before, figuresOf(life.day())));
    }

    @Test
    void recordsOutOfOrderAddUpToTheLatestVersion() {
        Life life = paidAndAnsweredCase();
        Map<String, Map<String, Long>> before = figuresOf(life.day());

        assertEquals(List.of(), deliver(List.of(life.record(3), life.record(1))));
        assertEquals(List.of(), deliver(List.of(life.record(2))));
        assertEquals(List.of(), deliver(List.of(life.record(0), life.record(3))));
        assertEquals(counts(life), moved(before, figuresOf(life.day())));

        // ... and the whole life again in order afterwards moves nothing.
        assertEquals(List.of(), deliver(life.all()));
        assertEquals(counts(life), moved(before, figuresOf(life.day())));
    }

    /**
     * The bench line, counted in-process as CallsPerCaseTest counts the other functions (deterministic, whatever the
     * machine's load): a paid and answered case costs the tally one read (its request item, by key) and one
     * transaction per version that changes a figure (opened, approved, paid, answered), each of 1 marker + the case
     * row + 1 row per SKU. Writes the line to target/tally-figures-per-case.md.
     */
    @Test
    void aPaidAnsweredCaseCostsOneReadAndOneTransactionPerFigureChangingVersion() throws IOException {
        Life life = paidAndAnsweredCase();
        CallMeter.reset();
        long itemsBefore = FaultyFiguresStore.ITEMS_WRITTEN.get();
        CallMeter.start("tally-figures");
        long started = System.nanoTime();
        assertEquals(List.of(), deliver(life.all()));
        double ms = (System.nanoTime() - started) / 1e6;
        CallMeter.stop();
        CallMeter.Tally t = CallMeter.tallies().get("tally-figures");

        // One read: the request item and the decision item in one BatchGetItem (ADR 0036).
        assertEquals(Map.of("BatchGetItem", 1, "TransactWriteItems", 4), t.operations);
        assertEquals(0, t.sqs);
        // Opened, paid, answered: marker + case row + SKU row; approved also takes the case off the "none"
        // resolution's two rows: 3 + 5 + 3 + 3 items, each under 1 KB, which a transaction bills at 2 units on AWS.
        long items = FaultyFiguresStore.ITEMS_WRITTEN.get() - itemsBefore;
        assertEquals(14, items);
        assertTrue(t.writeUnits > 0, "DynamoDB Local reports the transactions' units");
        Files.createDirectories(Path.of("target"));
        Files.writeString(
                Path.of("target", "tally-figures-per-case.md"),
                String.format(
                        "| tally-figures | %d | %d | 0 | %d | %.1f | %.1f (DynamoDB Local); %d items = %d on AWS | %s | %.0f"
                                + " ms for the case's %d records in one batch |%n",
                        t.reads,
                        t.writes,
                        t.calls(),
                        t.readUnits,
                        t.writeUnits,
                        items,
                        2 * items,
                        t.operations,
                        ms,
                        life.all().size()));
    }

    /**
     * The case item's records carry no order lines (they are on the request item), yet the SKU rows count: the
     * request item is read by key. Its own record, late (another shard) or never seen, counts nothing.
     */
    @Test
    void aCaseCountsByItsSkusThoughItsRecordsCarryNoLines() {
        Life life = paidAndAnsweredCase();
        for (StreamRecord record : life.records()) {
            assertTrue(!record.newImage().containsKey("request"), "the case item carries no request: " + record);
        }
        Map<String, Map<String, Long>> before = figuresOf(life.day());

        assertEquals(List.of(), deliver(life.records()));
        Map<String, Map<String, Long>> moved = moved(before, figuresOf(life.day()));
        assertEquals(counts(life), moved);
        assertEquals(1L, moved.get("damaged#TSHIRT-M#apparel#original_payment").get("units_requested"));
        assertEquals(
                2999L, moved.get("damaged#TSHIRT-M#apparel#original_payment").get("refunded_USD"));

        assertEquals(List.of(), deliver(List.of(life.requestRecord())));
        assertEquals(moved, moved(before, figuresOf(life.day())));
    }

    /** The NEW_AND_OLD_IMAGES example of AWS's Lambda developer guide: a table that is not ours counts nothing. */
    @Test
    void theAwsDocumentationSampleIsReadAndCountsNothing() {
        String sample = """
                {"Records": [
                  {"eventID": "c4ca4238a0b923820dcc509a6f75849b", "eventName": "INSERT", "eventVersion": "1.1",
                   "eventSource": "aws:dynamodb", "awsRegion": "us-east-1",
                   "dynamodb": {"Keys": {"Id": {"N": "101"}},
                                "NewImage": {"Message": {"S": "New item!"}, "Id": {"N": "101"}},
                                "ApproximateCreationDateTime": 1428537600, "SequenceNumber": "4421584500000000017450439091",
                                "SizeBytes": 26, "StreamViewType": "NEW_AND_OLD_IMAGES"},
                   "eventSourceARN": "arn:aws:dynamodb:us-east-1:123456789012:table/ExampleTableWithStream/stream/2015-06-27T00:48:05.899"},
                  {"eventID": "c81e728d9d4c2f636f067f89cc14862c", "eventName": "MODIFY", "eventVersion": "1.1",
                   "eventSource": "aws:dynamodb", "awsRegion": "us-east-1",
                   "dynamodb": {"Keys": {"Id": {"N": "101"}},
                                "NewImage": {"Message": {"S": "This item has changed"}, "Id": {"N": "101"}},
                                "OldImage": {"Message": {"S": "New item!"}, "Id": {"N": "101"}},
                                "ApproximateCreationDateTime": 1428537600, "SequenceNumber": "4421584500000000017450439092",
                                "SizeBytes": 59, "StreamViewType": "NEW_AND_OLD_IMAGES"},
                   "eventSourceARN": "arn:aws:dynamodb:us-east-1:123456789012:table/ExampleTableWithStream/stream/2015-06-27T00:48:05.899"},
                  {"eventID": "eccbc87e4b5ce2fe28308fd9f2a7baf3", "eventName": "REMOVE", "eventVersion": "1.1",
                   "eventSource": "aws:dynamodb", "awsRegion": "us-east-1",
                   "dynamodb": {"Keys": {"Id": {"N": "101"}},
                                "OldImage": {"Message": {"S": "This item has changed"}, "Id": {"N": "101"}},
                                "ApproximateCreationDateTime": 1428537600, "SequenceNumber": "4421584500000000017450439093",
                                "SizeBytes": 38, "StreamViewType": "NEW_AND_OLD_IMAGES"},
                   "eventSourceARN": "arn:aws:dynamodb:us-east-1:123456789012:table/ExampleTableWithStream/stream/2015-06-27T00:48:05.899"}
                ]}""";
        String response = given().contentType("application/json")
                .body(sample)
                .when()
                .post("/_lambda_")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertTrue(
                response == null
                        || response.isBlank()
                        || new JsonPath(response).getList("batchItemFailures").isEmpty(),
                response);
    }

    static String marker(Life life, int record) {
        Map<?, ?> image = life.record(record).newImage();
        long version = Long.parseLong(String.valueOf(((Map<?, ?>) image.get("version")).get("N")));
        return String.format("v%010d", version);
    }

    /** An item in DynamoDB JSON, as a stream image carries it. */
    static Map<String, Object> image(Map<String, AttributeValue> item) {
        Map<String, Object> image = new LinkedHashMap<>();
        item.forEach((k, v) -> image.put(k, json(v)));
        return image;
    }

    static Object json(AttributeValue v) {
        return switch (v.type()) {
            case S -> Map.of("S", v.s());
            case N -> Map.of("N", v.n());
            case BOOL -> Map.of("BOOL", v.bool());
            case NUL -> Map.of("NULL", true);
            case SS -> Map.of("SS", v.ss());
            case NS -> Map.of("NS", v.ns());
            case B -> Map.of("B", java.util.Base64.getEncoder().encodeToString(v.b().asByteArray()));
            case M -> Map.of("M", image(v.m()));
            case L ->
                Map.of("L", v.l().stream().map(TallyFiguresFunctionTest::json).toList());
            default -> throw new IllegalArgumentException("not expected in a case item: " + v);
        };
    }
}
