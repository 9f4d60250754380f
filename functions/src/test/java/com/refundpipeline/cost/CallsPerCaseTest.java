package com.refundpipeline.cost;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.refundpipeline.followup.SendFollowUpFunction;
import com.refundpipeline.json.Json;
import com.refundpipeline.messaging.CaseMessage;
import com.refundpipeline.pay.IssuePayoutFunction;
import com.refundpipeline.testing.CallMeter;
import com.refundpipeline.testing.ChainProfile;
import com.refundpipeline.testing.LambdaEvents;
import com.refundpipeline.testing.LocalAws;
import com.refundpipeline.testing.Requests;
import com.refundpipeline.verify.VerifyEvidenceFunction;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What one paid case costs in calls and DynamoDB units, function by function, counted in-process (without the SQS
 * pollers, which the bench counts). Writes the table to target/calls-per-case.md; the figures are deterministic, so
 * they do not depend on how busy the machine is.
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
                        Requests.damaged(order)))
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

        StringBuilder table = new StringBuilder("""
                | function | DynamoDB reads | DynamoDB writes | SQS calls | calls | RRU | WRU | operations |
                |---|---:|---:|---:|---:|---:|---:|---|
                """);
        int calls = 0;
        double writeUnits = 0;
        for (String function : List.of("submit-refund", "verify-evidence", "issue-payout", "send-follow-up")) {
            CallMeter.Tally t = CallMeter.tallies().getOrDefault(function, new CallMeter.Tally());
            calls += t.calls();
            writeUnits += t.writeUnits;
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
                    .append(t.writeUnits)
                    .append(" | ")
                    .append(t.operations)
                    .append(" |\n");
        }
        table.append("| **total** | | | | **")
                .append(calls)
                .append("** | | **")
                .append(writeUnits)
                .append("** | |\n");
        Files.writeString(Path.of("target", "calls-per-case.md"), table);
        System.out.println("calls per paid case:\n" + table);
    }
}
