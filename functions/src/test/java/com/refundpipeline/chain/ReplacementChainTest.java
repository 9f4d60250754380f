package com.refundpipeline.chain;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.Refusal;
import com.refundpipeline.domain.ReplacementShipment;
import com.refundpipeline.followup.SendFollowUpFunction;
import com.refundpipeline.json.Json;
import com.refundpipeline.messaging.CaseEvents;
import com.refundpipeline.messaging.CaseMessage;
import com.refundpipeline.orders.ReplacementConfirmations;
import com.refundpipeline.orders.StoreEvent;
import com.refundpipeline.payout.PayoutRetry;
import com.refundpipeline.policy.PolicyLoader;
import com.refundpipeline.policy.RefundPolicy;
import com.refundpipeline.replay.PolicyReplay;
import com.refundpipeline.returns.ReturnAuthorizer;
import com.refundpipeline.returns.ReturnTracking;
import com.refundpipeline.review.InspectionBody;
import com.refundpipeline.review.ReviewDecisionBody;
import com.refundpipeline.review.ReviewDesk;
import com.refundpipeline.review.Reviewers;
import com.refundpipeline.store.CaseRepository;
import com.refundpipeline.store.OrderLedger;
import com.refundpipeline.testing.BodyEditor;
import com.refundpipeline.testing.ChainProfile;
import com.refundpipeline.testing.LocalAws;
import com.refundpipeline.testing.Requests;
import com.refundpipeline.testing.WireMockAws;
import com.refundpipeline.verify.VerifyEvidenceFunction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A replacement end to end: verify-evidence grants it ({@code replacement_pending}), send-follow-up publishes
 * {@code replacement.requested} on the store's bus (EventBridge PutEvents, on WireMock) and tells the customer; a
 * redelivered status message publishes at most a duplicate with the same event id; the store's answers tell the
 * customer again, in their language.
 */
@QuarkusTest
@TestProfile(ChainProfile.class)
class ReplacementChainTest {

    @Inject
    LocalAws aws;

    @Inject
    VerifyEvidenceFunction verifyEvidence;

    @Inject
    SendFollowUpFunction sendFollowUp;

    @Inject
    ReplacementConfirmations confirmations;

    @Inject
    CaseRepository cases;

    @Inject
    ReturnTracking tracking;

    @Inject
    ReviewDesk desk;

    @Inject
    RefundPolicy policy;

    @Inject
    OrderLedger ledger;

    @Inject
    CaseEvents events;

    @Inject
    Clock clock;

    @Inject
    PayoutRetry payouts;

    @Inject
    ReturnAuthorizer returns;

    String open(String order, String resolution, String locale, String exchangeSku) {
        String body = BodyEditor.set(Requests.damaged(order), "preferred_resolution", "\"" + resolution + "\"");
        body = BodyEditor.set(body, "customer.locale", "\"" + locale + "\"");
        body = BodyEditor.set(body, "order.shipment_reference", "\"shp_" + order + "\"");
        if (exchangeSku != null) {
            body = BodyEditor.set(body, "exchange_sku", "\"" + exchangeSku + "\"");
        }
        String caseId = verified(body);
        return caseId;
    }

    /** Submits {@code body} and hands its verify message to verify-evidence; the case id. */
    String verified(String body) {
        String caseId = RefundChainTest.submit(body, 201).getString("case_id");
        aws.takeNew(aws.verifyQueue()).stream()
                .filter(m -> caseId.equals(LocalAws.caseIdOf(m.body())))
                .map(m -> Json.read(m.body(), CaseMessage.class))
                .forEach(verifyEvidence::verifyEvidence);
        return caseId;
    }

    /** The status messages for the case, handed to send-follow-up; returned so a test can deliver them again. */
    List<String> followUp(String caseId) throws Exception {
        return followUp(aws, sendFollowUp, caseId);
    }

    static List<String> followUp(LocalAws aws, SendFollowUpFunction sendFollowUp, String caseId) throws Exception {
        List<String> bodies = new ArrayList<>();
        for (LocalAws.QueuedMessage m : aws.takeNew(aws.followUpQueue())) {
            if (caseId.equals(LocalAws.caseIdOf(m.body()))) {
                sendFollowUp.sendFollowUp(Json.MAPPER.readTree(m.body()));
                bodies.add(m.body());
            }
        }
        return bodies;
    }

    List<JsonNode> published(String caseId) {
        return published(caseId, StoreEvent.REPLACEMENT_REQUESTED);
    }

    /** The PutEvents entries of this type for the case, as the store's bus (WireMock) received them. */
    static List<JsonNode> published(String caseId, String detailType) {
        List<JsonNode> entries = new ArrayList<>();
        for (LoggedRequest r : WireMockAws.server()
                .findAll(
                        postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSEvents.PutEvents")))) {
            for (JsonNode entry : Json.read(r.getBodyAsString(), JsonNode.class).path("Entries")) {
                JsonNode detail = Json.read(entry.path("Detail").asText(), JsonNode.class);
                if (caseId.equals(detail.path("case_id").asText())
                        && detailType.equals(entry.path("DetailType").asText())) {
                    entries.add(entry);
                }
            }
        }
        return entries;
    }

    static List<JsonNode> details(List<JsonNode> entries) {
        return entries.stream()
                .map(e -> Json.read(e.path("Detail").asText(), JsonNode.class))
                .toList();
    }

    static List<JsonNode> told(String caseId) {
        JsonNode told = Json.read(
                RefundChainTest.call("GET", "/refunds/" + caseId + "/notifications", Map.of(), null, 200)
                        .prettify(),
                JsonNode.class);
        List<JsonNode> messages = new ArrayList<>();
        told.path("data").forEach(messages::add);
        return messages;
    }

    @Test
    void aGrantedReplacementIsPublishedOnceInEffectAndTheCustomerHearsEachStep() throws Exception {
        String order = "ord_" + UUID.randomUUID();
        String caseId = open(order, "replacement", "en", null);
        assertEquals("replacement_pending", aws.caseItem(caseId).get("status").s());

        List<String> delivered = followUp(caseId);
        List<JsonNode> entries = published(caseId);
        assertEquals(1, entries.size());
        JsonNode entry = entries.get(0);
        assertEquals("refund-pipeline", entry.path("Source").asText());
        assertEquals("replacement.requested", entry.path("DetailType").asText());
        assertEquals("refunds-test-store", entry.path("EventBusName").asText());
        JsonNode detail = Json.read(entry.path("Detail").asText(), JsonNode.class);
        assertEquals(caseId + ":replacement.requested", detail.path("event_id").asText());
        assertEquals(order, detail.path("order_id").asText());
        assertEquals("replacement", detail.path("resolution").asText());
        assertEquals("TSHIRT-M", detail.path("lines").path(0).path("sku").asText());
        assertEquals(1, detail.path("lines").path(0).path("quantity").asInt());
        assertEquals(
                "shp_" + order,
                detail.path("ship_to").path("shipment_reference").asText());
        // A reference to where the order went, never the customer's contact details.
        String raw = entry.path("Detail").asText();
        assertTrue(!raw.contains("@") && !raw.contains("email") && !raw.contains("phone"), raw);

        // The status message delivered again (SQS at least once): a duplicate at most, with the same event id.
        for (String body : delivered) {
            sendFollowUp.sendFollowUp(Json.MAPPER.readTree(body));
        }
        List<JsonNode> again = published(caseId);
        assertTrue(again.size() <= delivered.size() * 2, again.toString());
        for (JsonNode e : again) {
            assertEquals(
                    caseId + ":replacement.requested",
                    Json.read(e.path("Detail").asText(), JsonNode.class)
                            .path("event_id")
                            .asText());
        }

        assertEquals(
                ReplacementConfirmations.Outcome.MOVED,
                confirmations.shipped(
                        caseId, new ReplacementShipment("UPS", "1Z999AA10123456784", Instant.now()), "store"));
        followUp(caseId);
        // Once the store has answered, a late copy of the request's status message publishes nothing more.
        int before = published(caseId).size();
        for (String body : delivered) {
            sendFollowUp.sendFollowUp(Json.MAPPER.readTree(body));
        }
        assertEquals(before, published(caseId).size());

        List<JsonNode> told = told(caseId);
        List<String> events = told.stream().map(m -> m.path("event").asText()).toList();
        assertEquals(List.of("replacement_pending", "replaced"), events);
        assertTrue(
                told.get(0).path("body").asText().contains("send you a replacement"),
                told.get(0).toString());
        String shipped = told.get(1).path("body").asText();
        assertTrue(shipped.contains("UPS") && shipped.contains("1Z999AA10123456784"), shipped);
    }

    @Test
    void anExchangeNamesItsVariantAndOutOfStockIsToldInTheCustomersLanguage() throws Exception {
        String order = "ord_" + UUID.randomUUID();
        String caseId = open(order, "exchange", "zh-CN", "TSHIRT-L");
        assertEquals("replacement_pending", aws.caseItem(caseId).get("status").s());
        followUp(caseId);
        JsonNode detail = Json.read(published(caseId).get(0).path("Detail").asText(), JsonNode.class);
        assertEquals("exchange", detail.path("resolution").asText());
        assertEquals(
                "TSHIRT-L", detail.path("lines").path(0).path("exchange_sku").asText());

        assertEquals(ReplacementConfirmations.Outcome.MOVED, confirmations.outOfStock(caseId, "store"));
        assertEquals("approved", aws.caseItem(caseId).get("status").s());
        followUp(caseId);
        List<JsonNode> told = told(caseId);
        List<String> events = told.stream().map(m -> m.path("event").asText()).toList();
        assertEquals(List.of("replacement_pending", "replacement_out_of_stock"), events);
        assertTrue(
                told.get(0).path("body").asText().contains("TSHIRT-L"),
                told.get(0).toString());
        assertTrue(
                told.get(1).path("body").asText().contains("缺货")
                        || told.get(1).path("subject").asText().contains("缺货"),
                told.get(1).toString());
    }

    @Test
    void aReplayWithoutTheStoreSaysTheReplacementFallsThroughToItsRefund() {
        String caseId = open("ord_" + UUID.randomUUID(), "replacement", "en", null);
        RefundCase granted = cases.find(caseId).orElseThrow();
        RefundPolicy without = PolicyLoader.load("classpath:policy/default.json");

        PolicyReplay.Line line =
                PolicyReplay.replay(without, List.of(granted)).lines().get(0);
        assertEquals("replacement_pending", line.beforeOutcome());
        assertEquals("replacement", line.beforeResolution());
        assertEquals("approved", line.afterOutcome());
        assertEquals("refund", line.afterResolution());
        assertEquals(2999L, line.afterAmount());
        assertTrue(!line.storeConnected() && line.changed(), line.toString());
        assertTrue(line.afterGrant().contains("cannot be carried out yet"), line.afterGrant());

        PolicyReplay.Line connected = PolicyReplay.replay(without.withStoreConnection(true), List.of(granted))
                .lines()
                .get(0);
        assertEquals("replacement", connected.afterResolution());
        assertEquals("replacement_pending", connected.afterOutcome());
        assertTrue(!connected.changed(), connected.toString());
    }

    /** A changed-mind exchange of two units for another variant, its parcel back at the warehouse. */
    String exchangeReturned(String order) {
        String body =
                BodyEditor.set(ReturnChainTest.changedMind(order, 2, "en"), "preferred_resolution", "\"exchange\"");
        body = BodyEditor.set(body, "exchange_sku", "\"TSHIRT-L\"");
        String caseId = verified(body);
        JsonNode grant = Json.read(aws.decisionJson(aws.caseItem(caseId)), JsonNode.class)
                .path("grant");
        assertEquals("awaiting_return", aws.caseItem(caseId).get("status").s());
        assertEquals("exchange", grant.path("resolution").asText());
        String code = grant.path("authorization").path("tracking_code").asText();
        assertEquals(ReturnTracking.Outcome.MOVED, tracking.track(code, "delivered", "carrier:SandboxPost"));
        assertEquals("return_received", aws.caseItem(caseId).get("status").s());
        return caseId;
    }

    Reviewers.Reviewer ana() {
        return new Reviewers.Reviewer("ana", policy.document().tier("agent").orElseThrow());
    }

    static InspectionBody allResalable() {
        return new InspectionBody(
                List.of(new InspectionBody.Line("TSHIRT-M", 2L, "resalable", "restock")), "checked at the dock");
    }

    @Test
    void anInspectedExchangeIsAskedOfTheStoreOnceAndConcurrentInspectionsChangeNothing() throws Exception {
        String order = "ord_" + UUID.randomUUID();
        String caseId = exchangeReturned(order);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<String> outcomes = new ArrayList<>();
        try {
            Callable<String> inspect = () -> {
                try {
                    return desk.inspect(ana(), caseId, allResalable()).status().wire();
                } catch (Refusal lost) {
                    return lost.code();
                } catch (RuntimeException conflict) {
                    // DynamoDB cancels a transaction that meets another on the same item: nothing was written.
                    return conflict.getClass().getSimpleName();
                }
            };
            for (Future<String> f : pool.invokeAll(List.of(inspect, inspect))) {
                outcomes.add(f.get());
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(1, outcomes.stream().filter("replacement_pending"::equals).count(), outcomes.toString());
        assertEquals("replacement_pending", aws.caseItem(caseId).get("status").s());
        JsonNode decision = Json.read(aws.decisionJson(aws.caseItem(caseId)), JsonNode.class);
        // Two units at 29.99 less the 10 % restocking fee, less the 7.50 USD label: held for the out-of-stock refund.
        assertEquals(5399 - 750, decision.path("amount").asLong());
        assertEquals("exchange", decision.path("grant").path("resolution").asText());
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> ledger = aws.ledger(order);
        assertEquals(String.valueOf(5399 - 750), ledger.get("committed_amount").n());
        assertEquals("2", ledger.get("units:TSHIRT-M").n());
        assertEquals(
                0,
                aws.takeNew(aws.payoutQueue()).stream()
                        .filter(m -> caseId.equals(LocalAws.caseIdOf(m.body())))
                        .count());

        // A late inspection is refused and writes nothing.
        String version = aws.caseItem(caseId).get("version").n();
        Refusal late = org.junit.jupiter.api.Assertions.assertThrows(
                Refusal.class, () -> desk.inspect(ana(), caseId, allResalable()));
        assertEquals("case_not_awaiting_inspection", late.code());
        assertEquals(version, aws.caseItem(caseId).get("version").n());

        List<String> delivered = followUp(caseId);
        List<JsonNode> entries = published(caseId);
        // Published once in effect: a retold move (ADR 0035) repeats it at most with the same id.
        assertEquals(List.of(caseId + ":replacement.requested"), RestockChainTest.ids(details(entries)));
        JsonNode detail = details(entries).get(0);
        assertEquals("exchange", detail.path("resolution").asText());
        assertEquals(
                "TSHIRT-L", detail.path("lines").path(0).path("exchange_sku").asText());
        assertEquals(2, detail.path("lines").path(0).path("quantity").asInt());
        // The returned units are restocked by the same status message.
        assertEquals(
                List.of(caseId + ":inventory.restock:TSHIRT-M:resalable"),
                RestockChainTest.ids(details(published(caseId, StoreEvent.INVENTORY_RESTOCK))));
        for (String body : delivered) {
            sendFollowUp.sendFollowUp(Json.MAPPER.readTree(body));
        }
        for (JsonNode e : published(caseId)) {
            assertEquals(
                    caseId + ":replacement.requested",
                    Json.read(e.path("Detail").asText(), JsonNode.class)
                            .path("event_id")
                            .asText());
        }
        List<String> told =
                told(caseId).stream().map(m -> m.path("event").asText()).toList();
        assertEquals(List.of("awaiting_return", "replacement_pending"), told);

        // Out of stock: the held amount is the refund, paid once.
        assertEquals(ReplacementConfirmations.Outcome.MOVED, confirmations.outOfStock(caseId, "store"));
        JsonNode approved = Json.read(aws.decisionJson(aws.caseItem(caseId)), JsonNode.class);
        assertEquals("approved", aws.caseItem(caseId).get("status").s());
        assertEquals(5399 - 750, approved.path("amount").asLong());
    }

    @Test
    void aDamagedUnitOfAnExchangeFallsThroughToTheInspectedRefund() throws Exception {
        String order = "ord_" + UUID.randomUUID();
        String caseId = exchangeReturned(order);
        RefundCase decided = desk.inspect(
                ana(),
                caseId,
                new InspectionBody(
                        List.of(
                                new InspectionBody.Line("TSHIRT-M", 1L, "resalable", "restock"),
                                new InspectionBody.Line("TSHIRT-M", 1L, "damaged", "dispose")),
                        null));
        assertEquals("approved", decided.status().wire());
        assertEquals(2700 - 750, decided.decision().amount());
        followUp(caseId);
        assertEquals(0, published(caseId).size());
    }

    @Test
    void withoutTheStoreAnInspectedExchangeIsRefunded() throws Exception {
        String order = "ord_" + UUID.randomUUID();
        String caseId = exchangeReturned(order);
        ReviewDesk unconnected =
                new ReviewDesk(cases, ledger, events, policy.withStoreConnection(false), clock, payouts, returns);
        RefundCase decided = unconnected.inspect(ana(), caseId, allResalable());
        assertEquals("approved", decided.status().wire());
        assertEquals(5399 - 750, decided.decision().amount());
        followUp(caseId);
        assertEquals(0, published(caseId).size());
    }

    @Test
    void aReviewersExchangeIsAskedOfTheStoreAndToldInTheCustomersLanguage() throws Exception {
        String order = "ord_" + UUID.randomUUID();
        // Above the automatic limit, so a person decides it.
        String body = Requests.priced(order, 25000, 1, "damaged", true, "2026-11-22T10:00:00Z");
        body = BodyEditor.set(body, "customer.locale", "\"zh-CN\"");
        body = BodyEditor.set(body, "order.shipment_reference", "\"shp_" + order + "\"");
        String caseId = verified(body);
        assertEquals("in_review", aws.caseItem(caseId).get("status").s());
        Reviewers.Reviewer sam = new Reviewers.Reviewer(
                "sam", policy.document().tier("supervisor").orElseThrow());
        RefundCase decided = desk.decide(
                sam,
                caseId,
                new ReviewDecisionBody("approve", 25000L, "original_payment", null, null, "exchange", "TSHIRT-L"));
        assertEquals("replacement_pending", decided.status().wire());

        followUp(caseId);
        List<JsonNode> details = details(published(caseId));
        assertEquals(List.of(caseId + ":replacement.requested"), RestockChainTest.ids(details));
        JsonNode detail = details.get(0);
        assertEquals("exchange", detail.path("resolution").asText());
        assertEquals(
                "TSHIRT-L", detail.path("lines").path(0).path("exchange_sku").asText());
        List<JsonNode> told = told(caseId);
        JsonNode last = told.get(told.size() - 1);
        assertEquals("replacement_pending", last.path("event").asText());
        assertTrue(last.path("body").asText().contains("TSHIRT-L"), last.toString());
        assertTrue(last.path("body").asText().contains("商店"), last.toString());
    }
}
