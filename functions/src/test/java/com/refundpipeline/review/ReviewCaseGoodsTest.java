package com.refundpipeline.review;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.refundpipeline.domain.Refusal;
import com.refundpipeline.json.Json;
import com.refundpipeline.messaging.CaseEvents;
import com.refundpipeline.payout.PayoutRetry;
import com.refundpipeline.policy.RefundPolicy;
import com.refundpipeline.returns.ReturnAuthorizer;
import com.refundpipeline.store.CaseRepository;
import com.refundpipeline.store.OrderLedger;
import com.refundpipeline.submit.RefundDesk;
import com.refundpipeline.submit.RefundRequestBody;
import com.refundpipeline.testing.BodyEditor;
import com.refundpipeline.testing.LocalAws;
import com.refundpipeline.testing.Requests;
import com.refundpipeline.testing.ReviewCaseProfile;
import com.refundpipeline.verify.EvidenceVerifier;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A reviewer's approve granting goods on review-case (ADR 0034): a replacement or an exchange (its variant checked as
 * the request's is) moves the case to {@code replacement_pending} holding the fallback's money, queues no payout and
 * tells send-follow-up; a rule that does not offer it, a stack without the store, a bad variant or a tier too low is
 * refused with its code and field, and nothing is written.
 */
@QuarkusTest
@TestProfile(ReviewCaseProfile.class)
class ReviewCaseGoodsTest {

    @Inject
    LocalAws aws;

    @Inject
    RefundDesk desk;

    @Inject
    EvidenceVerifier verifier;

    @Inject
    CaseRepository cases;

    @Inject
    OrderLedger ledger;

    @Inject
    CaseEvents events;

    @Inject
    RefundPolicy policy;

    @Inject
    Clock clock;

    @Inject
    PayoutRetry payouts;

    @Inject
    ReturnAuthorizer returns;

    /** A case above the automatic limit, so a person decides it: 250.00 USD a unit. */
    String inReview(String order, String reason, int quantity) {
        String body = Requests.priced(order, 25000, quantity, reason, true, "2026-11-22T10:00:00Z");
        String caseId = desk.submit(UUID.randomUUID().toString(), Json.read(body, RefundRequestBody.class))
                .receipt()
                .caseId();
        verifier.verify(caseId);
        assertEquals("in_review", aws.caseItem(caseId).get("status").s());
        aws.takeNew(aws.payoutQueue());
        return caseId;
    }

    static String goods(long amount, String resolution, String exchangeSku) {
        return "{\"action\": \"approve\", \"amount\": " + amount + ", \"method\": \"original_payment\""
                + (resolution == null ? "" : ", \"resolution\": \"" + resolution + "\"")
                + (exchangeSku == null ? "" : ", \"exchange_sku\": \"" + exchangeSku + "\"")
                + "}";
    }

    long committed(String order) {
        return ReviewCaseFunctionTest.committed(aws, order);
    }

    @Test
    void theDeskListsTheGoodsThePersonMayGrantAndTheCaseWhatTheCustomerAskedFor() {
        String body = Requests.priced("ord_" + UUID.randomUUID(), 25000, 1, "damaged", true, "2026-11-22T10:00:00Z");
        body = BodyEditor.set(body, "preferred_resolution", "\"exchange\"");
        body = BodyEditor.set(body, "exchange_sku", "\"TSHIRT-L\"");
        String caseId = desk.submit(UUID.randomUUID().toString(), Json.read(body, RefundRequestBody.class))
                .receipt()
                .caseId();
        verifier.verify(caseId);
        assertEquals("in_review", aws.caseItem(caseId).get("status").s(), "above the automatic limit");

        ConsoleEndpointsTest.Answer seen = ConsoleEndpointsTest.get("/cases/" + caseId, "ana", Map.of());
        assertEquals("exchange", seen.body().getString("preferred_resolution"));
        assertEquals("TSHIRT-L", seen.body().getString("exchange_sku"));
        // merchant_fault offers replacement, then exchange; this stack is connected to the store.
        assertEquals(
                List.of("replacement", "exchange"),
                ConsoleEndpointsTest.get("/cases/" + caseId + "/desk", "ana", Map.of())
                        .body()
                        .getList("goods"));

        String money = inReview("ord_" + UUID.randomUUID(), "duplicate_payment", 1);
        assertEquals(
                List.of(),
                ConsoleEndpointsTest.get("/cases/" + money + "/desk", "ana", Map.of())
                        .body()
                        .getList("goods"),
                "duplicate_payment offers only a refund");
    }

    @Test
    void aReviewerGrantsAReplacementTheStoreIsAskedAndNothingIsPaid() {
        String order = "ord_" + UUID.randomUUID();
        String caseId = inReview(order, "damaged", 1);
        long told = aws.messagesFor(aws.followUpQueue(), caseId);
        ReviewCaseFunctionTest.Answer answer =
                ReviewCaseFunctionTest.decide(caseId, "sam", goods(25000, "replacement", null));
        assertEquals(200, answer.status(), answer.body().prettify());
        assertEquals("replacement_pending", answer.body().getString("status"));
        assertEquals("replacement", answer.body().getString("decision.grant.resolution"));
        assertEquals("refund", answer.body().getString("decision.grant.fallback"));
        assertEquals(25000L, answer.body().getLong("decision.amount"));
        assertEquals("reviewer:sam", answer.body().getString("decision.decided_by"));
        assertEquals("replacement_pending", aws.caseItem(caseId).get("status").s());
        assertEquals(25000, committed(order), "the fallback's money is held on the order");
        assertEquals(0, aws.messagesFor(aws.payoutQueue(), caseId), "nothing is paid");
        assertEquals(told + 1, aws.messagesFor(aws.followUpQueue(), caseId), "send-follow-up asks the store and tells");

        String version = aws.caseItem(caseId).get("version").n();
        ReviewCaseFunctionTest.Answer again =
                ReviewCaseFunctionTest.decide(caseId, "sam", goods(25000, "replacement", null));
        assertEquals(409, again.status());
        assertEquals("case_not_in_review", again.body().getString("error.code"));
        assertEquals(version, aws.caseItem(caseId).get("version").n());
        assertEquals(25000, committed(order));
    }

    @Test
    void anExchangeNamesAnotherVariantOfTheOneLine() {
        String order = "ord_" + UUID.randomUUID();
        String caseId = inReview(order, "damaged", 1);
        ReviewCaseFunctionTest.Answer answer =
                ReviewCaseFunctionTest.decide(caseId, "sam", goods(25000, "exchange", "TSHIRT-L"));
        assertEquals(200, answer.status(), answer.body().prettify());
        assertEquals("replacement_pending", answer.body().getString("status"));
        assertEquals("exchange", answer.body().getString("decision.grant.resolution"));
        assertEquals("TSHIRT-L", answer.body().getString("decision.grant.exchange_sku"));
        assertTrue(answer.body().getString("decision.explanation").contains("exchange for TSHIRT-L granted"));
    }

    @ParameterizedTest
    @CsvSource({
        "damaged, 1, sam, exchange,    ,         400, parameter_missing,            exchange_sku",
        "damaged, 1, sam, exchange,    TSHIRT-M, 422, exchange_sku_invalid,         exchange_sku",
        "damaged, 2, sam, exchange,    TSHIRT-L, 200, ,                             ",
        "damaged, 1, sam, replacement, TSHIRT-L, 422, exchange_sku_without_exchange, exchange_sku",
        "damaged, 1, sam, keep_item,   ,         422, resolution_invalid,           resolution",
        "damaged, 1, ana, replacement, ,         403, authority_exceeded,           amount",
        "other,   1, sam, replacement, ,         422, resolution_not_offered,       resolution",
    })
    void badGoodsAreRefusedWithTheirFieldAndWriteNothing(
            String reason,
            int quantity,
            String reviewer,
            String resolution,
            String sku,
            int status,
            String code,
            String field) {
        String order = "ord_" + UUID.randomUUID();
        String caseId = inReview(order, reason, quantity);
        String version = aws.caseItem(caseId).get("version").n();
        long told = aws.messagesFor(aws.followUpQueue(), caseId);
        ReviewCaseFunctionTest.Answer answer =
                ReviewCaseFunctionTest.decide(caseId, reviewer, goods(25000, resolution, sku));
        assertEquals(status, answer.status(), answer.body().prettify());
        if (status == 200) {
            // Two units of one line, both coming back: an exchange of the whole line is fine.
            return;
        }
        assertEquals(code, answer.body().getString("error.code"));
        assertEquals(field, answer.body().getString("error.field"));
        assertEquals("in_review", aws.caseItem(caseId).get("status").s());
        assertEquals(version, aws.caseItem(caseId).get("version").n());
        assertEquals(0, committed(order));
        assertEquals(told, aws.messagesFor(aws.followUpQueue(), caseId));
    }

    @Test
    void withoutTheStoreGoodsAreRefusedAndMoneyStillApproved() {
        ReviewDesk unconnected =
                new ReviewDesk(cases, ledger, events, policy.withStoreConnection(false), clock, payouts, returns);
        Reviewers.Reviewer sam = new Reviewers.Reviewer(
                "sam", policy.document().tier("supervisor").orElseThrow());
        String order = "ord_" + UUID.randomUUID();
        String caseId = inReview(order, "damaged", 1);
        String version = aws.caseItem(caseId).get("version").n();
        Refusal refused = assertThrows(
                Refusal.class,
                () -> unconnected.decide(
                        sam,
                        caseId,
                        new ReviewDecisionBody(
                                "approve", 25000L, "original_payment", null, null, "replacement", null)));
        assertEquals("store_not_connected", refused.code());
        assertEquals("resolution", refused.field());
        assertEquals(version, aws.caseItem(caseId).get("version").n());
        assertEquals(0, committed(order));
        assertEquals(
                "approved",
                unconnected
                        .decide(sam, caseId, new ReviewDecisionBody("approve", 25000L, "original_payment", null, null))
                        .status()
                        .wire());
    }
}
