package com.refundpipeline.webhook;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.refundpipeline.json.Json;
import com.refundpipeline.submit.RefundDesk;
import com.refundpipeline.submit.RefundRequestBody;
import com.refundpipeline.testing.CarrierWebhookProfile;
import com.refundpipeline.testing.LambdaEvents;
import com.refundpipeline.testing.LocalAws;
import com.refundpipeline.testing.Requests;
import com.refundpipeline.verify.EvidenceVerifier;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * carrier-webhook with EasyPost's tracker.updated events (the Event and Tracker shapes of EasyPost's API reference),
 * signed as EasyPost signs them: the return parcel moves the case, and nothing else does.
 */
@QuarkusTest
@TestProfile(CarrierWebhookProfile.class)
class CarrierWebhookFunctionTest {

    @Inject
    LocalAws aws;

    @Inject
    RefundDesk desk;

    @Inject
    EvidenceVerifier verifier;

    record Answer(int status, JsonPath body) {}

    static String event(String description, String trackingCode, String status) {
        return """
                {"id": "evt_%s", "object": "Event", "mode": "test", "description": "%s",
                 "previous_attributes": {"status": "pre_transit"},
                 "result": {"id": "trk_1", "object": "Tracker", "mode": "test", "tracking_code": "%s",
                            "status": "%s", "carrier": "USPS", "is_return": true,
                            "tracking_details": [{"object": "TrackingDetail", "status": "%4$s",
                                                  "datetime": "2026-11-30T10:00:00Z"}]}}""".formatted(UUID.randomUUID(), description, trackingCode, status);
    }

    static Answer send(String body, String signature) {
        return post("/easypost", "x-hmac-signature", signature, body);
    }

    /** {@code call} made {@code times} at once; what each answered. */
    static List<String> concurrently(int times, Callable<String> call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(times);
        List<String> outcomes = new ArrayList<>();
        try {
            List<Callable<String>> deliveries = new ArrayList<>();
            for (int i = 0; i < times; i++) {
                deliveries.add(call);
            }
            for (Future<String> f : pool.invokeAll(deliveries)) {
                outcomes.add(f.get());
            }
        } finally {
            pool.shutdown();
        }
        return outcomes;
    }

    /** A POST to carrier-webhook's URL at {@code path}, signed in {@code header} unless the signature is null. */
    static Answer post(String path, String header, String signature, String body) {
        Map<String, String> headers = new HashMap<>();
        headers.put("content-type", "application/json");
        if (signature != null) {
            headers.put(header, signature);
        }
        JsonPath response = new JsonPath(given().contentType("application/json")
                .body(LambdaEvents.functionUrl("POST", path, headers, body))
                .when()
                .post("/_lambda_")
                .then()
                .statusCode(200)
                .extract()
                .asString());
        return new Answer(response.getInt("statusCode"), new JsonPath(response.getString("body")));
    }

    static Answer signed(String body) {
        return send(
                body,
                EasyPostSignature.header(body.getBytes(StandardCharsets.UTF_8), CarrierWebhookProfile.WEBHOOK_SECRET));
    }

    /** A changed-mind case waiting for its parcel; returns its id and tracking code. */
    String[] awaitingReturn() {
        String body = Requests.refund("ord_" + UUID.randomUUID(), 1, "changed_mind", false);
        String caseId = desk.submit(UUID.randomUUID().toString(), Json.read(body, RefundRequestBody.class))
                .receipt()
                .caseId();
        verifier.verify(caseId);
        assertEquals("awaiting_return", status(caseId));
        String tracking = aws.scan("ReturnLabelsTable").stream()
                .filter(i -> caseId.equals(i.get("case_id").s()) && i.containsKey("tracking_code"))
                .findFirst()
                .orElseThrow()
                .get("tracking_code")
                .s();
        return new String[] {caseId, tracking};
    }

    String status(String caseId) {
        return aws.caseItem(caseId).get("status").s();
    }

    long version(String caseId) {
        return Long.parseLong(aws.caseItem(caseId).get("version").n());
    }

    @Test
    void theParcelMovesTheCaseAndReplayedOrLateEventsChangeNothing() {
        String[] c = awaitingReturn();
        String caseId = c[0];
        String tracking = c[1];

        Answer moving = signed(event("tracker.updated", tracking, "in_transit"));
        assertEquals(200, moving.status());
        assertEquals("moved", moving.body().getString("outcome"));
        assertEquals("return_in_transit", status(caseId));
        long inTransit = version(caseId);

        // The same event again, and an out-for-delivery scan: already in transit, nothing changes.
        assertEquals(
                "unchanged",
                signed(event("tracker.updated", tracking, "in_transit")).body().getString("outcome"));
        assertEquals(
                "unchanged",
                signed(event("tracker.updated", tracking, "out_for_delivery"))
                        .body()
                        .getString("outcome"));
        assertEquals(inTransit, version(caseId));

        assertEquals(
                "moved",
                signed(event("tracker.updated", tracking, "delivered")).body().getString("outcome"));
        assertEquals("return_received", status(caseId));
        long received = version(caseId);
        // A late in-transit scan after delivery, a replayed delivery: nothing changes.
        assertEquals(
                "unchanged",
                signed(event("tracker.updated", tracking, "in_transit")).body().getString("outcome"));
        assertEquals(
                "unchanged",
                signed(event("tracker.updated", tracking, "delivered")).body().getString("outcome"));
        assertEquals(received, version(caseId));
        List<String> types = LocalAws.timeline(aws.caseItem(caseId)).stream()
                .map(e -> e.type())
                .toList();
        assertEquals(
                List.of("case.received", "case.awaiting_return", "case.return_in_transit", "case.return_received"),
                types);
        assertEquals(
                "carrier:USPS",
                LocalAws.timeline(aws.caseItem(caseId)).getLast().actor());
    }

    @Test
    void concurrentDeliveriesOfOneEventMoveTheCaseOnce() throws Exception {
        String[] c = awaitingReturn();
        String body = event("tracker.updated", c[1], "delivered");
        List<String> outcomes = concurrently(4, () -> signed(body).body().getString("outcome"));
        assertEquals(1, outcomes.stream().filter("moved"::equals).count(), outcomes.toString());
        assertEquals("return_received", status(c[0]));
        assertEquals(3, version(c[0]));
    }

    @Test
    void unsignedForgedUnknownAndOtherEventsChangeNothing() {
        String[] c = awaitingReturn();
        String body = event("tracker.updated", c[1], "delivered");
        long before = version(c[0]);

        Answer unsigned = send(body, null);
        assertEquals(400, unsigned.status());
        assertEquals("signature_invalid", unsigned.body().getString("error.code"));
        assertEquals(400, send(body, "hmac-sha256-hex=" + "0".repeat(64)).status());
        assertEquals(400, send(body, "hmac-sha256-hex=not-hex").status());
        assertEquals(
                400,
                send(body, EasyPostSignature.header(body.getBytes(StandardCharsets.UTF_8), "another-secret"))
                        .status());
        // Signed, but for a body that was then changed.
        String signature =
                EasyPostSignature.header(body.getBytes(StandardCharsets.UTF_8), CarrierWebhookProfile.WEBHOOK_SECRET);
        assertEquals(
                400, send(body.replace("delivered", "in_transit"), signature).status());

        assertEquals(
                "unknown_tracking",
                signed(event("tracker.updated", "UNKNOWN123", "delivered"))
                        .body()
                        .getString("outcome"));
        assertEquals(
                "ignored_status",
                signed(event("tracker.updated", c[1], "return_to_sender"))
                        .body()
                        .getString("outcome"));
        assertEquals(
                "batch.updated",
                signed(event("batch.updated", c[1], "delivered")).body().getString("ignored"));
        Answer notJson = signed("{not json");
        assertEquals(400, notJson.status());
        assertEquals("invalid_json", notJson.body().getString("error.code"));
        assertEquals("awaiting_return", status(c[0]));
        assertEquals(before, version(c[0]));
    }
}
