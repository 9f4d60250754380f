package com.refundpipeline.submit;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.refundpipeline.testing.LambdaEvents;
import com.refundpipeline.testing.LocalAws;
import com.refundpipeline.testing.Requests;
import com.refundpipeline.testing.SubmitRefundProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
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

@QuarkusTest
@TestProfile(SubmitRefundProfile.class)
class SubmitRefundFunctionTest {

    @Inject
    LocalAws aws;

    static ValidatableResponse invoke(String event) {
        return given().contentType("application/json")
                .body(event)
                .when()
                .post("/_lambda_")
                .then()
                .statusCode(200);
    }

    static ValidatableResponse post(String path, String key, String body) {
        Map<String, String> headers = key == null
                ? Map.of("content-type", "application/json")
                : Map.of("content-type", "application/json", "idempotency-key", key);
        return invoke(LambdaEvents.functionUrl("POST", path, headers, body));
    }

    static JsonPath body(ValidatableResponse response) {
        return new JsonPath(response.extract().path("body").toString());
    }

    @Test
    void acknowledgesARequestAtOnceWithTheCaseAndThePromise() {
        String order = "ord_" + UUID.randomUUID();
        ValidatableResponse response = post("/refunds", UUID.randomUUID().toString(), Requests.damaged(order))
                .body("statusCode", equalTo(201))
                .body("headers.content-type", equalTo("application/json"));
        JsonPath receipt = body(response);
        String caseId = receipt.getString("case_id");
        assertEquals("received", receipt.getString("status"));
        assertEquals(2999, receipt.getInt("requested_amount"));
        assertEquals("USD", receipt.getString("currency"));
        assertEquals(1, aws.casesForOrder(order));
        assertEquals(1, aws.messagesFor(aws.verifyQueue(), caseId));
        // The customer hears of the request with verification's outcome, in its follow-up message.
        assertEquals(0, aws.messagesFor(aws.followUpQueue(), caseId));

        ValidatableResponse read = invoke(LambdaEvents.functionUrl("GET", "/refunds/" + caseId, Map.of(), null))
                .body("statusCode", equalTo(200));
        JsonPath view = body(read);
        assertEquals(caseId, view.getString("case_id"));
        assertEquals("received", view.getString("status"));
        assertEquals(order, view.getString("order_id"));
        assertEquals(receipt.getString("resolution_due_at"), view.getString("resolution_due_at"));
        assertEquals(List.of("case.received"), view.getList("timeline.type"));
        assertEquals("storefront", view.getString("timeline[0].actor"));
        org.junit.jupiter.api.Assertions.assertNull(
                view.get("customer"), "contact details stay out of the storefront's read");
    }

    @Test
    void theCaseShowsWhatItWouldPayLineByLine() {
        String order = "ord_" + UUID.randomUUID();
        String request =
                com.refundpipeline.testing.BodyEditor.set(Requests.damaged(order), "order.discount_amount", "600");
        request = com.refundpipeline.testing.BodyEditor.set(request, "order.tax_amount", "540");
        request = com.refundpipeline.testing.BodyEditor.set(request, "order.shipping_amount", "499");
        request = com.refundpipeline.testing.BodyEditor.set(request, "order.captured_amount", "6437");
        JsonPath receipt =
                body(post("/refunds", UUID.randomUUID().toString(), request).body("statusCode", equalTo(201)));
        // requested_amount is what was asked for (the line's price); the preview is what would be paid: one of two
        // T-shirts at 29.99, -3.00 discount, +2.70 tax; the shipping goes back with the order's last unit.
        assertEquals(2999, receipt.getInt("requested_amount"));

        JsonPath view =
                body(invoke(LambdaEvents.functionUrl("GET", "/refunds/" + receipt.getString("case_id"), Map.of(), null))
                        .body("statusCode", equalTo(200)));
        assertEquals(2969, view.getInt("refund_preview.total"));
        assertEquals("TSHIRT-M", view.getString("refund_preview.lines[0].sku"));
        assertEquals(2999, view.getInt("refund_preview.lines[0].goods_amount"));
        assertEquals(300, view.getInt("refund_preview.lines[0].discount_amount"));
        assertEquals(270, view.getInt("refund_preview.lines[0].tax_amount"));
        assertEquals(2969, view.getInt("refund_preview.lines[0].amount"));
        assertEquals(0, view.getInt("refund_preview.shipping_amount"));
        assertEquals(0, view.getInt("refund_preview.cap_adjustment"));
    }

    @Test
    void aRetryOfACaseStillReceivedQueuesVerificationAgainInCaseItsMessageWasLost() {
        // The chaos run (seed 2026): submit-refund wrote the case and stopped before its verification message went
        // out; the client's retry came seconds later, was answered as a replay, and the case stayed received.
        String order = "ord_" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        String caseId = body(post("/refunds", key, Requests.damaged(order)).body("statusCode", equalTo(201)))
                .getString("case_id");
        assertEquals(1, aws.messagesFor(aws.verifyQueue(), caseId), "the first message, which is then lost");

        post("/refunds", key, Requests.damaged(order)).body("statusCode", equalTo(200));

        assertEquals(2, aws.messagesFor(aws.verifyQueue(), caseId), "the retry queues verification again");
    }

    @Test
    void theSameKeyAndBodyAnswerTheSameCaseWithoutASecondCase() {
        String order = "ord_" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        String first = body(post("/refunds", key, Requests.damaged(order)).body("statusCode", equalTo(201)))
                .getString("case_id");
        // Same request, other whitespace and field order: still the same request.
        String reformatted = Requests.damaged(order).replace("\n", " ").replace("  ", " ");
        String second = body(post("/refunds", key, reformatted).body("statusCode", equalTo(200)))
                .getString("case_id");

        assertEquals(first, second);
        assertEquals(1, aws.casesForOrder(order));
        // The retry queues verification again while the case is still received (its first message may be lost).
        assertEquals(2, aws.messagesFor(aws.verifyQueue(), first));
    }

    @Test
    void theSameKeyWithAnotherBodyIsAConflict() {
        String order = "ord_" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        String caseId = body(post("/refunds", key, Requests.damaged(order))).getString("case_id");

        JsonPath error = body(post("/refunds", key, Requests.refund(order, 2, "damaged", true))
                .body("statusCode", equalTo(409)));
        assertEquals("idempotency_key_reused", error.getString("error.code"));
        assertEquals("Idempotency-Key", error.getString("error.field"));
        assertEquals(1, aws.casesForOrder(order));
        assertEquals(1, aws.messagesFor(aws.verifyQueue(), caseId));
    }

    @Test
    void concurrentRetriesOfOneRequestOpenOneCase() throws Exception {
        String order = "ord_" + UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                calls.add(() ->
                        post("/refunds", key, Requests.damaged(order)).extract().path("statusCode"));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(calls)) {
                statuses.add(f.get());
            }
            assertEquals(1, statuses.stream().filter(s -> s == 201).count(), statuses.toString());
            assertEquals(3, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, aws.casesForOrder(order));
    }

    @Test
    void anUnknownCaseIs404() {
        JsonPath error =
                body(invoke(LambdaEvents.functionUrl("GET", "/refunds/rc_00000000000000000000", Map.of(), null))
                        .body("statusCode", equalTo(404)));
        assertEquals("case_not_found", error.getString("error.code"));
    }

    @Test
    void evidenceIsRefusedForACaseNotWaitingOnIt() {
        String caseId = body(post(
                        "/refunds", UUID.randomUUID().toString(), Requests.damaged("ord_" + UUID.randomUUID())))
                .getString("case_id");
        JsonPath error = body(post("/refunds/" + caseId + "/evidence", null, "{\"evidence\": [" + Requests.PHOTO + "]}")
                .body("statusCode", equalTo(409)));
        assertEquals("case_not_awaiting_evidence", error.getString("error.code"));
    }

    @Test
    void errorsCarryCodeMessageAndField() {
        post("/refunds", UUID.randomUUID().toString(), Requests.refund("ord_x", 3, "damaged", true))
                .body("statusCode", equalTo(422))
                .body("body", matchesPattern(".*\"code\":\"quantity_exceeds_order\".*"))
                .body("body", matchesPattern(".*\"field\":\"items\\[0\\]\\.quantity\".*"))
                .body("body", matchesPattern(".*\"message\":\"the order has 2 of TSHIRT-M, not 3\".*"));
    }

    @Test
    void theReadOfNotificationsListsWhatTheCustomerWasTold() {
        String caseId = body(post(
                        "/refunds", UUID.randomUUID().toString(), Requests.damaged("ord_" + UUID.randomUUID())))
                .getString("case_id");
        invoke(LambdaEvents.functionUrl("GET", "/refunds/" + caseId + "/notifications", Map.of(), null))
                .body("statusCode", equalTo(200))
                .body("body", matchesPattern("\\{\"data\":\\[\\]\\}"));
        invoke(LambdaEvents.functionUrl("GET", "/refunds/" + caseId + "/notifications", Map.of(), null))
                .body("isBase64Encoded", equalTo(false))
                .body("cookies", nullValue());
    }

    @Test
    void aKnownPathWithAnotherMethodIs405() {
        JsonPath error = body(invoke(LambdaEvents.functionUrl("GET", "/refunds", Map.of(), null))
                .body("statusCode", equalTo(405)));
        assertEquals("method_not_allowed", error.getString("error.code"));
    }
}
