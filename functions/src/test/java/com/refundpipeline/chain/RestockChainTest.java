package com.refundpipeline.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.refundpipeline.domain.Refusal;
import com.refundpipeline.followup.SendFollowUpFunction;
import com.refundpipeline.json.Json;
import com.refundpipeline.messaging.CaseMessage;
import com.refundpipeline.orders.StoreEvent;
import com.refundpipeline.policy.RefundPolicy;
import com.refundpipeline.returns.ReturnTracking;
import com.refundpipeline.review.InspectionBody;
import com.refundpipeline.review.ReviewDesk;
import com.refundpipeline.review.Reviewers;
import com.refundpipeline.testing.ChainProfile;
import com.refundpipeline.testing.LocalAws;
import com.refundpipeline.verify.VerifyEvidenceFunction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Restock end to end: the inspection of a received return records its lines once beside the case item, and
 * send-follow-up publishes one {@code inventory.restock} per restocked sku and condition on the store's bus
 * (EventBridge PutEvents, on WireMock), with ids only; duplicate, late and concurrent inspections and redelivered
 * status messages write nothing more and publish no new event id.
 */
@QuarkusTest
@TestProfile(ChainProfile.class)
class RestockChainTest {

    @Inject
    LocalAws aws;

    @Inject
    VerifyEvidenceFunction verifyEvidence;

    @Inject
    SendFollowUpFunction sendFollowUp;

    @Inject
    ReturnTracking tracking;

    @Inject
    ReviewDesk desk;

    @Inject
    RefundPolicy policy;

    Reviewers.Reviewer ana() {
        return new Reviewers.Reviewer("ana", policy.document().tier("agent").orElseThrow());
    }

    /** A changed-mind case for {@code quantity} units whose parcel came back. */
    String received(String order, int quantity) {
        return received(order, quantity, "en");
    }

    String received(String order, int quantity, String locale) {
        String caseId = awaitingReturn(order, quantity, locale);
        assertEquals(
                ReturnTracking.Outcome.MOVED, tracking.track(trackingCode(caseId), "delivered", "carrier:SandboxPost"));
        assertEquals("return_received", aws.caseItem(caseId).get("status").s());
        return caseId;
    }

    /** A changed-mind case for {@code quantity} units, its return authorized (label bought). */
    String awaitingReturn(String order, int quantity, String locale) {
        String caseId = RefundChainTest.submit(ReturnChainTest.changedMind(order, quantity, locale), 201)
                .getString("case_id");
        aws.takeNew(aws.verifyQueue()).stream()
                .filter(m -> caseId.equals(LocalAws.caseIdOf(m.body())))
                .map(m -> Json.read(m.body(), CaseMessage.class))
                .forEach(verifyEvidence::verifyEvidence);
        return caseId;
    }

    String trackingCode(String caseId) {
        return Json.read(aws.decisionJson(aws.caseItem(caseId)), JsonNode.class)
                .path("grant")
                .path("authorization")
                .path("tracking_code")
                .asText();
    }

    static InspectionBody body(InspectionBody.Line... lines) {
        return new InspectionBody(List.of(lines), "checked at the dock");
    }

    static InspectionBody.Line line(String sku, long received, String condition, String disposition) {
        return new InspectionBody.Line(sku, received, condition, disposition);
    }

    List<String> followUp(String caseId) throws Exception {
        return ReplacementChainTest.followUp(aws, sendFollowUp, caseId);
    }

    /** The restock events published for the case: the Detail of each PutEvents entry. */
    static List<JsonNode> restocks(String caseId) {
        List<JsonNode> details = new ArrayList<>();
        for (JsonNode entry : ReplacementChainTest.published(caseId, StoreEvent.INVENTORY_RESTOCK)) {
            assertEquals("refund-pipeline", entry.path("Source").asText());
            assertEquals("refunds-test-store", entry.path("EventBusName").asText());
            details.add(Json.read(entry.path("Detail").asText(), JsonNode.class));
        }
        return details;
    }

    static List<String> ids(List<JsonNode> details) {
        return details.stream().map(d -> d.path("event_id").asText()).distinct().toList();
    }

    @Test
    void oneRestockedLineIsPublishedOnceInEffectWithIdsOnly() throws Exception {
        String order = "ord_" + UUID.randomUUID();
        String caseId = received(order, 2);
        assertEquals(
                "approved",
                desk.inspect(
                                ana(),
                                caseId,
                                body(
                                        line("TSHIRT-M", 1, "resalable", "restock"),
                                        line("TSHIRT-M", 1, "damaged", "dispose")))
                        .status()
                        .wire());
        // The lines sit on their own write-once item; the case item only carries the summary.
        Map<String, AttributeValue> recorded = aws.caseItem(caseId + "#inspection");
        assertEquals(2, recorded.get("lines").l().size());
        assertTrue(!aws.caseItem(caseId).containsKey("lines"));

        List<String> delivered = followUp(caseId);
        List<JsonNode> published = restocks(caseId);
        assertEquals(1, published.size(), published.toString());
        JsonNode detail = published.get(0);
        assertEquals(
                caseId + ":inventory.restock:TSHIRT-M:resalable",
                detail.path("event_id").asText());
        assertEquals(order, detail.path("order_id").asText());
        assertEquals("TSHIRT-M", detail.path("sku").asText());
        assertEquals(1, detail.path("quantity").asInt());
        assertEquals("resalable", detail.path("condition").asText());
        String raw = detail.toString();
        assertTrue(!raw.contains("@") && !raw.contains("email") && !raw.contains("phone"), raw);

        // The customer hears what could be resold and what was taken off, not just an amount.
        List<JsonNode> told = ReplacementChainTest.told(caseId);
        assertEquals(
                List.of("awaiting_return", "return_inspected"),
                told.stream().map(m -> m.path("event").asText()).toList());
        String inspected = told.get(1).path("body").asText();
        assertTrue(inspected.contains("1 of 2 can be resold"), inspected);
        assertTrue(inspected.contains("19.50 USD goes back"), inspected);
        assertTrue(inspected.contains("restocking fee of 2.99 USD and the return label's 7.50 USD"), inspected);

        // A second (late) inspection is refused and writes nothing; a redelivered status message, even after the
        // payout moved the case on, publishes at most a duplicate with the same id.
        String version = aws.caseItem(caseId).get("version").n();
        Refusal refused = org.junit.jupiter.api.Assertions.assertThrows(
                Refusal.class, () -> desk.inspect(ana(), caseId, body(line("TSHIRT-M", 2, "resalable", "restock"))));
        assertEquals("case_not_awaiting_inspection", refused.code());
        assertEquals(version, aws.caseItem(caseId).get("version").n());
        assertEquals(recorded, aws.caseItem(caseId + "#inspection"));
        for (String message : delivered) {
            sendFollowUp.sendFollowUp(Json.MAPPER.readTree(message));
        }
        assertEquals(List.of(caseId + ":inventory.restock:TSHIRT-M:resalable"), ids(restocks(caseId)));
    }

    @Test
    void concurrentInspectionsRecordOneAndLinesOfOneSkuAndConditionAreOneEvent() throws Exception {
        String order = "ord_" + UUID.randomUUID();
        String caseId = received(order, 2, "zh-CN");
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<String> outcomes = new ArrayList<>();
        try {
            List<Callable<String>> inspections = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                long resalable = i == 0 ? 2 : 1;
                inspections.add(() -> {
                    try {
                        InspectionBody b = resalable == 2
                                ? body(
                                        line("TSHIRT-M", 1, "resalable", "restock"),
                                        line("TSHIRT-M", 1, "resalable", "restock"))
                                : body(
                                        line("TSHIRT-M", 1, "resalable", "restock"),
                                        line("TSHIRT-M", 1, "wrong_item", "dispose"));
                        return desk.inspect(ana(), caseId, b).status().wire();
                    } catch (Refusal lost) {
                        return lost.code();
                    } catch (RuntimeException conflict) {
                        // DynamoDB cancels a transaction that meets another on the same item: nothing was written.
                        return conflict.getClass().getSimpleName();
                    }
                });
            }
            for (Future<String> f : pool.invokeAll(inspections)) {
                outcomes.add(f.get());
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(1, outcomes.stream().filter("approved"::equals).count(), outcomes.toString());
        assertEquals("approved", aws.caseItem(caseId).get("status").s());
        // Exactly one move after return_received, and one inspection item, whichever inspection won.
        List<String> moves = LocalAws.timeline(aws.caseItem(caseId)).stream()
                .map(e -> e.type())
                .filter("case.approved"::equals)
                .toList();
        assertEquals(1, moves.size());
        long restockedUnits = aws.caseItem(caseId + "#inspection").get("lines").l().stream()
                .map(AttributeValue::m)
                .filter(m -> "restock".equals(m.get("disposition").s()))
                .mapToLong(m -> Long.parseLong(m.get("received").n()))
                .sum();

        followUp(caseId);
        // One event in effect: the status message that publishes may come more than once (at-least-once delivery; a
        // repeat re-tells its move, ADR 0035), and each publishes under the same id, which the store dedupes (ADR
        // 0034); never a second id or another quantity.
        List<JsonNode> published = restocks(caseId);
        assertEquals(
                List.of(caseId + ":inventory.restock:TSHIRT-M:resalable"),
                ids(published).stream().distinct().toList());
        for (JsonNode event : published) {
            assertEquals(restockedUnits, event.path("quantity").asLong(), published.toString());
        }
        String inspected = ReplacementChainTest.told(caseId).get(1).path("body").asText();
        assertTrue(inspected.contains("2 件中有 " + restockedUnits + " 件可再次销售"), inspected);
    }

    @Test
    void nothingRestockedPublishesNothingAndADeclineStillPublishesWhatWasShelved() throws Exception {
        String disposed = received("ord_" + UUID.randomUUID(), 1);
        desk.inspect(ana(), disposed, body(line("TSHIRT-M", 1, "damaged", "dispose")));
        assertEquals("declined", aws.caseItem(disposed).get("status").s());
        followUp(disposed);
        assertEquals(List.of(), restocks(disposed));

        // Damaged but put back (as seconds stock): declined for the money, restocked for the store.
        String shelved = received("ord_" + UUID.randomUUID(), 1);
        desk.inspect(ana(), shelved, body(line("TSHIRT-M", 1, "damaged", "restock")));
        assertEquals("declined", aws.caseItem(shelved).get("status").s());
        followUp(shelved);
        assertEquals(List.of(shelved + ":inventory.restock:TSHIRT-M:damaged"), ids(restocks(shelved)));
    }

    @Test
    void theCustomerHearsTheParcelOnItsWayAndArrivedOnceEachInTheirLanguage() throws Exception {
        String order = "ord_" + UUID.randomUUID();
        String caseId = awaitingReturn(order, 1, "zh-CN");
        String code = trackingCode(caseId);
        followUp(caseId);
        assertEquals(ReturnTracking.Outcome.MOVED, tracking.track(code, "in_transit", "carrier:SandboxPost"));
        List<String> delivered = new ArrayList<>(followUp(caseId));
        // A replayed scan moves nothing and queues nothing new.
        tracking.track(code, "in_transit", "carrier:SandboxPost");
        delivered.addAll(followUp(caseId));
        assertEquals(ReturnTracking.Outcome.MOVED, tracking.track(code, "delivered", "carrier:SandboxPost"));
        delivered.addAll(followUp(caseId));
        // Every status message delivered again (SQS at least once): nothing more is told.
        for (String message : delivered) {
            sendFollowUp.sendFollowUp(Json.MAPPER.readTree(message));
        }
        List<JsonNode> told = ReplacementChainTest.told(caseId);
        assertEquals(
                List.of("awaiting_return", "return_in_transit", "return_received"),
                told.stream().map(m -> m.path("event").asText()).toList());
        assertTrue(
                told.get(1).path("subject").asText().contains("途中"), told.get(1).toString());
        assertTrue(told.get(2).path("body").asText().contains("检验"), told.get(2).toString());
    }

    @Test
    void aLateScanMessageAfterTheParcelArrivedTellsNothing() throws Exception {
        String order = "ord_" + UUID.randomUUID();
        String caseId = awaitingReturn(order, 1, "en");
        String code = trackingCode(caseId);
        tracking.track(code, "in_transit", "carrier:SandboxPost");
        tracking.track(code, "delivered", "carrier:SandboxPost");
        // Both status messages are handled only now, the case already return_received: "on its way" is not true.
        followUp(caseId);
        List<String> told = ReplacementChainTest.told(caseId).stream()
                .map(m -> m.path("event").asText())
                .toList();
        assertEquals(List.of("awaiting_return", "return_received"), told);
    }
}
