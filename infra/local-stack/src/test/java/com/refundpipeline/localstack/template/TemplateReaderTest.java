package com.refundpipeline.localstack.template;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.refundpipeline.localstack.template.StackTemplate.Function;
import com.refundpipeline.localstack.template.StackTemplate.Queue;
import com.refundpipeline.localstack.template.StackTemplate.Table;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The reader on the project's real template, and on broken copies of it that must be refused by name. */
class TemplateReaderTest {

    /** The real template, found from the module (Maven runs tests in infra/local-stack). */
    static final Path TEMPLATE = Path.of("../template.yaml");

    static final LocalEndpoints ENDPOINTS = new LocalEndpoints(
            "us-east-1",
            "000000000000",
            "refunds-local",
            URI.create("http://127.0.0.1:9324"),
            URI.create("http://localhost:8080"));

    static StackTemplate readReal(Map<String, String> overrides) {
        return new TemplateReader(ENDPOINTS, overrides).read(TEMPLATE);
    }

    static String realText() throws IOException {
        return Files.readString(TEMPLATE);
    }

    static StackTemplate readText(String yaml) {
        return new TemplateReader(ENDPOINTS, Map.of()).read(new StringReader(yaml), "test.yaml");
    }

    /** A broken template is refused with a message that contains every expected fragment. */
    static void assertRefused(String yaml, String... fragments) {
        TemplateException e = assertThrows(TemplateException.class, () -> readText(yaml));
        for (String fragment : fragments) {
            assertTrue(e.getMessage().contains(fragment), () -> "'" + e.getMessage() + "' lacks '" + fragment + "'");
        }
    }

    static String replaceOnce(String text, String from, String to) {
        int at = text.indexOf(from);
        assertTrue(at >= 0, "the real template no longer contains '" + from + "'; update the test");
        return text.substring(0, at) + to + text.substring(at + from.length());
    }

    @Test
    void stageDefaultsToLocalAndNamesEveryResource() {
        StackTemplate t = readReal(Map.of());
        assertEquals("local", t.parameters().get("Stage"));
        // The template grows; these are the names the pipeline cannot do without.
        assertContainsAll(
                List.of(
                        "refunds-local-cases",
                        "refunds-local-order-ledger",
                        "refunds-local-payouts",
                        "refunds-local-store-credit",
                        "refunds-local-outbox",
                        "refunds-local-return-labels"),
                t.tables().stream().map(Table::name).toList());
        assertContainsAll(
                List.of(
                        "refunds-local-verify",
                        "refunds-local-verify-dlq",
                        "refunds-local-payout",
                        "refunds-local-payout-dlq",
                        "refunds-local-follow-up",
                        "refunds-local-follow-up-dlq"),
                t.queues().stream().map(Queue::name).toList());
        assertContainsAll(
                List.of("submit-refund", "verify-evidence", "issue-payout", "payout-webhook", "send-follow-up"),
                t.functions().stream().map(Function::localName).toList());
    }

    private static void assertContainsAll(List<String> expected, List<String> actual) {
        org.junit.jupiter.api.Assertions.assertTrue(
                actual.containsAll(expected), actual + " lacks some of " + expected);
    }

    @Test
    void stageCanBeOverridden() {
        StackTemplate t = readReal(Map.of("Stage", "alice"));
        assertEquals("refunds-alice-cases", t.table("CasesTable").orElseThrow().name());
        assertEquals(
                "submit-refund",
                t.function("SubmitRefundFunction").orElseThrow().localName());
    }

    @Test
    void tablesCarryKeysIndexesAndTtl() {
        StackTemplate t = readReal(Map.of());
        Table cases = t.table("CasesTable").orElseThrow();
        assertEquals("arn:aws:dynamodb:us-east-1:000000000000:table/refunds-local-cases", cases.arn());
        assertEquals("S", cases.attributeTypes().get("case_id"));
        assertEquals("S", cases.attributeTypes().get("open_queue"));
        assertEquals("S", cases.attributeTypes().get("resolution_due_at"));
        assertEquals("case_id", cases.keySchema().get(0).attributeName());
        assertEquals("PAY_PER_REQUEST", cases.billingMode());
        StackTemplate.Index openByDue = cases.globalSecondaryIndexes().stream()
                .filter(i -> i.name().equals("open-by-due"))
                .findFirst()
                .orElseThrow();
        assertEquals("open-by-due", openByDue.name());
        assertEquals(
                List.of(
                        new StackTemplate.KeyElement("open_queue", "HASH"),
                        new StackTemplate.KeyElement("resolution_due_at", "RANGE")),
                openByDue.keySchema());
        assertEquals("KEYS_ONLY", openByDue.projectionType());
        assertEquals("expires_at", cases.ttlAttribute());
        assertEquals("expires_at", t.table("NotificationsTable").orElseThrow().ttlAttribute());
    }

    @Test
    void queuesCarryVisibilityAndRedriveToTheirDeadLetterQueue() {
        StackTemplate t = readReal(Map.of());
        Queue verify = t.queue("VerifyQueue").orElseThrow();
        assertEquals("http://127.0.0.1:9324/000000000000/refunds-local-verify", verify.url());
        assertEquals("90", verify.attributes().get("VisibilityTimeout"));
        assertEquals("VerifyDeadLetterQueue", verify.redrive().deadLetterQueueLogicalId());
        assertEquals(
                "arn:aws:sqs:us-east-1:000000000000:refunds-local-verify-dlq",
                verify.redrive().deadLetterTargetArn());
        assertEquals(3, verify.redrive().maxReceiveCount());
        assertEquals(5, t.queue("PayoutQueue").orElseThrow().redrive().maxReceiveCount());
        Queue dlq = t.queue("VerifyDeadLetterQueue").orElseThrow();
        assertNull(dlq.redrive());
        assertEquals("1209600", dlq.attributes().get("MessageRetentionPeriod"));
    }

    @Test
    void functionsMergeGlobalsAndResolveTheirEnvironment() {
        StackTemplate t = readReal(Map.of());
        Function submit = t.function("SubmitRefundFunction").orElseThrow();
        assertAll(
                () -> assertEquals("refunds-local-submit-refund", submit.functionName()),
                () -> assertEquals("io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest", submit.handler()),
                () -> assertEquals("java21", submit.runtime()),
                () -> assertEquals(15, submit.timeoutSeconds()),
                () -> assertEquals(512, submit.memorySize()),
                () -> assertEquals("../functions/target/function.zip", submit.codeUri()),
                () -> assertEquals("AWS_IAM", submit.url().orElseThrow().authType()),
                () -> assertEquals("submit-refund", submit.environment().get("QUARKUS_FUNQY_EXPORT")),
                () -> assertEquals("refunds-local-cases", submit.environment().get("REFUNDS_TABLES_CASES")),
                () -> assertEquals(
                        "http://127.0.0.1:9324/000000000000/refunds-local-verify",
                        submit.environment().get("REFUNDS_QUEUES_VERIFY")),
                () -> assertEquals("PT24H", submit.environment().get("REFUNDS_RESOLUTION_TARGET")),
                // Globals' variables are merged with the function's own, not replaced by them.
                () -> assertEquals(
                        "-XX:+TieredCompilation -XX:TieredStopAtLevel=1",
                        submit.environment().get("JAVA_TOOL_OPTIONS")),
                () -> assertTrue(submit.sqsEvents().isEmpty()));
        assertTrue(t.function("VerifyEvidenceFunction").orElseThrow().url().isEmpty());
    }

    @Test
    void sqsEventsFollowTheTemplate() {
        StackTemplate t = readReal(Map.of());
        StackTemplate.SqsEvent verify =
                t.function("VerifyEvidenceFunction").orElseThrow().sqsEvents().get(0);
        assertEquals("VerifyQueue", verify.queueLogicalId());
        assertEquals("arn:aws:sqs:us-east-1:000000000000:refunds-local-verify", verify.queueArn());
        assertEquals(10, verify.batchSize());
        assertEquals(0, verify.maximumBatchingWindowSeconds());
        assertTrue(verify.reportBatchItemFailures());
        assertEquals(
                5,
                t.function("IssuePayoutFunction")
                        .orElseThrow()
                        .sqsEvents()
                        .get(0)
                        .batchSize());
        StackTemplate.SqsEvent followUp =
                t.function("SendFollowUpFunction").orElseThrow().sqsEvents().get(0);
        assertEquals(1, followUp.maximumBatchingWindowSeconds());
    }

    @Test
    void concurrencySettingsFollowTheTemplate() throws IOException {
        StackTemplate t = readReal(Map.of());
        assertEquals(
                10,
                t.function("VerifyEvidenceFunction")
                        .orElseThrow()
                        .sqsEvents()
                        .get(0)
                        .maximumConcurrency());
        assertNull(t.function("SubmitRefundFunction").orElseThrow().reservedConcurrency());

        String reserved = replaceOnce(
                realText(),
                "      Events:\n        VerifyQueue:",
                "      ReservedConcurrentExecutions: 1\n      Events:\n        VerifyQueue:");
        assertEquals(
                1,
                readText(reserved)
                        .function("VerifyEvidenceFunction")
                        .orElseThrow()
                        .reservedConcurrency());
        assertRefused(
                replaceOnce(realText(), "MaximumConcurrency: 10", "MaximumConcurrency: 1"),
                "VerifyQueue.Properties.ScalingConfig.MaximumConcurrency",
                "outside 2-1000");
        assertRefused(
                replaceOnce(
                        realText(),
                        "      Events:\n        VerifyQueue:",
                        "      ReservedConcurrentExecutions: 0\n      Events:\n        VerifyQueue:"),
                "ReservedConcurrentExecutions",
                "outside 1-1000");
    }

    @Test
    void schedulesFollowTheTemplate() {
        StackTemplate t = readReal(Map.of());
        Function followUp = t.function("SendFollowUpFunction").orElseThrow();
        StackTemplate.Schedule sweep = followUp.schedules().get(0);
        assertEquals("ScheduleV2", sweep.type());
        assertEquals("refunds-local-follow-up-sweep", sweep.name());
        assertEquals("rate(5 minutes)", sweep.expression());
        assertTrue(sweep.input().contains("<aws.scheduler.scheduled-time>"));
        assertTrue(sweep.enabled());
    }

    @Test
    void sesEmailSentEventsReachTheFollowUpQueueByTheTemplatesRule() {
        StackTemplate t = readReal(Map.of());
        StackTemplate.EventRule rule = t.eventRules().stream()
                .filter(r -> r.logicalId().equals("EmailSentRule"))
                .findFirst()
                .orElseThrow();
        assertEquals(List.of("FollowUpQueue"), rule.queueLogicalIds());
        assertEquals(
                "refunds-local-email",
                t.function("SendFollowUpFunction")
                        .orElseThrow()
                        .environment()
                        .get("REFUNDS_FOLLOWUP_SES_CONFIGURATION_SET"));
        Map<String, Object> ours = Map.of(
                "source", "aws.ses",
                "detail-type", "Email Sent",
                "detail",
                        Map.of(
                                "mail",
                                Map.of("tags", Map.of("ses:configuration-set", List.of("refunds-local-email")))));
        assertTrue(rule.matches(ours));
        assertFalse(rule.matches(Map.of(
                "source", "aws.ses",
                "detail-type", "Email Sent",
                "detail", Map.of("mail", Map.of("tags", Map.of("ses:configuration-set", List.of("another-set")))))));
        assertFalse(rule.matches(Map.of("source", "aws.ses", "detail-type", "Email Delivered", "detail", Map.of())));
    }

    @Test
    void aRuleTheLocalStackCannotHonourIsRefused() throws IOException {
        assertRefused(
                replaceOnce(realText(), "        source: [aws.ses]", "        source: [{prefix: aws.}]"),
                "EmailSentRule",
                "only exact values");
        assertRefused(
                replaceOnce(
                        realText(),
                        "          Arn: !GetAtt FollowUpQueue.Arn",
                        "          Arn: !GetAtt SubmitRefundFunction.Arn"),
                "EmailSentRule",
                "only queues of the template");
    }

    @Test
    void outputsResolveToLocalValues() {
        StackTemplate t = readReal(Map.of());
        assertEquals("http://localhost:8080/submit-refund/", t.outputs().get("SubmitRefundUrl"));
        assertEquals("refunds-local-cases", t.outputs().get("CasesTableName"));
        assertEquals(
                "http://127.0.0.1:9324/000000000000/refunds-local-verify-dlq",
                t.outputs().get("VerifyDeadLetterQueueUrl"));
    }

    // ----------------------------------------------------------------------------------- broken templates

    @Test
    void unknownRefTargetIsNamed() throws IOException {
        assertRefused(
                replaceOnce(
                        realText(), "REFUNDS_TABLES_CASES: !Ref CasesTable", "REFUNDS_TABLES_CASES: !Ref CaseTable"),
                "SubmitRefundFunction",
                "REFUNDS_TABLES_CASES",
                "CaseTable");
    }

    @Test
    void unknownRefInAPolicyIsNamedToo() throws IOException {
        assertRefused(
                replaceOnce(
                        realText(), "Resource: !GetAtt OrderLedgerTable.Arn", "Resource: !GetAtt OrderLedgerTabel.Arn"),
                "SubmitRefundFunction",
                "Policies",
                "OrderLedgerTabel");
    }

    @Test
    void unknownAttributeIsNamed() throws IOException {
        assertRefused(
                replaceOnce(realText(), "Queue: !GetAtt VerifyQueue.Arn", "Queue: !GetAtt VerifyQueue.Url"),
                "VerifyEvidenceFunction",
                "VerifyQueue",
                "has no attribute Url");
    }

    @Test
    void unknownSubVariableIsNamed() throws IOException {
        assertRefused(
                replaceOnce(
                        realText(),
                        "QueueName: !Sub refunds-${Stage}-verify\n",
                        "QueueName: !Sub refunds-${Stag}-verify\n"),
                "VerifyQueue",
                "Stag");
    }

    @Test
    void missingKeySchemaIsNamed() throws IOException {
        String yaml = replaceOnce(realText(), """
                      KeySchema:
                        - {AttributeName: idempotency_key, KeyType: HASH}
                """, "");
        assertRefused(yaml, "PayoutsTable", "KeySchema");
    }

    @Test
    void keyAttributeMissingFromDefinitionsIsNamed() throws IOException {
        assertRefused(
                replaceOnce(
                        realText(),
                        "- {AttributeName: order_id, KeyType: HASH}",
                        "- {AttributeName: order, KeyType: HASH}"),
                "OrderLedgerTable",
                "order");
    }

    @Test
    void redriveToSomethingNotAQueueIsNamed() throws IOException {
        assertRefused(
                replaceOnce(
                        realText(),
                        "deadLetterTargetArn: !GetAtt VerifyDeadLetterQueue.Arn",
                        "deadLetterTargetArn: arn:aws:sqs:us-east-1:123456789012:elsewhere"),
                "VerifyQueue",
                "deadLetterTargetArn",
                "elsewhere");
    }

    @Test
    void missingMaxReceiveCountIsNamed() throws IOException {
        assertRefused(replaceOnce(realText(), "        maxReceiveCount: 5\n", ""), "PayoutQueue", "maxReceiveCount");
    }

    @Test
    void unknownEventTypeIsNamed() throws IOException {
        assertRefused(
                replaceOnce(realText(), "Type: ScheduleV2", "Type: Kinesis"),
                "SendFollowUpFunction",
                "SlaSweep",
                "Kinesis");
    }

    @Test
    void sqsEventWithoutQueueIsNamed() throws IOException {
        assertRefused(
                replaceOnce(realText(), "            Queue: !GetAtt PayoutQueue.Arn\n", ""),
                "IssuePayoutFunction",
                "PayoutQueue",
                "Queue");
    }

    @Test
    void badScheduleExpressionIsNamed() throws IOException {
        assertRefused(
                replaceOnce(realText(), "rate(5 minutes)", "rate(5 fortnights)"),
                "SendFollowUpFunction",
                "SlaSweep",
                "fortnights");
    }

    @Test
    void missingHandlerIsNamed() throws IOException {
        assertRefused(
                replaceOnce(
                        realText(), "    Handler: !FindInMap [FunctionRuntimes, !Ref FunctionRuntime, Handler]\n", ""),
                "Handler",
                "SubmitRefundFunction");
    }

    /** make deploy passes infra/stages/STAGE.params as parameter overrides: each must fit the template. */
    @Test
    void everyStagesParametersAreDeclaredAndAllowed() throws IOException {
        List<Path> files;
        try (var listing = Files.list(Path.of("../stages"))) {
            files = listing.filter(f -> f.toString().endsWith(".params"))
                    .sorted()
                    .toList();
        }
        assertFalse(files.isEmpty(), "infra/stages holds the stages' parameters");
        for (Path file : files) {
            Map<String, String> overrides = new java.util.LinkedHashMap<>();
            String stage = file.getFileName().toString().replace(".params", "");
            overrides.put("Stage", stage);
            for (String line : Files.readAllLines(file)) {
                if (!line.isBlank() && !line.strip().startsWith("#")) {
                    int eq = line.indexOf('=');
                    assertTrue(eq > 0, file + ": not Key=Value: " + line);
                    overrides.put(
                            line.substring(0, eq).strip(),
                            line.substring(eq + 1).strip());
                }
            }
            StackTemplate t = readReal(overrides);
            assertEquals(
                    "refunds-" + stage + "-cases",
                    t.table("CasesTable").orElseThrow().name(),
                    file.toString());
        }
    }

    @Test
    void functionRuntimeIsJava21LocallyWhateverTheDeployDefault() {
        StackTemplate t = readReal(Map.of());
        assertEquals("java21", t.parameters().get("FunctionRuntime"));
        assertTrue(t.functions().stream().allMatch(f -> f.runtime().equals("java21")), "every function on java21");
    }

    @Test
    void theNativeFlavorIsRefusedLocallyByName() {
        TemplateException e =
                assertThrows(TemplateException.class, () -> readReal(Map.of("FunctionRuntime", "native")));
        assertTrue(e.getMessage().contains("provided.al2023") && e.getMessage().contains("Runtime"), e.getMessage());
    }

    @Test
    void aMappingEntryMissingForAnyAllowedValueIsNamed() throws IOException {
        // The local stack runs java21 only; the native entry must still be complete, or the default deploy fails.
        assertRefused(
                replaceOnce(realText(), "      SnapStart: None\n", ""), "FunctionRuntimes", "native", "SnapStart");
    }

    @Test
    void anUnknownMappingIsNamed() throws IOException {
        assertRefused(
                replaceOnce(realText(), "Runtime: !FindInMap [FunctionRuntimes,", "Runtime: !FindInMap [Flavors,"),
                "Flavors",
                "FunctionRuntimes");
    }

    @Test
    void findInMapLongFormResolves() throws IOException {
        StackTemplate t = readText(replaceOnce(
                realText(),
                "Runtime: !FindInMap [FunctionRuntimes, !Ref FunctionRuntime, Runtime]",
                "Runtime: {'Fn::FindInMap': [FunctionRuntimes, {Ref: FunctionRuntime}, Runtime]}"));
        assertEquals("java21", t.function("SubmitRefundFunction").orElseThrow().runtime());
    }

    @Test
    void stageOutsideTheAllowedPatternIsRefused() {
        TemplateException e = assertThrows(TemplateException.class, () -> readReal(Map.of("Stage", "Local_1")));
        assertTrue(e.getMessage().contains("Parameters.Stage"), e.getMessage());
    }

    @Test
    void unknownParameterOverrideIsRefused() {
        TemplateException e = assertThrows(TemplateException.class, () -> readReal(Map.of("Stag", "x")));
        assertTrue(e.getMessage().contains("Stag"), e.getMessage());
    }

    @Test
    void parameterWithoutDefaultOrValueIsNamed() throws IOException {
        assertRefused(replaceOnce(realText(), "    Default: PT24H\n", ""), "ResolutionTarget");
    }

    @Test
    void unsupportedIntrinsicIsNamed() throws IOException {
        assertRefused(
                replaceOnce(
                        realText(),
                        "REFUNDS_RESOLUTION_TARGET: !Ref ResolutionTarget",
                        "REFUNDS_RESOLUTION_TARGET: !If [IsProd, PT12H, PT24H]"),
                "SubmitRefundFunction",
                "Fn::If");
    }

    @Test
    void invalidYamlIsReported() {
        TemplateException e = assertThrows(TemplateException.class, () -> readText("Resources: [unclosed"));
        assertTrue(e.getMessage().contains("test.yaml"), e.getMessage());
    }

    @Test
    void longFormsResolveLikeShortForms() {
        StackTemplate t = readText("""
                Transform: AWS::Serverless-2016-10-31
                Parameters:
                  Stage: {Type: String, Default: dev}
                Resources:
                  Jobs:
                    Type: AWS::SQS::Queue
                    Properties:
                      QueueName: {"Fn::Sub": "jobs-${Stage}"}
                  Worker:
                    Type: AWS::Serverless::Function
                    Properties:
                      FunctionName: {"Fn::Join": ["-", ["shop", {"Ref": "Stage"}, "worker"]]}
                      Runtime: java21
                      Handler: example.Handler::handleRequest
                      CodeUri: build/function.zip
                      Environment:
                        Variables:
                          QUEUE_URL: {"Ref": "Jobs"}
                          QUEUE_ARN: {"Fn::GetAtt": ["Jobs", "Arn"]}
                          REGION: {"Fn::Sub": "${AWS::Region}"}
                          LITERAL: {"Fn::Sub": "${!NotAVariable}"}
                      Events:
                        Jobs:
                          Type: SQS
                          Properties:
                            Queue: {"Fn::GetAtt": "Jobs.Arn"}
                """);
        Function worker = t.functions().get(0);
        assertEquals("shop-local-worker", worker.functionName());
        assertEquals("worker", worker.localName());
        assertEquals(3, worker.timeoutSeconds());
        assertEquals(
                "http://127.0.0.1:9324/000000000000/jobs-local",
                worker.environment().get("QUEUE_URL"));
        assertEquals(
                "arn:aws:sqs:us-east-1:000000000000:jobs-local",
                worker.environment().get("QUEUE_ARN"));
        assertEquals("us-east-1", worker.environment().get("REGION"));
        assertEquals("${NotAVariable}", worker.environment().get("LITERAL"));
        assertEquals(10, worker.sqsEvents().get(0).batchSize());
        assertFalse(worker.sqsEvents().get(0).reportBatchItemFailures());
    }

    @Test
    void plainLambdaFunctionIsRefused() throws IOException {
        assertRefused(
                replaceOnce(
                        realText(),
                        "VerifyEvidenceFunction:\n    Type: AWS::Serverless::Function",
                        "VerifyEvidenceFunction:\n    Type: AWS::Lambda::Function"),
                "VerifyEvidenceFunction",
                "AWS::Lambda::Function");
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Runtime: java21|Runtime: python3.12|python3.12",
                "BatchSize: 10|BatchSize: 11|BatchSize",
                "FunctionResponseTypes: [ReportBatchItemFailures]|FunctionResponseTypes: [ReportFailures]|ReportFailures",
                "Timeout: 15|Timeout: 0|Timeout",
                "AttributeType: S}|AttributeType: X}|AttributeType",
            })
    void otherBreakagesAreRefused(String from, String to, String fragment) throws IOException {
        assertRefused(replaceOnce(realText(), from, to), fragment);
    }

    /** What TemplateReaderFuzzTest found or came near (docs/fuzzing.md): refused by name, not an exception. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "maxReceiveCount: 5|maxReceiveCount: 99999999999|maxReceiveCount",
                "BillingMode: PAY_PER_REQUEST|BillingMode: PROVISIONED\\n      ProvisionedThroughput: {ReadCapacityUnits: x5,"
                        + " WriteCapacityUnits: 5}|ReadCapacityUnits",
                "BillingMode: PAY_PER_REQUEST|BillingMode: PROVISIONED\\n      ProvisionedThroughput: {ReadCapacityUnits: 5,"
                        + " WriteCapacityUnits: 0}|WriteCapacityUnits",
                "  VerifyQueue:\\n    Type: AWS::SQS::Queue\\n|  VerifyQueue:\\n    Type: AWS::SQS::Queue\\n    DependsOn: ~\\n"
                        + "|VerifyQueue.DependsOn",
                "  VerifyQueue:\\n    Type: AWS::SQS::Queue\\n|  VerifyQueue:\\n    Type: AWS::SQS::Queue\\n"
                        + "    DependsOn: [{a: 1}]\\n|VerifyQueue.DependsOn",
                "    Properties:\\n      QueueName: !Sub refunds-${Stage}-verify\\n|    Properties: &q\\n      Self: *q\\n"
                        + "      QueueName: !Sub refunds-${Stage}-verify\\n|alias",
                "[a-z][a-z0-9-]{1,15}|(a+)+|AllowedPattern",
            })
    void fuzzFindingsAreRefusedByName(String from, String to, String fragment) throws IOException {
        assertRefused(replaceOnce(realText(), unescape(from), unescape(to)), fragment);
    }

    @Test
    void aPropertyKeyedByNullIsIgnoredLikeAnyUnknownProperty() throws IOException {
        StackTemplate t = readText(replaceOnce(
                realText(),
                "      FunctionName: !Sub refunds-${Stage}-verify-evidence\n",
                "      FunctionName: !Sub refunds-${Stage}-verify-evidence\n      ~: {~: 1}\n"));
        assertTrue(t.function("VerifyEvidenceFunction").isPresent());
    }

    private static String unescape(String csv) {
        return csv.replace("\\n", "\n");
    }
}
