package com.refundpipeline.cost;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.refundpipeline.followup.SendFollowUpFunction;
import com.refundpipeline.json.Json;
import com.refundpipeline.messaging.CaseMessage;
import com.refundpipeline.pay.IssuePayoutFunction;
import com.refundpipeline.testing.CallMeter;
import com.refundpipeline.testing.ChainProfile;
import com.refundpipeline.testing.LambdaEvents;
import com.refundpipeline.testing.LocalAws;
import com.refundpipeline.testing.Requests;
import com.refundpipeline.testing.WireMockAws;
import com.refundpipeline.verify.VerifyEvidenceFunction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What one paid case costs in calls and DynamoDB units, function by function, counted in-process (without the SQS
 * pollers, which the bench counts). Writes the table to target/calls-per-case.md; the figures are deterministic, so
 * they do not depend on how busy the machine is. Fails when a function's reads, writes or write request units, or the
 * case's write request units (as AWS bills them, {@link CallMeter#awsBilled}), grow past the budget in
 * bench/calls-per-case.json (ADR 0011, ADR 0012).
 */
@QuarkusTest
@TestProfile(ChainProfile.class)
class CallsPerCaseTest {

    @Inject
    LocalAws aws;

    @Inject
    VerifyEvidenceFunction verifyEvidence;

    @Inject
    IssuePayoutFunction issuePayout;

    @Inject
    SendFollowUpFunction sendFollowUp;

    /**
     * The customer's time zone set to where it is about noon now: the common path sends each message at once (in the
     * customer's night they wait, which costs other writes), whatever the hour the test runs at.
     */
    static String middayCustomer(String body) {
        int offset = 12 - java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC).getHour();
        String zone = offset == 0 ? "Etc/GMT" : "Etc/GMT" + (offset > 0 ? "-" : "+") + Math.abs(offset);
        return body.replace("Asia/Shanghai", zone);
    }

    @Test
    void aPaidCaseCostsWhatTheBudgetSays() throws IOException {
        CallMeter.reset();
        String order = "ord_" + UUID.randomUUID();
        aws.takeNew(aws.verifyQueue());
        aws.takeNew(aws.payoutQueue());
        aws.takeNew(aws.followUpQueue());

        CallMeter.start("submit-refund");
        String response = io.restassured.RestAssured.given()
                .contentType("application/json")
                .body(LambdaEvents.functionUrl(
                        "POST",
                        "/refunds",
                        Map.of(
                                "content-type",
                                "application/json",
                                "idempotency-key",
                                UUID.randomUUID().toString()),
                        middayCustomer(Requests.damaged(order))))
                .post("/_lambda_")
                .then()
                .statusCode(200)
                .extract()
                .path("body");
        String caseId = new JsonPath(response).getString("case_id");
        CallMeter.stop();

        for (int round = 0; round < 3; round++) {
            CallMeter.start("verify-evidence");
            aws.takeNew(aws.verifyQueue())
                    .forEach(m -> verifyEvidence.verifyEvidence(Json.read(m.body(), CaseMessage.class)));
            CallMeter.start("issue-payout");
            aws.takeNew(aws.payoutQueue())
                    .forEach(m -> issuePayout.issuePayout(Json.read(m.body(), CaseMessage.class)));
            CallMeter.start("send-follow-up");
            for (LocalAws.QueuedMessage m : aws.takeNew(aws.followUpQueue())) {
                sendFollowUp.sendFollowUp(Json.MAPPER.readTree(m.body()));
            }
            CallMeter.stop();
        }
        assertEquals("paid", aws.caseItem(caseId).get("status").s());
        // SES's own "Email Sent" event of each email comes back through the follow-up queue (ADR 0063), seconds
        // after its sender recorded the outcome: part of what a case costs.
        CallMeter.start("send-follow-up");
        for (LoggedRequest email : WireMockAws.server()
                .findAll(postRequestedFor(urlEqualTo("/v2/email/outbound-emails"))
                        .withRequestBody(containing(caseId)))) {
            JsonNode tags = Json.MAPPER.readTree(email.getBodyAsString()).path("EmailTags");
            sendFollowUp.sendFollowUp(Json.MAPPER.readTree(LambdaEvents.emailSent(
                    "refunds-test-email",
                    tags.path(0).path("Value").asText(),
                    UUID.randomUUID().toString(),
                    Instant.now().toString())));
        }
        CallMeter.stop();

        StringBuilder table = new StringBuilder("""
                | function | DynamoDB reads | DynamoDB writes | SQS calls | calls | RRU | WRU (AWS) | WRU (DynamoDB Local) | operations |
                |---|---:|---:|---:|---:|---:|---:|---:|---|
                """);
        int calls = 0;
        double writeUnits = 0;
        double localWriteUnits = 0;
        for (String function : CHAIN) {
            CallMeter.Tally t = CallMeter.tallies().getOrDefault(function, new CallMeter.Tally());
            calls += t.calls();
            writeUnits += t.awsWriteUnits;
            localWriteUnits += t.writeUnits;
            table.append("| ")
                    .append(function)
                    .append(" | ")
                    .append(t.reads)
                    .append(" | ")
                    .append(t.writes)
                    .append(" | ")
                    .append(t.sqs)
                    .append(" | ")
                    .append(t.calls())
                    .append(" | ")
                    .append(t.readUnits)
                    .append(" | ")
                    .append(t.awsWriteUnits)
                    .append(" | ")
                    .append(t.writeUnits)
                    .append(" | ")
                    .append(t.operations)
                    .append(" |\n");
        }
        table.append("| **total** | | | | **")
                .append(calls)
                .append("** | | **")
                .append(writeUnits)
                .append("** | ")
                .append(localWriteUnits)
                .append(" | |\n");
        table.append(
                "\nWRU (AWS) is what AWS bills, the budget's figure: DynamoDB Local reports a transaction's item four"
                        + " times per KB where AWS bills it twice (TransactionUnitsTest, ADR 0012).\n");
        table.append("\nWrites, one per line:\n\n");
        for (String function : CHAIN) {
            CallMeter.Tally t = CallMeter.tallies().getOrDefault(function, new CallMeter.Tally());
            t.writeDetails.forEach(d ->
                    table.append("- ").append(function).append(": ").append(d).append('\n'));
        }
        table.append("\nItem sizes at the end (bytes, DynamoDB's count of names and values):\n\n");
        aws.scan("CasesTable").stream()
                .filter(item -> item.get("case_id").s().startsWith(caseId))
                .forEach(item -> table.append("- cases ")
                        .append(item.get("case_id").s())
                        .append(": ")
                        .append(ItemSize.of(item))
                        .append(' ')
                        .append(ItemSize.breakdown(item))
                        .append('\n'));
        for (String t : List.of("NotificationsTable", "PayoutsTable", "OrderLedgerTable")) {
            aws.scan(t).stream()
                    .filter(item -> item.values().stream()
                            .anyMatch(v -> v.s() != null && (v.s().contains(caseId) || v.s().equals(order))))
                    .forEach(item -> table.append("- ")
                            .append(t)
                            .append(": ")
                            .append(ItemSize.of(item))
                            .append(' ')
                            .append(ItemSize.breakdown(item))
                            .append('\n'));
        }
        Files.writeString(Path.of("target", "calls-per-case.md"), table);
        System.out.println("calls per paid case:\n" + table);

        // The budget: calls and write request units may not grow past bench/calls-per-case.json.
        JsonNode budget;
        try (InputStream in = CallsPerCaseTest.class.getResourceAsStream(BUDGET)) {
            budget = Json.MAPPER.readTree(in);
        }
        List<String> over = new ArrayList<>();
        for (JsonNode f : budget.path("functions")) {
            String function = f.path("function").asText();
            // tally-figures reads the cases stream, which this chain has not: TallyFiguresFunctionTest meters it.
            if (!f.path("common_path").asBoolean() || !CHAIN.contains(function)) {
                continue;
            }
            CallMeter.Tally t = CallMeter.tallies().getOrDefault(function, new CallMeter.Tally());
            check(over, function, "dynamodb_reads", t.reads, f);
            check(over, function, "dynamodb_writes", t.writes, f);
            check(over, function, "write_request_units", t.awsWriteUnits, f);
        }
        if (writeUnits > budget.path("write_request_units_per_case").asDouble()) {
            over.add("write request units per case: " + writeUnits + " > "
                    + budget.path("write_request_units_per_case").asDouble());
        }
        assertTrue(over.isEmpty(), "over the budget in " + BUDGET + ": " + over + "\n" + table);
    }

    private static final String BUDGET = "/bench/calls-per-case.json";

    /** The functions a paid case passes through here, in order. */
    private static final List<String> CHAIN =
            List.of("submit-refund", "verify-evidence", "issue-payout", "send-follow-up");

    private static void check(List<String> over, String function, String field, double measured, JsonNode f) {
        if (!f.path(field).isNumber()) {
            over.add(function + " has no " + field + " in the budget");
        } else if (measured > f.path(field).asDouble()) {
            over.add(function + " " + field + ": " + measured + " > "
                    + f.path(field).asDouble());
        }
    }
}
