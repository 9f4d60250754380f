package com.refundpipeline.followup;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.RefundRequest;
import com.refundpipeline.json.Json;
import com.refundpipeline.logging.LogEvents;
import com.refundpipeline.messaging.CaseMessage;
import com.refundpipeline.store.CaseRepository;
import com.refundpipeline.submit.RefundDesk;
import com.refundpipeline.submit.RefundRequestBody;
import com.refundpipeline.testing.LambdaEvents;
import com.refundpipeline.testing.LocalAws;
import com.refundpipeline.testing.LogCapture;
import com.refundpipeline.testing.Pipeline;
import com.refundpipeline.testing.Requests;
import com.refundpipeline.testing.SendFollowUpProfile;
import com.refundpipeline.testing.TestClock;
import com.refundpipeline.testing.WireMockAws;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@QuarkusTest
@TestProfile(SendFollowUpProfile.class)
class SendFollowUpFunctionTest {

    @Inject
    LocalAws aws;

    @Inject
    RefundDesk desk;

    @Inject
    CaseRepository cases;

    @Inject
    TestClock clock;

    @BeforeEach
    void middayInShanghaiAndParis() {
        clock.set(Instant.parse("2026-11-24T04:00:00Z"));
        WireMockAws.acceptAll();
    }

    String arn() {
        return LocalAws.queueArn("FollowUpQueue");
    }

    List<Map<String, AttributeValue>> notifications(String caseId) {
        return aws.scan("NotificationsTable").stream()
                .filter(i -> caseId.equals(i.get("case_id").s()))
                .toList();
    }

    @Test
    void recordsTheCustomersMessageOnceInTheirLanguage() {
        String caseId = desk.submit(
                        UUID.randomUUID().toString(),
                        Json.read(Requests.damaged("ord_" + UUID.randomUUID()), RefundRequestBody.class))
                .receipt()
                .caseId();
        // submit-refund sends no follow-up of its own (verification's outcome tells both); a status_changed for
        // received, as a message sent before that change carries, is still told.
        LocalAws.QueuedMessage received = new LocalAws.QueuedMessage(
                UUID.randomUUID().toString(),
                Json.write(new CaseMessage(
                        CaseMessage.Type.STATUS_CHANGED, caseId, CaseStatus.RECEIVED, 1L, clock.instant())));

        assertEquals(List.of(), Pipeline.deliver(arn(), List.of(received, received)));
        assertEquals(List.of(), Pipeline.deliver(arn(), List.of(received)));

        List<Map<String, AttributeValue>> recorded = notifications(caseId);
        assertEquals(1, recorded.size());
        assertEquals(
                caseId + "#received", recorded.get(0).get("notification_id").s());
        // Noon in Shanghai: sent at once, by SES, once.
        assertEquals("sent", recorded.get(0).get("delivery_status").s());
        assertEquals(
                1,
                WireMockAws.server()
                        .findAll(postRequestedFor(urlEqualTo("/v2/email/outbound-emails"))
                                .withRequestBody(containing(caseId)))
                        .size());
        String document = recorded.get(0).get("document").s();
        assertTrue(document.contains("我们已收到订单"), document);
        assertTrue(document.contains("29.99 USD"), document);
        assertTrue(document.contains("CST"), "the promise is shown in the customer's time zone: " + document);
        assertTrue(!document.contains("a@example.com"), "the outbox keeps no contact details in the message");
    }

    @Test
    void theScheduleAlertsOperationsOnceForACasePastItsPromise() {
        RefundCase late = RefundCase.open(
                UUID.randomUUID().toString(),
                request(),
                "hash",
                clock.instant().minus(Duration.ofHours(30)),
                Duration.ofHours(24));
        cases.createOrGetExisting(late);

        List<JsonNode> breaches;
        try (LogCapture logs = LogCapture.start()) {
            for (int firing = 0; firing < 2; firing++) {
                // A scheduled invocation returns nothing: the mock event server answers 204.
                given().contentType("application/json")
                        .body(LambdaEvents.scheduled("exec-" + firing))
                        .when()
                        .post("/_lambda_")
                        .then()
                        .statusCode(200);
            }
            breaches = logs.events(LogEvents.SLA_BREACHED).stream()
                    .filter(line -> line.path("message").asText().contains(late.caseId()))
                    .toList();
        }
        // What the SlaBreaches metric filter counts: once per target missed, as the alerts.
        assertEquals(2, breaches.size(), () -> "sla_breached lines: " + breaches);

        // One alert per target missed (decision and payout), whatever the number of firings.
        List<String> alerts = notifications(late.caseId()).stream()
                .map(i -> i.get("notification_id").s())
                .filter(id -> id.contains("#sla_"))
                .sorted()
                .toList();
        assertEquals(List.of(late.caseId() + "#sla_breach", late.caseId() + "#sla_decision"), alerts);
    }

    @Test
    void poisonMessagesAreReportedAndTheRestOfTheBatchIsProcessed() {
        String caseId = desk.submit(
                        UUID.randomUUID().toString(),
                        Json.read(Requests.damaged("ord_" + UUID.randomUUID()), RefundRequestBody.class))
                .receipt()
                .caseId();
        String good = "{\"type\":\"status_changed\",\"case_id\":\"" + caseId + "\",\"status\":\"received\"}";
        List<String> ids = List.of("good", "not-json", "other-kind", "no-status", "never-reached");
        List<String> bodies = List.of(
                good,
                "<xml/>",
                "{\"type\":\"verification_requested\",\"case_id\":\"" + caseId + "\"}",
                "{\"type\":\"status_changed\",\"case_id\":\"" + caseId + "\"}",
                "{\"type\":\"status_changed\",\"case_id\":\"" + caseId + "\",\"status\":\"paid\"}");

        List<String> failures = Pipeline.deliver(arn(), ids, bodies);

        assertEquals(
                List.of("never-reached", "no-status", "not-json", "other-kind"),
                failures.stream().sorted().toList());
        assertEquals(1, notifications(caseId).size());
    }

    static RefundRequest request() {
        return com.refundpipeline.domain.TestOrders.request();
    }
}
