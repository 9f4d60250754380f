package com.refundpipeline.chain;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.ReplacementShipment;
import com.refundpipeline.followup.SendFollowUpFunction;
import com.refundpipeline.json.Json;
import com.refundpipeline.messaging.CaseMessage;
import com.refundpipeline.orders.ReplacementConfirmations;
import com.refundpipeline.orders.StoreEvent;
import com.refundpipeline.policy.PolicyLoader;
import com.refundpipeline.policy.RefundPolicy;
import com.refundpipeline.replay.PolicyReplay;
import com.refundpipeline.store.CaseRepository;
import com.refundpipeline.testing.BodyEditor;
import com.refundpipeline.testing.ChainProfile;
import com.refundpipeline.testing.LocalAws;
import com.refundpipeline.testing.Requests;
import com.refundpipeline.testing.WireMockAws;
import com.refundpipeline.verify.VerifyEvidenceFunction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

    String open(String order, String resolution, String locale, String exchangeSku) {
        String body = BodyEditor.set(Requests.damaged(order), "preferred_resolution", "\"" + resolution + "\"");
        body = BodyEditor.set(body, "customer.locale", "\"" + locale + "\"");
        body = BodyEditor.set(body, "order.shipment_reference", "\"shp_" + order + "\"");
        if (exchangeSku != null) {
            body = BodyEditor.set(body, "exchange_sku", "\"" + exchangeSku + "\"");
        }
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
}
