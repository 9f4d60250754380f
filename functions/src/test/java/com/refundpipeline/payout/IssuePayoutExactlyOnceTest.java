package com.refundpipeline.payout;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.refundpipeline.domain.Refusal;
import com.refundpipeline.json.Json;
import com.refundpipeline.payout.stripe.StripeShapes;
import com.refundpipeline.submit.RefundDesk;
import com.refundpipeline.submit.RefundRequestBody;
import com.refundpipeline.testing.BodyEditor;
import com.refundpipeline.testing.FaultyPayoutRepository;
import com.refundpipeline.testing.IssuePayoutStripeProfile;
import com.refundpipeline.testing.LocalAws;
import com.refundpipeline.testing.Pipeline;
import com.refundpipeline.testing.Requests;
import com.refundpipeline.testing.StripeOnWireMock;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Exactly once, against Stripe on WireMock: whatever the queue and the network do, each approved case makes one
 * refund at Stripe, counted from WireMock's request journal. Stripe is stubbed per payment intent as a scenario:
 * before the refund exists its list of refunds is empty; the POST that creates it moves the scenario to "refunded",
 * after which the list shows it, as Stripe would.
 */
@QuarkusTest
@TestProfile(IssuePayoutStripeProfile.class)
class IssuePayoutExactlyOnceTest {

    static final String REFUNDED = "refunded";

    @Inject
    LocalAws aws;

    @Inject
    RefundDesk desk;

    @Inject
    EvidenceVerifier verifier;

    @Inject
    PayoutRetry retry;

    record Approved(String caseId, String paymentIntent, LocalAws.QueuedMessage message) {

        String key(int attempt) {
            return "refund-" + caseId + "-" + attempt;
        }
    }

    static WireMockServer stripe() {
        return StripeOnWireMock.server();
    }

    @AfterEach
    void noFaultsLeft() {
        FaultyPayoutRepository.failNextOutcomeWrites(0);
    }

    String arn() {
        return LocalAws.queueArn("PayoutQueue");
    }

    Approved approved(long unitAmount) {
        // A customer of their own: the policy sends a fourth refund in 90 days of one customer to a person.
        return approved(unitAmount, "original_payment", "cus_" + UUID.randomUUID());
    }

    Approved approved(long unitAmount, String method, String customerId) {
        String paymentIntent =
                "pi_" + UUID.randomUUID().toString().replace("-", "").substring(0, 24);
        String body =
                Requests.priced("ord_" + UUID.randomUUID(), unitAmount, 1, "damaged", true, "2026-11-22T10:00:00Z");
        body = BodyEditor.set(body, "order.payment_reference", "\"" + paymentIntent + "\"");
        body = BodyEditor.set(body, "preferred_method", "\"" + method + "\"");
        body = BodyEditor.set(body, "order.customer_id", "\"" + customerId + "\"");
        String caseId = desk.submit(UUID.randomUUID().toString(), Json.read(body, RefundRequestBody.class))
                .receipt()
                .caseId();
        verifier.verify(caseId);
        LocalAws.QueuedMessage message = aws.takeNew(aws.payoutQueue()).stream()
                .filter(m -> caseId.equals(LocalAws.caseIdOf(m.body())))
                .findFirst()
                .orElseThrow();
        return new Approved(caseId, paymentIntent, message);
    }

    /** The refunds list of the payment intent: empty until the scenario says the refund exists. */
    void stubList(Approved c, int attempt, long amount, String status) {
        stripe().stubFor(get(urlPathEqualTo("/v1/refunds"))
                .withQueryParam("payment_intent", equalTo(c.paymentIntent()))
                .inScenario(c.paymentIntent())
                .whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(200, StripeShapes.list(false))));
        stripe().stubFor(get(urlPathEqualTo("/v1/refunds"))
                .withQueryParam("payment_intent", equalTo(c.paymentIntent()))
                .inScenario(c.paymentIntent())
                .whenScenarioStateIs(REFUNDED)
                .willReturn(json(
                        200,
                        StripeShapes.list(
                                false,
                                StripeShapes.refund(
                                        "re_" + c.caseId(),
                                        c.paymentIntent(),
                                        amount,
                                        status,
                                        null,
                                        c.caseId(),
                                        c.key(attempt))))));
    }

    /** The POST that creates the refund: answers {@code answer} and moves the scenario to "refunded". */
    void stubCreate(Approved c, ResponseDefinitionBuilder answer) {
        stripe().stubFor(post(urlPathEqualTo("/v1/refunds"))
                .withRequestBody(containing(c.paymentIntent()))
                .inScenario(c.paymentIntent())
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo(REFUNDED)
                .willReturn(answer));
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse()
                .withStatus(status)
                .withHeader("Content-Type", "application/json")
                .withHeader("Request-Id", "req_" + UUID.randomUUID())
                .withBody(body);
    }

    static ResponseDefinitionBuilder refund(Approved c, long amount, String status) {
        return json(
                200,
                StripeShapes.refund("re_" + c.caseId(), c.paymentIntent(), amount, status, null, c.caseId(), c.key(1)));
    }

    List<ServeEvent> calls(Approved c, String method) {
        return stripe().getAllServeEvents().stream()
                .filter(e -> e.getRequest().getMethod().getName().equals(method))
                .filter(e -> e.getRequest().getUrl().contains(c.paymentIntent())
                        || e.getRequest().getBodyAsString().contains(c.paymentIntent()))
                .toList();
    }

    /** Refunds Stripe made for the case: POSTs it answered 200, one per distinct idempotency key. */
    long refundsMade(Approved c) {
        return calls(c, "POST").stream()
                .filter(e -> e.getResponse().getStatus() == 200)
                .map(e -> e.getRequest().getHeader("Idempotency-Key"))
                .distinct()
                .count();
    }

    String report(String scenario, Approved c) {
        String line = String.format(
                "exactly-once | %-44s | POST /v1/refunds: %d | GET /v1/refunds: %d | refunds" + " made: %d | case: %s",
                scenario,
                calls(c, "POST").size(),
                calls(c, "GET").size(),
                refundsMade(c),
                aws.caseItem(c.caseId()).get("status").s());
        System.out.println(line);
        return line;
    }

    Map<String, AttributeValue> payout(String key) {
        return aws.scan("PayoutsTable").stream()
                .filter(i -> key.equals(i.get("idempotency_key").s()))
                .findFirst()
                .orElseThrow();
    }

    @Test
    void theSameMessageFiveTimesIncludingConcurrentlyMakesOneRefund() throws Exception {
        Approved c = approved(1500);
        stubList(c, 1, 1500, "succeeded");
        // Slow enough that the concurrent deliveries all arrive while the first one is still at Stripe.
        stubCreate(c, refund(c, 1500, "succeeded").withFixedDelay(400));

        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<String> failed = new ArrayList<>();
        try {
            List<Callable<List<String>>> deliveries = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                deliveries.add(() -> Pipeline.deliver(arn(), List.of(c.message())));
            }
            for (Future<List<String>> result : pool.invokeAll(deliveries)) {
                failed.addAll(result.get());
            }
        } finally {
            pool.shutdownNow();
        }
        failed.addAll(Pipeline.deliver(arn(), List.of(c.message())));
        failed.addAll(Pipeline.deliver(arn(), List.of(c.message())));

        report("5 deliveries, 3 of them concurrent", c);
        assertEquals("paid", aws.caseItem(c.caseId()).get("status").s());
        assertEquals(1, calls(c, "POST").size(), "one call to create the refund");
        assertEquals(1, refundsMade(c));
        assertEquals("succeeded", payout(c.key(1)).get("status").s());
        assertTrue(failed.size() <= 2, "only deliveries that found the payout in progress ask to be retried");
    }

    @Test
    void aCrashAfterStripePaidAndBeforeTheRecordIsReconciledNotPaidAgain() {
        Approved c = approved(1200);
        stubList(c, 1, 1200, "succeeded");
        stubCreate(c, refund(c, 1200, "succeeded"));
        FaultyPayoutRepository.failNextOutcomeWrites(1);

        assertEquals(
                List.of(c.message().messageId()),
                Pipeline.deliver(arn(), List.of(c.message())),
                "the crashed delivery is retried by the queue");
        assertEquals("pending", payout(c.key(1)).get("status").s(), "nothing was recorded");
        assertEquals(List.of(), Pipeline.deliver(arn(), List.of(c.message())));

        report("crash after Stripe paid, before the record", c);
        assertEquals("paid", aws.caseItem(c.caseId()).get("status").s());
        assertEquals(1, calls(c, "POST").size());
        assertEquals(1, calls(c, "GET").size(), "the retry asked Stripe first");
        assertEquals(
                "re_" + c.caseId(),
                payout(c.key(1)).get("document").s().replaceAll(".*\"provider_reference\":\"([^\"]+)\".*", "$1"));
    }

    @Test
    void aTimeoutWhoseRefundDidSucceedIsReconciledNotPaidAgain() {
        Approved c = approved(1300);
        stubList(c, 1, 1300, "succeeded");
        stubCreate(c, refund(c, 1300, "succeeded").withFixedDelay(7_000));

        assertEquals(List.of(c.message().messageId()), Pipeline.deliver(arn(), List.of(c.message())));
        assertEquals("unknown", payout(c.key(1)).get("status").s());
        assertEquals("payout_pending", aws.caseItem(c.caseId()).get("status").s());
        assertEquals(List.of(), Pipeline.deliver(arn(), List.of(c.message())));

        report("timeout, the refund succeeded at Stripe", c);
        assertEquals("paid", aws.caseItem(c.caseId()).get("status").s());
        assertEquals(1, calls(c, "POST").size());
        assertEquals(1, refundsMade(c));
        assertEquals("succeeded", payout(c.key(1)).get("status").s());
    }

    @Test
    void aServerErrorThatMadeNothingIsPaidOnceUnderTheSameKey() {
        Approved c = approved(1400);
        stripe().stubFor(post(urlPathEqualTo("/v1/refunds"))
                .withRequestBody(containing(c.paymentIntent()))
                .inScenario(c.paymentIntent())
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("after-500")
                .willReturn(json(500, StripeShapes.error("api_error", null, "An unknown error occurred"))));
        stripe().stubFor(get(urlPathEqualTo("/v1/refunds"))
                .withQueryParam("payment_intent", equalTo(c.paymentIntent()))
                .inScenario(c.paymentIntent())
                .whenScenarioStateIs("after-500")
                .willReturn(json(200, StripeShapes.list(false))));
        stripe().stubFor(post(urlPathEqualTo("/v1/refunds"))
                .withRequestBody(containing(c.paymentIntent()))
                .inScenario(c.paymentIntent())
                .whenScenarioStateIs("after-500")
                .willSetStateTo(REFUNDED)
                .willReturn(refund(c, 1400, "succeeded")));

        assertEquals(List.of(c.message().messageId()), Pipeline.deliver(arn(), List.of(c.message())));
        assertEquals(List.of(), Pipeline.deliver(arn(), List.of(c.message())));

        report("5xx (nothing made), then retried", c);
        assertEquals("paid", aws.caseItem(c.caseId()).get("status").s());
        assertEquals(
                List.of(c.key(1), c.key(1)),
                calls(c, "POST").stream()
                        .map(e -> e.getRequest().getHeader("Idempotency-Key"))
                        .toList(),
                "both under the same key");
        assertEquals(1, refundsMade(c));
    }

    @Test
    void rateLimitedIsRetriedThroughTheQueueAndPaysOnce() {
        Approved c = approved(1600);
        stripe().stubFor(post(urlPathEqualTo("/v1/refunds"))
                .withRequestBody(containing(c.paymentIntent()))
                .inScenario(c.paymentIntent())
                .whenScenarioStateIs(Scenario.STARTED)
                .willSetStateTo("limited")
                .willReturn(json(
                        429,
                        StripeShapes.error(
                                "invalid_request_error", "rate_limit", "Too many requests hit the API too quickly."))));
        stripe().stubFor(get(urlPathEqualTo("/v1/refunds"))
                .withQueryParam("payment_intent", equalTo(c.paymentIntent()))
                .inScenario(c.paymentIntent())
                .whenScenarioStateIs("limited")
                .willReturn(json(200, StripeShapes.list(false))));
        stripe().stubFor(post(urlPathEqualTo("/v1/refunds"))
                .withRequestBody(containing(c.paymentIntent()))
                .inScenario(c.paymentIntent())
                .whenScenarioStateIs("limited")
                .willSetStateTo(REFUNDED)
                .willReturn(refund(c, 1600, "succeeded")));

        assertEquals(List.of(c.message().messageId()), Pipeline.deliver(arn(), List.of(c.message())));
        assertEquals("pending", payout(c.key(1)).get("status").s(), "a 429 leaves the intent as it was");
        assertEquals(List.of(), Pipeline.deliver(arn(), List.of(c.message())));

        report("429, then retried", c);
        assertEquals("paid", aws.caseItem(c.caseId()).get("status").s());
        assertEquals(1, refundsMade(c));
    }

    @Test
    void aRefundStripeRefusesMarksTheCaseAndAnOperatorRetryPaysUnderANewKey() {
        Approved c = approved(1700);
        stripe().stubFor(post(urlPathEqualTo("/v1/refunds"))
                .withRequestBody(containing(c.paymentIntent()))
                .withHeader("Idempotency-Key", equalTo(c.key(1)))
                .willReturn(json(
                        200,
                        StripeShapes.refund(
                                "re_failed",
                                c.paymentIntent(),
                                1700,
                                "failed",
                                "expired_or_canceled_card",
                                c.caseId(),
                                c.key(1)))));
        stripe().stubFor(post(urlPathEqualTo("/v1/refunds"))
                .withRequestBody(containing(c.paymentIntent()))
                .withHeader("Idempotency-Key", equalTo(c.key(2)))
                .willReturn(json(
                        200,
                        StripeShapes.refund(
                                "re_second", c.paymentIntent(), 1700, "succeeded", null, c.caseId(), c.key(2)))));

        assertEquals(List.of(), Pipeline.deliver(arn(), List.of(c.message())));
        Map<String, AttributeValue> failed = aws.caseItem(c.caseId());
        assertEquals("payout_failed", failed.get("status").s());
        assertTrue(failed.get("payout").s().contains("\"failure_reason\":\"expired_or_canceled_card\""));
        assertEquals(List.of(), Pipeline.deliver(arn(), List.of(c.message())), "a redelivery changes nothing");

        retry.retry(c.caseId(), "ops@example.com");
        assertEquals("payout_pending", aws.caseItem(c.caseId()).get("status").s());
        LocalAws.QueuedMessage requeued = aws.takeNew(aws.payoutQueue()).stream()
                .filter(m -> c.caseId().equals(LocalAws.caseIdOf(m.body())))
                .findFirst()
                .orElseThrow();
        assertEquals(List.of(), Pipeline.deliver(arn(), List.of(requeued)));

        report("failed (expired card), operator retry", c);
        Map<String, AttributeValue> paid = aws.caseItem(c.caseId());
        assertEquals("paid", paid.get("status").s());
        assertTrue(paid.get("payout").s().contains("\"attempt\":2"));
        assertTrue(LocalAws.timeline(paid).stream().anyMatch(e -> e.actor().equals("operator:ops@example.com")));
        assertEquals(
                List.of(c.key(1), c.key(2)),
                calls(c, "POST").stream()
                        .map(e -> e.getRequest().getHeader("Idempotency-Key"))
                        .sorted()
                        .toList(),
                "one refund per attempt");
        assertEquals("failed", payout(c.key(1)).get("status").s());
        assertEquals("succeeded", payout(c.key(2)).get("status").s());
    }

    List<Map<String, AttributeValue>> credit(String customerId) {
        return aws.scan("StoreCreditTable").stream()
                .filter(i -> i.get("account_id").s().startsWith(customerId + "#"))
                .toList();
    }

    @Test
    void storeCreditIsCreditedOnceWithTheBonusAndNeverReachesStripe() throws Exception {
        String customer = "cus_" + UUID.randomUUID();
        Approved first = approved(2000, "store_credit", customer);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            List<Callable<List<String>>> deliveries = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                deliveries.add(() -> Pipeline.deliver(arn(), List.of(first.message())));
            }
            pool.invokeAll(deliveries);
        } finally {
            pool.shutdownNow();
        }
        Pipeline.deliver(arn(), List.of(first.message(), first.message()));
        Approved second = approved(999, "store_credit", customer);
        Pipeline.deliver(arn(), List.of(second.message()));

        report("store credit, 5 deliveries (3 concurrent)", first);
        assertEquals("paid", aws.caseItem(first.caseId()).get("status").s());
        assertEquals("paid", aws.caseItem(second.caseId()).get("status").s());
        List<Map<String, AttributeValue>> items = credit(customer);
        Map<String, AttributeValue> entry = items.stream()
                .filter(i -> i.get("entry_id").s().equals("entry#" + first.key(1)))
                .findFirst()
                .orElseThrow();
        assertEquals("2000", entry.get("amount").n());
        assertEquals("200", entry.get("bonus_amount").n(), "10 percent bonus from the policy");
        Map<String, AttributeValue> balance = items.stream()
                .filter(i -> i.get("entry_id").s().equals("balance"))
                .findFirst()
                .orElseThrow();
        assertEquals(
                Long.toString(2000 + 200 + 999 + 99), balance.get("balance").n(), "rounded down: 99.9 -> 99");
        assertEquals(3, items.size(), "two entries and the balance");
        assertEquals(0, calls(first, "POST").size() + calls(first, "GET").size(), "store credit never calls Stripe");
        assertTrue(payout(first.key(1)).get("document").s().contains("\"provider_reference\":\"credit_"));
    }

    @Test
    void storeCreditAfterACrashBeforeTheRecordIsFoundInTheLedgerNotCreditedAgain() {
        String customer = "cus_" + UUID.randomUUID();
        Approved c = approved(3000, "store_credit", customer);
        FaultyPayoutRepository.failNextOutcomeWrites(1);

        assertEquals(List.of(c.message().messageId()), Pipeline.deliver(arn(), List.of(c.message())));
        assertEquals(List.of(), Pipeline.deliver(arn(), List.of(c.message())));

        assertEquals("paid", aws.caseItem(c.caseId()).get("status").s());
        List<Map<String, AttributeValue>> items = credit(customer);
        assertEquals(2, items.size(), "one entry and the balance");
        assertEquals(
                "3300",
                items.stream()
                        .filter(i -> i.get("entry_id").s().equals("balance"))
                        .findFirst()
                        .orElseThrow()
                        .get("balance")
                        .n());
    }

    /**
     * A case a reviewer approved as a goodwill coupon (the default policy offers customers only the original payment
     * and store credit), and its payout message.
     */
    Approved approvedAsCoupon(long amount, String customer) {
        Approved c = approved(amount, "store_credit", customer);
        // The same case, as if a person had decided the coupon: the payout reads the method off the decision.
        aws.rewriteDecision(
                c.caseId(), d -> d.replace("\"method\":\"store_credit\"", "\"method\":\"goodwill_coupon\""));
        return c;
    }

    @Test
    void aGoodwillCouponIsIssuedOnceEvenAfterACrash() {
        String customer = "cus_" + UUID.randomUUID();
        Approved c = approvedAsCoupon(2500, customer);
        FaultyPayoutRepository.failNextOutcomeWrites(1);

        assertEquals(List.of(c.message().messageId()), Pipeline.deliver(arn(), List.of(c.message())));
        assertEquals(List.of(), Pipeline.deliver(arn(), List.of(c.message(), c.message())));

        report("goodwill coupon, crash then 2 deliveries", c);
        assertEquals("paid", aws.caseItem(c.caseId()).get("status").s());
        List<Map<String, AttributeValue>> items = credit(customer);
        assertEquals(1, items.size(), "one coupon, no credit balance");
        Map<String, AttributeValue> coupon = items.get(0);
        assertEquals("coupon#" + c.key(1), coupon.get("entry_id").s());
        assertEquals("2500", coupon.get("amount").n());
        assertTrue(
                coupon.get("code").s().matches("GW(-[2-9A-HJKMNP-Z]{4}){3}"),
                coupon.get("code").s());
        assertTrue(
                aws.caseItem(c.caseId())
                        .get("payout")
                        .s()
                        .contains(
                                "\"provider_reference\":\"" + coupon.get("code").s() + "\""),
                "the code is the payout's reference");
        assertEquals(0, calls(c, "POST").size() + calls(c, "GET").size());
    }

    @Test
    void onlyAFailedPayoutCanBeRetried() {
        Approved c = approved(1800);
        stubList(c, 1, 1800, "succeeded");
        stubCreate(c, refund(c, 1800, "succeeded"));
        Pipeline.deliver(arn(), List.of(c.message()));
        org.junit.jupiter.api.Assertions.assertThrows(Refusal.class, () -> retry.retry(c.caseId(), "ops@example.com"));
        assertEquals(1, calls(c, "POST").size());
    }
}
