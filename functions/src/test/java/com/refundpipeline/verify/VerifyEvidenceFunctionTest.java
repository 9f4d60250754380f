package com.refundpipeline.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.json.Json;
import com.refundpipeline.store.CaseRepository;
import com.refundpipeline.store.TransitionResult;
import com.refundpipeline.submit.RefundDesk;
import com.refundpipeline.submit.RefundRequestBody;
import com.refundpipeline.testing.BodyEditor;
import com.refundpipeline.testing.LocalAws;
import com.refundpipeline.testing.Pipeline;
import com.refundpipeline.testing.Requests;
import com.refundpipeline.testing.VerifyEvidenceProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
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
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@QuarkusTest
@TestProfile(VerifyEvidenceProfile.class)
class VerifyEvidenceFunctionTest {

    @Inject
    LocalAws aws;

    @Inject
    RefundDesk desk;

    @Inject
    CaseRepository cases;

    String arn() {
        return LocalAws.queueArn("VerifyQueue");
    }

    /** Opens a case as the storefront would and returns the verification message it queued. */
    LocalAws.QueuedMessage submit(String body) {
        String caseId = desk.submit(UUID.randomUUID().toString(), Json.read(body, RefundRequestBody.class))
                .receipt()
                .caseId();
        return aws.takeNew(aws.verifyQueue()).stream()
                .filter(m -> caseId.equals(LocalAws.caseIdOf(m.body())))
                .findFirst()
                .orElseThrow();
    }

    Map<String, AttributeValue> item(LocalAws.QueuedMessage message) {
        return aws.caseItem(LocalAws.caseIdOf(message.body()));
    }

    @Test
    void approvesADamagedItemWithAPhotoAndQueuesThePayout() {
        String order = "ord_" + UUID.randomUUID();
        LocalAws.QueuedMessage message = submit(Requests.damaged(order));

        assertEquals(List.of(), Pipeline.deliver(arn(), List.of(message)));

        Map<String, AttributeValue> item = item(message);
        assertEquals("approved", item.get("status").s());
        assertEquals("2", item.get("version").n());
        assertTrue(aws.decisionJson(item).contains("\"rule\":\"within_policy\""), aws.decisionJson(item));
        assertEquals(2, LocalAws.timeline(item).size());
        assertEquals(1, aws.messagesFor(aws.payoutQueue(), LocalAws.caseIdOf(message.body())));
        Map<String, AttributeValue> ledger = aws.dynamo()
                .getItem(g -> g.tableName(LocalAws.table("OrderLedgerTable"))
                        .key(Map.of("order_id", AttributeValue.fromS(order))))
                .item();
        assertEquals("2999", ledger.get("committed_amount").n());
    }

    @Test
    void aChangedMindCaseWaitsForTheItemWithALabelBoughtOnce() {
        String order = "ord_" + UUID.randomUUID();
        String body = BodyEditor.set(
                Requests.refund(order, 1, "changed_mind", false), "order.shipment_reference", "\"shp_" + order + "\"");
        LocalAws.QueuedMessage message = submit(body);

        // Delivered twice, as SQS may: one return authorization, one label.
        assertEquals(List.of(), Pipeline.deliver(arn(), List.of(message)));
        assertEquals(List.of(), Pipeline.deliver(arn(), List.of(message)));

        Map<String, AttributeValue> item = item(message);
        assertEquals("awaiting_return", item.get("status").s());
        assertEquals("2", item.get("version").n());
        assertEquals(0, aws.messagesFor(aws.payoutQueue(), LocalAws.caseIdOf(message.body())));
        assertEquals(
                1,
                aws.scan("ReturnLabelsTable").stream()
                        .filter(label -> label.containsKey("case_id")
                                && LocalAws.caseIdOf(message.body())
                                        .equals(label.get("case_id").s())
                                && label.containsKey("tracking_code"))
                        .count());
    }

    @Test
    void asksForAPhotoWhenAMerchantFaultHasNone() {
        LocalAws.QueuedMessage message = submit(Requests.refund("ord_" + UUID.randomUUID(), 1, "wrong_item", false));
        assertEquals(List.of(), Pipeline.deliver(arn(), List.of(message)));
        assertEquals("needs_evidence", item(message).get("status").s());
        assertEquals(0, aws.messagesFor(aws.payoutQueue(), LocalAws.caseIdOf(message.body())));
    }

    @Test
    void declinesOutsideTheReturnWindowWithThePlainReason() {
        LocalAws.QueuedMessage message =
                submit(Requests.priced("ord_" + UUID.randomUUID(), 2999, 1, "damaged", true, "2026-09-01T10:00:00Z"));
        assertEquals(List.of(), Pipeline.deliver(arn(), List.of(message)));
        Map<String, AttributeValue> item = item(message);
        assertEquals("declined", item.get("status").s());
        assertTrue(aws.decisionJson(item).contains("\"decline_code\":\"outside_window\""));
        assertTrue(aws.decisionJson(item).contains("after the return window"));
    }

    @Test
    void sendsADeliveredParcelThatNeverArrivedToAPerson() {
        LocalAws.QueuedMessage message = submit(Requests.refund("ord_" + UUID.randomUUID(), 1, "not_received", false));
        assertEquals(List.of(), Pipeline.deliver(arn(), List.of(message)));
        assertEquals("in_review", item(message).get("status").s());
    }

    @Test
    void aRepeatedMessageSendsTheCustomersFollowUpAgainInCaseTheFirstWasLost() {
        // The chaos run (seed 2026, 300 cases): verify-evidence approved a case and stopped before its status_changed
        // went out; the repeat sent only the payout request, and the customer never heard "received" or "approved".
        LocalAws.QueuedMessage message = submit(Requests.damaged("ord_" + UUID.randomUUID()));
        String caseId = LocalAws.caseIdOf(message.body());
        assertEquals(List.of(), Pipeline.deliver(arn(), List.of(message)));
        assertEquals(1, aws.messagesFor(aws.followUpQueue(), caseId));

        assertEquals(List.of(), Pipeline.deliver(arn(), List.of(message)));

        assertEquals(2, aws.messagesFor(aws.followUpQueue(), caseId), "the repeat sends the follow-up again");
        assertEquals("approved", item(message).get("status").s());
    }

    @Test
    void aRepeatAfterTheCaseMovedOnStillTellsTheCustomerOfVerificationsMove() {
        // The chaos run (seed 2026): verify-evidence approved a case and stopped before its status_changed went out;
        // issue-payout moved the case on before SQS brought the message back, so the repeat found it no longer where
        // verification left it, sent nothing, and the customer never heard "received".
        LocalAws.QueuedMessage message = submit(Requests.damaged("ord_" + UUID.randomUUID()));
        String caseId = LocalAws.caseIdOf(message.body());
        assertEquals(List.of(), Pipeline.deliver(arn(), List.of(message)));
        assertEquals(1, followUpsFor(caseId).size(), "the first status_changed, which is then lost");
        RefundCase approved = cases.find(caseId).orElseThrow();
        assertEquals(
                TransitionResult.APPLIED,
                cases.apply(
                        approved.moveTo(CaseStatus.PAYOUT_PENDING, "payout", "issue-payout took it", Instant.now())));

        assertEquals(List.of(), Pipeline.deliver(arn(), List.of(message)));

        List<LocalAws.QueuedMessage> again = followUpsFor(caseId);
        assertEquals(1, again.size(), "the repeat tells verification's move again");
        assertTrue(
                again.get(0).body().contains("\"status\":\"approved\""),
                again.get(0).body());
        assertEquals("payout_pending", item(message).get("status").s());
    }

    private List<LocalAws.QueuedMessage> followUpsFor(String caseId) {
        return aws.takeNew(aws.followUpQueue()).stream()
                .filter(m -> caseId.equals(LocalAws.caseIdOf(m.body())))
                .toList();
    }

    @Test
    void aMessageDeliveredTwiceMovesTheCaseOnce() {
        LocalAws.QueuedMessage message = submit(Requests.damaged("ord_" + UUID.randomUUID()));
        assertEquals(List.of(), Pipeline.deliver(arn(), List.of(message, message)));
        assertEquals(List.of(), Pipeline.deliver(arn(), List.of(message)));
        Map<String, AttributeValue> item = item(message);
        assertEquals("approved", item.get("status").s());
        assertEquals("2", item.get("version").n());
        assertEquals(2, LocalAws.timeline(item).size());
    }

    @Test
    void concurrentDeliveriesMoveTheCaseOnceAndCommitTheOrderOnce() throws Exception {
        String order = "ord_" + UUID.randomUUID();
        LocalAws.QueuedMessage message = submit(Requests.damaged(order));
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<List<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(() -> Pipeline.deliver(arn(), List.of(message)));
            }
            for (Future<List<String>> result : pool.invokeAll(calls)) {
                assertEquals(List.of(), result.get());
            }
        } finally {
            pool.shutdownNow();
        }
        Map<String, AttributeValue> item = item(message);
        assertEquals("2", item.get("version").n());
        assertEquals(2, LocalAws.timeline(item).size());
        Map<String, AttributeValue> ledger = aws.dynamo()
                .getItem(g -> g.tableName(LocalAws.table("OrderLedgerTable"))
                        .key(Map.of("order_id", AttributeValue.fromS(order))))
                .item();
        assertEquals("2999", ledger.get("committed_amount").n());
    }

    @Test
    void twoCasesOfOneOrderNeverTakeMoreThanWasCaptured() {
        String order = "ord_" + UUID.randomUUID();
        LocalAws.QueuedMessage everything = submit(Requests.refund(order, 2, "damaged", true));
        LocalAws.QueuedMessage half = submit(Requests.refund(order, 1, "damaged", true));

        assertEquals(List.of(), Pipeline.deliver(arn(), List.of(everything)));
        assertEquals(List.of(), Pipeline.deliver(arn(), List.of(half)));

        assertEquals("approved", item(everything).get("status").s());
        assertEquals("declined", item(half).get("status").s());
        assertTrue(aws.decisionJson(item(half)).contains("\"decline_code\":\"already_refunded\""));
    }

    @Test
    void poisonMessagesAreReportedAndTheRestOfTheBatchIsProcessed() {
        LocalAws.QueuedMessage good = submit(Requests.damaged("ord_" + UUID.randomUUID()));
        List<String> ids = List.of(
                good.messageId(),
                "poison-not-json",
                "poison-other-kind",
                "poison-no-case",
                "poison-unknown-case",
                "poison-empty");
        List<String> bodies = List.of(
                good.body(),
                "this is not json",
                "{\"type\":\"payout_requested\",\"case_id\":\"rc_00000000000000000000\"}",
                "{\"type\":\"verification_requested\"}",
                "{\"type\":\"verification_requested\",\"case_id\":\"rc_ffffffffffffffffffff\"}",
                "");

        List<String> failures = Pipeline.deliver(arn(), ids, bodies);

        assertEquals(
                ids.subList(1, ids.size()).stream().sorted().toList(),
                failures.stream().sorted().toList());
        assertEquals("approved", item(good).get("status").s());
    }
}
