package com.refundpipeline.payout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.refundpipeline.json.Json;
import com.refundpipeline.logging.LogEvents;
import com.refundpipeline.submit.RefundDesk;
import com.refundpipeline.submit.RefundRequestBody;
import com.refundpipeline.testing.IssuePayoutProfile;
import com.refundpipeline.testing.LocalAws;
import com.refundpipeline.testing.LogCapture;
import com.refundpipeline.testing.Pipeline;
import com.refundpipeline.testing.Requests;
import com.refundpipeline.verify.EvidenceVerifier;
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

/** Exactly once: whatever the queue does, the provider is asked to pay each approved case once. */
@QuarkusTest
@TestProfile(IssuePayoutProfile.class)
class IssuePayoutFunctionTest {

    @Inject
    LocalAws aws;

    @Inject
    RefundDesk desk;

    @Inject
    EvidenceVerifier verifier;

    @Inject
    PaymentGateway gateway;

    String arn() {
        return LocalAws.queueArn("PayoutQueue");
    }

    /** An approved case for one item at {@code unitAmount}, and the payout message verification queued for it. */
    LocalAws.QueuedMessage approved(long unitAmount) {
        String body =
                Requests.priced("ord_" + UUID.randomUUID(), unitAmount, 1, "damaged", true, "2026-11-22T10:00:00Z");
        String caseId = desk.submit(UUID.randomUUID().toString(), Json.read(body, RefundRequestBody.class))
                .receipt()
                .caseId();
        verifier.verify(caseId);
        return aws.takeNew(aws.payoutQueue()).stream()
                .filter(m -> caseId.equals(LocalAws.caseIdOf(m.body())))
                .findFirst()
                .orElseThrow();
    }

    SandboxPaymentGateway sandbox() {
        return (SandboxPaymentGateway) gateway;
    }

    long refundsAtProviderFor(String caseId) {
        return sandbox().refunds().keySet().stream()
                .filter(k -> k.contains(caseId))
                .count();
    }

    List<Map<String, AttributeValue>> payoutRecords(String caseId) {
        return aws.scan("PayoutsTable").stream()
                .filter(i -> caseId.equals(i.get("case_id").s()))
                .toList();
    }

    @Test
    void paysAnApprovedCaseAndRecordsTheOutcome() {
        LocalAws.QueuedMessage message = approved(2999);
        String caseId = LocalAws.caseIdOf(message.body());

        assertEquals(List.of(), Pipeline.deliver(arn(), List.of(message)));

        Map<String, AttributeValue> item = aws.caseItem(caseId);
        assertEquals("paid", item.get("status").s());
        assertEquals(
                List.of("case.received", "case.approved", "case.payout_pending", "case.paid"),
                LocalAws.timeline(item).stream().map(e -> e.type()).toList());
        assertEquals(1, refundsAtProviderFor(caseId));
        List<Map<String, AttributeValue>> payouts = payoutRecords(caseId);
        assertEquals(1, payouts.size());
        assertEquals("succeeded", payouts.get(0).get("status").s());
        assertEquals("2999", payouts.get(0).get("amount").n());
        assertEquals(
                "refund-" + caseId + "-1", payouts.get(0).get("idempotency_key").s());
    }

    @Test
    void theSameMessageFiveTimesIncludingConcurrentlyPaysOnce() throws Exception {
        LocalAws.QueuedMessage message = approved(1500);
        String caseId = LocalAws.caseIdOf(message.body());
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Callable<List<String>>> calls = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                calls.add(() -> Pipeline.deliver(arn(), List.of(message)));
            }
            for (Future<List<String>> result : pool.invokeAll(calls)) {
                result.get();
            }
        } finally {
            pool.shutdownNow();
        }
        Pipeline.deliver(arn(), List.of(message, message));

        assertEquals("paid", aws.caseItem(caseId).get("status").s());
        assertEquals(1, refundsAtProviderFor(caseId));
        assertEquals(1, payoutRecords(caseId).size());
    }

    @Test
    void aMessageRedeliveredAfterThePayoutWasRecordedChangesNothing() {
        LocalAws.QueuedMessage message = approved(1200);
        String caseId = LocalAws.caseIdOf(message.body());
        Pipeline.deliver(arn(), List.of(message));
        String versionAfterPayment = aws.caseItem(caseId).get("version").n();
        aws.takeNew(aws.followUpQueue());

        assertEquals(List.of(), Pipeline.deliver(arn(), List.of(message)));

        assertEquals(versionAfterPayment, aws.caseItem(caseId).get("version").n());
        assertEquals(1, refundsAtProviderFor(caseId));
        // The first delivery may have stopped before its status_changed went out: the repeat tells the customer again.
        assertTrue(
                aws.takeNew(aws.followUpQueue()).stream()
                        .anyMatch(m -> caseId.equals(LocalAws.caseIdOf(m.body()))
                                && m.body().contains("paid")),
                "the repeat resends the paid status_changed");
    }

    @Test
    void aRedeliveryAfterThePaymentTellsTheCustomerAgainInCaseTheFirstWasLost() {
        // The chaos run (seed 2026): issue-payout wrote paid and stopped before its status_changed went out; the
        // redelivered message found the case paid, acknowledged it, and the customer never heard "on its way".
        LocalAws.QueuedMessage message = approved(1300);
        String caseId = LocalAws.caseIdOf(message.body());
        Pipeline.deliver(arn(), List.of(message));
        List<LocalAws.QueuedMessage> first = aws.takeNew(aws.followUpQueue()).stream()
                .filter(m ->
                        caseId.equals(LocalAws.caseIdOf(m.body())) && m.body().contains("\"paid\""))
                .toList();
        assertEquals(1, first.size(), "the first status_changed for paid, which is then lost");

        assertEquals(List.of(), Pipeline.deliver(arn(), List.of(message)));

        assertEquals(
                1,
                aws.takeNew(aws.followUpQueue()).stream()
                        .filter(m -> caseId.equals(LocalAws.caseIdOf(m.body()))
                                && m.body().contains("\"paid\""))
                        .count(),
                "the redelivery tells paid again");
        assertEquals(1, refundsAtProviderFor(caseId));
    }

    @Test
    void aDeclinedPayoutMarksTheCaseWithTheProvidersReason() {
        LocalAws.QueuedMessage message = approved(1092);
        String caseId = LocalAws.caseIdOf(message.body());

        try (LogCapture logs = LogCapture.start()) {
            assertEquals(List.of(), Pipeline.deliver(arn(), List.of(message)));
            // The line the PayoutFailures metric filter counts, so the alarm reaches operations.
            List<JsonNode> counted = logs.events(LogEvents.PAYOUT_FAILED);
            assertEquals(1, counted.size(), () -> "payout_failed lines: " + counted);
            assertEquals(caseId, counted.get(0).path("case_id").asText());
            assertEquals("ERROR", counted.get(0).path("level").asText());
        }

        Map<String, AttributeValue> item = aws.caseItem(caseId);
        assertEquals("payout_failed", item.get("status").s());
        assertTrue(item.get("payout").s().contains("\"failure_reason\":\"card_declined\""));
        assertEquals("failed", payoutRecords(caseId).get(0).get("status").s());
    }

    @Test
    void aTimeoutThatDidPayIsReconciledNotPaidAgain() {
        LocalAws.QueuedMessage message = approved(1093);
        String caseId = LocalAws.caseIdOf(message.body());

        assertEquals(
                List.of(message.messageId()),
                Pipeline.deliver(arn(), List.of(message)),
                "the lost answer fails the record so the queue retries it");
        assertEquals("unknown", payoutRecords(caseId).get(0).get("status").s());
        assertEquals("payout_pending", aws.caseItem(caseId).get("status").s());

        assertEquals(List.of(), Pipeline.deliver(arn(), List.of(message)));

        assertEquals("paid", aws.caseItem(caseId).get("status").s());
        assertEquals(1, refundsAtProviderFor(caseId));
        assertEquals("succeeded", payoutRecords(caseId).get(0).get("status").s());
    }

    @Test
    void aPendingRefundIsAskedAboutAgainUntilItSettles() {
        LocalAws.QueuedMessage message = approved(1091);
        String caseId = LocalAws.caseIdOf(message.body());

        assertEquals(List.of(message.messageId()), Pipeline.deliver(arn(), List.of(message)));
        assertEquals("payout_pending", aws.caseItem(caseId).get("status").s());

        assertEquals(List.of(), Pipeline.deliver(arn(), List.of(message)));
        assertEquals("paid", aws.caseItem(caseId).get("status").s());
        assertEquals(1, refundsAtProviderFor(caseId));
    }

    @Test
    void aMessageForACaseNotApprovedIsAcknowledgedWithoutPaying() {
        String body = Requests.refund("ord_" + UUID.randomUUID(), 1, "changed_mind", false);
        String caseId = desk.submit(UUID.randomUUID().toString(), Json.read(body, RefundRequestBody.class))
                .receipt()
                .caseId();
        String message = "{\"type\":\"payout_requested\",\"case_id\":\"" + caseId + "\"}";

        assertEquals(List.of(), Pipeline.deliver(arn(), List.of("m-1"), List.of(message)));

        assertEquals("received", aws.caseItem(caseId).get("status").s());
        assertEquals(0, refundsAtProviderFor(caseId));
    }
}
