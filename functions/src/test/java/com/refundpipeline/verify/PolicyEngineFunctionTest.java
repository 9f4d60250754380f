package com.refundpipeline.verify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.Decision;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.TimelineEvent;
import com.refundpipeline.json.Json;
import com.refundpipeline.policy.PolicyLoader;
import com.refundpipeline.replay.ReplayCommand;
import com.refundpipeline.store.CaseRepository;
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
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The policy engine inside verify-evidence: the decision record, holds and their re-check, the SLA pause while
 * waiting on evidence, evidence expiry, and the replay command against what verify-evidence recorded.
 */
@QuarkusTest
@TestProfile(VerifyEvidenceProfile.class)
class PolicyEngineFunctionTest {

    @Inject
    LocalAws aws;

    @Inject
    RefundDesk desk;

    @Inject
    CaseRepository cases;

    String submit(String body) {
        return desk.submit(UUID.randomUUID().toString(), Json.read(body, RefundRequestBody.class))
                .receipt()
                .caseId();
    }

    /** Delivers the verification message the storefront's request queued. */
    void verify(String caseId) {
        LocalAws.QueuedMessage message = aws.takeNew(aws.verifyQueue()).stream()
                .filter(m -> caseId.equals(LocalAws.caseIdOf(m.body())))
                .findFirst()
                .orElseThrow();
        assertEquals(List.of(), Pipeline.deliver(LocalAws.queueArn("VerifyQueue"), List.of(message)));
    }

    void deliverVerification(String caseId) {
        String body = "{\"type\":\"verification_requested\",\"case_id\":\"" + caseId + "\"}";
        assertEquals(
                List.of(),
                Pipeline.deliver(LocalAws.queueArn("VerifyQueue"), List.of("m-" + UUID.randomUUID()), List.of(body)));
    }

    Decision decision(String caseId) {
        return cases.find(caseId).orElseThrow().decision();
    }

    long delayedOnVerifyQueue() {
        return Long.parseLong(aws.sqs()
                .getQueueAttributes(g -> g.queueUrl(aws.verifyQueue())
                        .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
                .attributes()
                .get(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED));
    }

    static String inTransit(String order, Instant shippedAt) {
        String body = Requests.refund(order, 1, "not_received", false);
        body = BodyEditor.set(body, "order.shipment_status", "\"in_transit\"");
        body = BodyEditor.set(body, "order.delivered_at", null);
        return BodyEditor.set(body, "order.shipped_at", "\"" + shippedAt + "\"");
    }

    @Test
    void everyDecisionRecordsItsFindingsPolicyVersionAndInputs() {
        String caseId = submit(Requests.damaged("ord_" + UUID.randomUUID()));
        verify(caseId);
        Decision decision = decision(caseId);
        assertEquals(CaseStatus.APPROVED, decision.outcome());
        assertEquals("within_policy", decision.rule());
        assertEquals("2026-11-v2", decision.policyVersion());
        assertEquals(
                List.of(
                        "order_match",
                        "paid_amount_cap",
                        "return_window",
                        "evidence",
                        "shipment_state",
                        "resalable_return",
                        "automatic_decision",
                        "frequent_refunder",
                        "auto_approve_limit"),
                decision.checks().stream().map(Decision.Check::validator).toList());
        assertTrue(decision.checks().stream().allMatch(Decision.Check::passed));
        assertEquals(5998, decision.inputs().capturedAmount());
        assertEquals(0, decision.inputs().committedElsewhere());
        assertEquals(64, decision.inputsHash().length());
        assertEquals(
                "policy:2026-11-v2",
                LocalAws.timeline(aws.caseItem(caseId)).get(1).actor());
    }

    @Test
    void aFrequentRefunderGoesToAPersonNotToANo() {
        String customer = "cus_" + UUID.randomUUID();
        String last = null;
        for (int i = 0; i < 4; i++) {
            last = submit(BodyEditor.set(
                    Requests.damaged("ord_" + UUID.randomUUID()), "order.customer_id", "\"" + customer + "\""));
            verify(last);
        }
        assertEquals("in_review", aws.caseItem(last).get("status").s());
        assertEquals("frequent_refunder", decision(last).rule());
        assertEquals(3, decision(last).inputs().customerRecentRefunds());
        // The signal is for staff: the storefront's view of the case does not carry it.
        String storefrontView = Json.write(desk.find(last));
        assertFalse(
                storefrontView.contains("frequent") || storefrontView.contains("other refund request"), storefrontView);
        assertTrue(storefrontView.contains("a member of our team is reviewing the request"), storefrontView);
    }

    @Test
    void aParcelStillInTransitIsHeldAndSentRoundUntilTheHoldEnds() {
        Instant shipped = Instant.now().minus(Duration.ofDays(1));
        String caseId = submit(inTransit("ord_" + UUID.randomUUID(), shipped));
        long delayedBefore = delayedOnVerifyQueue();

        verify(caseId);

        assertEquals("on_hold", aws.caseItem(caseId).get("status").s());
        Decision decision = decision(caseId);
        assertEquals(shipped.plus(Duration.ofDays(7)), decision.holdUntil(), "expected transit P5D + grace P2D");
        assertEquals(delayedBefore + 1, delayedOnVerifyQueue(), "the re-check waits on the queue");

        // The re-check arrives before the hold ends (SQS delays are 15 minutes at most): nothing moves, it goes round.
        deliverVerification(caseId);
        assertEquals("on_hold", aws.caseItem(caseId).get("status").s());
        assertEquals("2", aws.caseItem(caseId).get("version").n());
        assertEquals(delayedBefore + 2, delayedOnVerifyQueue());
    }

    @Test
    void whenTheHoldEndsWithTheParcelStillOutAPersonLooks() {
        Instant shipped = Instant.now().minus(Duration.ofDays(8));
        String caseId = submit(inTransit("ord_" + UUID.randomUUID(), shipped));
        RefundCase received = cases.find(caseId).orElseThrow();
        // As verify-evidence left it a week ago: held until yesterday.
        Decision hold = new Decision(
                CaseStatus.ON_HOLD,
                null,
                null,
                "shipment_state",
                "2026-11-v2",
                null,
                "held",
                "policy",
                received.createdAt(),
                List.of(),
                null,
                null,
                Instant.now().minus(Duration.ofDays(1)));
        assertEquals(
                com.refundpipeline.store.TransitionResult.APPLIED,
                cases.apply(received.moveTo(CaseStatus.ON_HOLD, "policy:2026-11-v2", "held", received.createdAt())
                        .withDecision(hold)));
        aws.takeNew(aws.verifyQueue());

        deliverVerification(caseId);

        assertEquals("in_review", aws.caseItem(caseId).get("status").s());
        assertEquals("shipment_state", decision(caseId).rule());
        assertTrue(
                decision(caseId).explanation().contains("past the expected delivery"),
                decision(caseId).explanation());
    }

    /** A case that has been waiting on the customer's evidence since {@code since}. */
    RefundCase waitingSince(Instant opened, Instant since) {
        RefundRequestBody body =
                Json.read(Requests.refund("ord_" + UUID.randomUUID(), 1, "damaged", false), RefundRequestBody.class);
        RefundCase open = RefundCase.open(
                UUID.randomUUID().toString(),
                com.refundpipeline.submit.RefundRequestValidatorAccess.validate(body),
                "hash",
                opened,
                Duration.ofHours(24));
        TimelineEvent asked = new TimelineEvent(
                since,
                "case.needs_evidence",
                CaseStatus.RECEIVED,
                CaseStatus.NEEDS_EVIDENCE,
                "policy:2026-11-v2",
                "evidence: a photo is needed");
        RefundCase waiting = new RefundCase(
                open.caseId(),
                CaseStatus.NEEDS_EVIDENCE,
                2,
                opened,
                since,
                open.resolutionDueAt(),
                open.request(),
                "hash",
                open.requestedAmount(),
                null,
                null,
                List.of(open.timeline().get(0), asked));
        cases.createOrGetExisting(waiting);
        return waiting;
    }

    @Test
    void theSlaClockPausesWhileTheCaseWaitsOnEvidence() {
        Instant opened = Instant.now().minus(Duration.ofHours(5));
        Instant asked = opened.plus(Duration.ofHours(1));
        RefundCase waiting = waitingSince(opened, asked);
        RefundRequestBody.EvidenceAddition photo =
                Json.read("{\"evidence\": [" + Requests.PHOTO + "]}", RefundRequestBody.EvidenceAddition.class);

        Instant before = Instant.now();
        desk.addEvidence(waiting.caseId(), photo);
        Instant after = Instant.now();

        Instant due = Instant.parse(
                aws.caseItem(waiting.caseId()).get("resolution_due_at").s());
        Instant promised = opened.plus(Duration.ofHours(24));
        assertFalse(due.isBefore(promised.plus(Duration.between(asked, before))), due.toString());
        assertFalse(due.isAfter(promised.plus(Duration.between(asked, after))), due.toString());
        assertEquals("verifying", aws.caseItem(waiting.caseId()).get("status").s());
        assertEquals(1, aws.messagesFor(aws.verifyQueue(), waiting.caseId()));
    }

    // ------------------------------------------------------------------ replay

    int replay(PrintStream out, String... args) {
        String endpoint = ConfigProvider.getConfig().getValue("quarkus.dynamodb.endpoint-override", String.class);
        String[] all = new String[args.length + 6];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--table";
        all[args.length + 1] = LocalAws.table("CasesTable");
        all[args.length + 2] = "--endpoint";
        all[args.length + 3] = endpoint;
        all[args.length + 4] = "--region";
        all[args.length + 5] = "us-east-1";
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        try {
            return ReplayCommand.run(all, out, out);
        } finally {
            System.clearProperty("aws.accessKeyId");
            System.clearProperty("aws.secretAccessKey");
        }
    }

    /** The default policy, except that it asks for two photos of a merchant fault. */
    static Path stricterPolicy(Path dir) throws Exception {
        ObjectNode root = (ObjectNode) Json.MAPPER.readTree(PolicyLoaderAccess.defaultDocument());
        root.put("version", "2026-12-v3");
        for (JsonNode rule : root.get("rules")) {
            if (rule.get("id").asText().equals("merchant_fault")) {
                ((ObjectNode) rule).put("photos_required", 2);
            }
        }
        Path file = dir.resolve("policy-2026-12-v3.json");
        Files.writeString(file, Json.MAPPER.writeValueAsString(root));
        return file;
    }

    @Test
    void replayReportsWhatANewPolicyWouldChangeAndChangesNothing(@TempDir Path dir) throws Exception {
        Instant start = Instant.now().minusSeconds(1);
        String damaged = submit(Requests.damaged("ord_" + UUID.randomUUID()));
        verify(damaged);
        String missing = submit(Requests.refund("ord_" + UUID.randomUUID(), 1, "missing_item", false));
        verify(missing);
        Map<String, AttributeValue> damagedBefore = aws.caseItem(damaged);
        Map<String, AttributeValue> missingBefore = aws.caseItem(missing);
        long casesBefore = aws.caseCount();

        ByteArrayOutputStream text = new ByteArrayOutputStream();
        int status = replay(
                new PrintStream(text, true, StandardCharsets.UTF_8),
                "--policy",
                stricterPolicy(dir).toString(),
                "--case",
                damaged,
                "--case",
                missing);

        String report = text.toString(StandardCharsets.UTF_8);
        assertEquals(1, status, report);
        assertTrue(report.startsWith("policy 2026-12-v3: 2 case(s) re-decided, 1 would change"), report);
        assertTrue(
                report.contains("CHANGED damaged           " + damaged
                        + "  2026-11-v2 approved 29.99 USD by within_policy (policy)  ->  needs_evidence by evidence"),
                report);
        assertTrue(report.contains("same    missing_item      " + missing), report);
        assertEquals(damagedBefore, aws.caseItem(damaged), "replay writes nothing");
        assertEquals(missingBefore, aws.caseItem(missing));
        assertEquals(casesBefore, aws.caseCount());

        ByteArrayOutputStream json = new ByteArrayOutputStream();
        int same = replay(
                new PrintStream(json, true, StandardCharsets.UTF_8),
                "--policy",
                "classpath:policy/default.json",
                "--since",
                start.toString(),
                "--json");
        JsonNode result = Json.MAPPER.readTree(json.toString(StandardCharsets.UTF_8));
        assertEquals(0, same, result.toString());
        assertEquals(0, result.get("changed").asInt());
        assertTrue(result.get("cases").asInt() >= 2, result.toString());
        for (JsonNode line : result.get("lines")) {
            if (line.get("case_id").asText().equals(damaged)) {
                assertTrue(line.get("same_inputs").asBoolean(), "same policy, same facts, same hash: " + line);
            }
        }
    }

    @Test
    void replayRefusesABrokenPolicyOrArgumentsWithoutReadingAnything(@TempDir Path dir) throws Exception {
        Path broken = dir.resolve("broken.json");
        Files.writeString(broken, PolicyLoaderAccess.defaultDocument().replace("\"P7D\"}", "\"fortnight\"}"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertEquals(2, replay(new PrintStream(out, true, StandardCharsets.UTF_8), "--policy", broken.toString()));
        assertTrue(
                out.toString(StandardCharsets.UTF_8)
                        .contains("refund policy: needs_evidence.expires_after: must be an ISO-8601 duration"),
                out.toString(StandardCharsets.UTF_8));
        assertEquals(
                2,
                ReplayCommand.run(
                        new String[] {"--policy"},
                        new PrintStream(new ByteArrayOutputStream()),
                        new PrintStream(new ByteArrayOutputStream())));
    }

    /** The default policy's text, as PolicyLoader reads it. */
    static final class PolicyLoaderAccess {
        static String defaultDocument() throws Exception {
            try (var in = PolicyLoader.class.getClassLoader().getResourceAsStream("policy/default.json")) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        }
    }
}
