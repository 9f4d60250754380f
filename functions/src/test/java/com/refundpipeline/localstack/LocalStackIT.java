package com.refundpipeline.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.refundpipeline.localstack.aws.AwsClients;
import com.refundpipeline.localstack.aws.CustomerChannels;
import com.refundpipeline.localstack.aws.StripeWebhookSender;
import com.refundpipeline.localstack.lambda.LocalFunction;
import com.refundpipeline.localstack.template.StackTemplate;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * The whole stack as `make run` starts it (the real template, the packaged functions, each in its own process),
 * on free ports, driven over HTTP through the local function URL. It lives in the functions module so that it runs
 * after function.zip is packaged (the integration-test phase), with the local stack module on its classpath.
 */
class LocalStackIT {

    static final Path TEMPLATE = Path.of("../infra/template.yaml");
    static final Path ARTIFACT = Path.of("target/function.zip");
    static final Duration SETTLE = Duration.ofSeconds(90);
    static final ObjectMapper JSON = new ObjectMapper();
    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static LocalStack stack;
    static SqsClient sqs;

    @BeforeAll
    static void start() throws Exception {
        if (!Files.isRegularFile(ARTIFACT)) {
            fail(ARTIFACT.toAbsolutePath() + " is missing: build the functions first (./mvnw -pl functions package)");
        }
        // A short visibility timeout, so failed messages come back (and reach their dead-letter queue) in seconds.
        Options options = new Options(TEMPLATE, ARTIFACT, 0, null, Map.of(), 5, 0, 0, 2);
        stack = new LocalStack(options, StackHome.locate()).start();
        sqs = AwsClients.sqs(stack.endpoints().sqsEndpoint(), stack.endpoints().region());
        System.out.printf("stack ready in %d ms on port %d%n", stack.startup().toMillis(), stack.port());
    }

    @AfterAll
    static void stop() {
        if (sqs != null) {
            sqs.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    // ------------------------------------------------------------------------------------------------ cases

    @Test
    void aCleanRequestIsApprovedAndPaidAndTheCustomerHearsOfIt() throws Exception {
        Instant start = Instant.now();
        ObjectNode body = request("ord_it_paid");
        String email = "it-" + UUID.randomUUID() + "@example.com";
        ObjectNode customer = (ObjectNode) body.path("customer");
        customer.put("email", email);
        // A zone where it is now about noon, so quiet hours hold nothing back.
        int offset = Math.floorMod(12 - Instant.now().atZone(ZoneOffset.UTC).getHour() + 12, 24) - 12;
        customer.put("time_zone", offset == 0 ? "Etc/GMT" : "Etc/GMT" + (offset > 0 ? "-" : "+") + Math.abs(offset));
        JsonNode receipt = submit(body, key());
        assertEquals("received", receipt.path("status").asText(), receipt::toString);
        String caseId = receipt.path("case_id").asText();
        JsonNode paid = awaitCase(caseId, "paid");
        assertEquals("succeeded", paid.path("payout").path("status").asText(), paid::toString);
        System.out.printf(
                "submit to paid: %d ms%n",
                Duration.between(start, Instant.now()).toMillis());

        // send-follow-up's email went to the stack's stand-in for SES, not to AWS: approved (opening with the
        // received text, ADR 0036), then paid; and nothing more, a second later.
        Instant deadline = Instant.now().plus(SETTLE);
        List<CustomerChannels.Sent> toCustomer = List.of();
        while (toCustomer.size() < 2 && Instant.now().isBefore(deadline)) {
            Thread.sleep(200);
            toCustomer = stack.customerMessages().stream()
                    .filter(m -> m.to().equals(email))
                    .toList();
        }
        Thread.sleep(1000);
        List<CustomerChannels.Sent> received = stack.customerMessages().stream()
                .filter(m -> m.to().equals(email))
                .toList();
        assertEquals(2, received.size(), () -> "emails to the customer: " + received);
        assertTrue(
                received.stream()
                        .allMatch(m -> m.channel().equals("email") && m.body().contains(caseId)),
                () -> "each email names the case: " + received);
    }

    /** The bench measures submit alone this way (issue 13); the waiting messages are not lost. */
    @Test
    void aCaseWaitsInItsQueueWhileTheEventSourceMappingsAreOffAndMovesOnWhenTheyAreOn() throws Exception {
        String caseId;
        stack.eventSourceMappingsEnabled(false);
        try {
            caseId = submit(request("ord_it_mappings_off"), key())
                    .path("case_id")
                    .asText();
            Thread.sleep(3000);
            assertEquals("received", get(caseId).path("status").asText(), "nothing read the verify queue");
        } finally {
            stack.eventSourceMappingsEnabled(true);
        }
        awaitCase(caseId, "paid");
    }

    @Test
    void aRequestOutsideTheReturnWindowIsDeclined() throws Exception {
        ObjectNode body = request("ord_it_declined");
        ObjectNode order = (ObjectNode) body.path("order");
        order.put("placed_at", "2024-01-02T08:00:00Z");
        order.put("shipped_at", "2024-01-02T18:00:00Z");
        order.put("delivered_at", "2024-01-04T10:00:00Z");
        JsonNode receipt = submit(body, key());
        awaitCase(receipt.path("case_id").asText(), "declined");
    }

    @Test
    void damageWithoutAPhotoNeedsEvidence() throws Exception {
        ObjectNode body = request("ord_it_evidence");
        body.putArray("evidence");
        JsonNode receipt = submit(body, key());
        awaitCase(receipt.path("case_id").asText(), "needs_evidence");
    }

    @Test
    void theSameKeyAndBodyAnswerTheSameCase() throws Exception {
        String key = key();
        ObjectNode body = request("ord_it_twice");
        JsonNode first = submit(body, key);
        HttpResponse<String> again = post(body, key);
        assertEquals(200, again.statusCode(), again::body);
        assertEquals(
                first.path("case_id").asText(),
                JSON.readTree(again.body()).path("case_id").asText());
    }

    @Test
    void aPoisonMessageEndsInTheDeadLetterQueue() {
        StackTemplate.Queue verify = stack.template().queue("VerifyQueue").orElseThrow();
        StackTemplate.Queue dlq = stack.template()
                .queue(verify.redrive().deadLetterQueueLogicalId())
                .orElseThrow();
        String poison = "not json " + UUID.randomUUID();
        sqs.sendMessage(r -> r.queueUrl(verify.url()).messageBody(poison));
        Instant deadline = Instant.now().plus(SETTLE);
        while (Instant.now().isBefore(deadline)) {
            for (Message m : sqs.receiveMessage(
                            r -> r.queueUrl(dlq.url()).maxNumberOfMessages(10).waitTimeSeconds(2))
                    .messages()) {
                if (m.body().equals(poison)) {
                    return;
                }
            }
        }
        fail("the poison message did not reach " + dlq.name() + " within " + SETTLE.toSeconds() + " s");
    }

    @Test
    void aProcessKilledMidBatchLosesNothingAndPaysOnce() throws Exception {
        LocalFunction verify = stack.functions().stream()
                .filter(f -> f.name().equals("verify-evidence"))
                .findFirst()
                .orElseThrow();
        JsonNode receipt = submit(request("ord_it_killed"), key());
        Instant deadline = Instant.now().plusSeconds(30);
        while (!verify.busy() && Instant.now().isBefore(deadline)) {
            Thread.sleep(2);
        }
        assertTrue(verify.busy(), "verify-evidence never took the message");
        ProcessHandle.of(verify.pid()).ifPresent(ProcessHandle::destroyForcibly);

        JsonNode paid = awaitCase(receipt.path("case_id").asText(), "paid");
        long approvals = 0;
        for (JsonNode event : paid.path("timeline")) {
            if (event.path("to").asText().equals("approved")) {
                approvals++;
            }
        }
        assertEquals(1, approvals, () -> "one approval expected: " + paid.path("timeline"));
    }

    @Test
    void aSignedWebhookSettlesThePayoutAndAnUnsignedOneIsRefused() throws Exception {
        String secret = stack.secrets().get("refunds/local/stripe-webhook-secret");
        assertTrue(secret != null && secret.startsWith("whsec_local_"), () -> "local secrets: " + stack.secrets());
        StripeWebhookSender webhook =
                new StripeWebhookSender(stack.functionUrl("payout-webhook").resolve("stripe"));

        // 29.91 ends in 91: the sandbox provider leaves the refund pending, for the webhook to settle.
        ObjectNode body = request("ord_it_webhook");
        ObjectNode order = (ObjectNode) body.path("order");
        order.put("captured_amount", 5982);
        ((ObjectNode) order.path("lines").get(0)).put("unit_amount", 2991);
        String caseId = submit(body, key()).path("case_id").asText();
        Instant now = Instant.now();
        String event = StripeWebhookSender.refundEvent(caseId, 1, "refund.updated", "succeeded", now);

        // Refused before the body is read (and these warm payout-webhook up while the case gets to its payout).
        HttpResponse<String> unsigned = webhook.send(event, null);
        assertEquals(400, unsigned.statusCode(), unsigned::body);
        assertTrue(unsigned.body().contains("signature_invalid"), unsigned::body);
        HttpResponse<String> forged = webhook.send(event, StripeWebhookSender.signature("whsec_forged", event, now));
        assertEquals(400, forged.statusCode(), forged::body);
        assertTrue(forged.body().contains("signature_invalid"), forged::body);

        // The webhook races issue-payout's own re-check of the pending refund (after the queue's visibility
        // timeout): whichever comes first settles the case, the other finds it settled. Either way: paid once.
        awaitCase(caseId, "payout_pending");
        HttpResponse<String> signed = webhook.send(event, StripeWebhookSender.signature(secret, event, now));
        assertEquals(200, signed.statusCode(), signed::body);
        String settlement = JSON.readTree(signed.body()).path("settlement").asText();
        assertTrue(settlement.equals("applied") || settlement.equals("already_settled"), signed::body);
        JsonNode paid = awaitCase(caseId, "paid");
        assertEquals("succeeded", paid.path("payout").path("status").asText(), paid::toString);
        long paidMoves = 0;
        for (JsonNode move : paid.path("timeline")) {
            if (move.path("to").asText().equals("paid")) {
                paidMoves++;
            }
        }
        // "applied" settles the payout record; the case's move to paid may still be issue-payout's, whichever of
        // the two reached the case first. What must hold is one move to paid.
        assertEquals(1, paidMoves, () -> paid.path("timeline").toString());
    }

    // ------------------------------------------------------------------------------------------------ helpers

    static String key() {
        return "it-" + UUID.randomUUID();
    }

    static URI refunds() {
        return stack.functionUrl("submit-refund").resolve("refunds");
    }

    static ObjectNode request(String orderId) throws IOException {
        ObjectNode body = (ObjectNode) JSON.readTree(Main.SAMPLE_REFUND);
        ((ObjectNode) body.path("order")).put("id", orderId);
        // One customer per case: several requests by one customer are a frequent-refunder signal for a person.
        ((ObjectNode) body.path("order")).put("customer_id", "cus_" + UUID.randomUUID());
        return body;
    }

    static HttpResponse<String> post(JsonNode body, String idempotencyKey) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(refunds())
                        .header("Content-Type", "application/json")
                        .header("Idempotency-Key", idempotencyKey)
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .timeout(Duration.ofSeconds(60))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode submit(JsonNode body, String idempotencyKey) throws Exception {
        HttpResponse<String> response = post(body, idempotencyKey);
        assertEquals(201, response.statusCode(), response::body);
        return JSON.readTree(response.body());
    }

    static JsonNode get(String caseId) throws Exception {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(refunds() + "/" + caseId))
                        .timeout(Duration.ofSeconds(60))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response::body);
        return JSON.readTree(response.body());
    }

    /** Polls the case until its status is the expected one; fails on timeout with the last state seen. */
    static JsonNode awaitCase(String caseId, String status) throws Exception {
        return await(caseId, c -> c.path("status").asText().equals(status), "status " + status);
    }

    static JsonNode await(String caseId, Predicate<JsonNode> done, String what) throws Exception {
        Instant deadline = Instant.now().plus(SETTLE);
        JsonNode last = null;
        while (Instant.now().isBefore(deadline)) {
            last = get(caseId);
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("case " + caseId + " did not reach " + what + " within " + SETTLE.toSeconds()
                + " s; last seen: " + last);
    }
}
