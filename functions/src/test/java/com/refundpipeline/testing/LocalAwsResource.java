package com.refundpipeline.testing;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import com.refundpipeline.localstack.StackHome;
import com.refundpipeline.localstack.template.LocalEndpoints;
import com.refundpipeline.localstack.template.StackTemplate;
import com.refundpipeline.localstack.template.TemplateReader;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * DynamoDB Local and ElasticMQ in this JVM, over their real HTTP APIs, with the tables and queues of
 * infra/template.yaml as the local stack's template reader resolves them. (The servers are started here rather than
 * with the local stack's own launcher because its methods hand AWS SDK types across the class-loader boundary
 * Quarkus tests run behind.) The function under test is configured from the environment the template gives it, so a
 * variable the template forgets fails the test.
 *
 * <p>
 * Init arg {@code functions}: comma-separated logical ids of the functions whose environment the test needs.
 */
public class LocalAwsResource implements QuarkusTestResourceLifecycleManager {

    static final String REGION = "us-east-1";

    private DynamoDBProxyServer dynamo;
    private SQSRestServer sqs;
    private List<String> functions;

    private Map<String, String> parameters;

    /**
     * Init args: {@code functions}, and optionally {@code parameters}, template parameters as they would be given
     * to a deployment ({@code PaymentProvider=stripe,...}).
     */
    @Override
    public void init(Map<String, String> initArgs) {
        functions = List.of(initArgs.getOrDefault("functions", "").split(","));
        parameters = new HashMap<>(Map.of("Stage", "test"));
        for (String pair : initArgs.getOrDefault("parameters", "").split(",")) {
            if (pair.contains("=")) {
                parameters.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
    }

    @Override
    public Map<String, String> start() {
        try {
            forgetCallsOfEarlierRuns();
            // The local stack's build put sqlite4java's native libraries (DynamoDB Local's storage) beside it.
            System.setProperty(
                    "sqlite4java.library.path",
                    StackHome.locate().nativeLibDir().toString());
            int dynamoPort = freePort();
            dynamo = ServerRunner.createServerFromCommandLineArgs(
                    new String[] {"-inMemory", "-port", Integer.toString(dynamoPort), "-disableTelemetry"});
            dynamo.start();
            int sqsPort = freePort();
            sqs = SQSRestServerBuilder.withInterface("127.0.0.1")
                    .withPort(sqsPort)
                    .start();
            sqs.waitUntilStarted();

            URI dynamoEndpoint = URI.create("http://127.0.0.1:" + dynamoPort);
            URI sqsEndpoint = URI.create("http://127.0.0.1:" + sqsPort);
            LocalEndpoints endpoints = new LocalEndpoints(
                    REGION,
                    LocalEndpoints.DEFAULT_ACCOUNT,
                    "refunds-test",
                    sqsEndpoint,
                    URI.create("http://localhost:0"));
            StackTemplate template = new TemplateReader(endpoints, parameters).read(templatePath());
            provision(template, dynamoEndpoint, sqsEndpoint);

            Map<String, String> config = new HashMap<>();
            for (String service : List.of("dynamodb", "sqs")) {
                URI endpoint = service.equals("dynamodb") ? dynamoEndpoint : sqsEndpoint;
                config.put("quarkus." + service + ".endpoint-override", endpoint.toString());
                config.put("quarkus." + service + ".aws.region", REGION);
                config.put("quarkus." + service + ".aws.credentials.type", "static");
                config.put("quarkus." + service + ".aws.credentials.static-provider.access-key-id", "test");
                config.put("quarkus." + service + ".aws.credentials.static-provider.secret-access-key", "test");
            }
            for (String logicalId : functions) {
                StackTemplate.Function function = template.function(logicalId)
                        .orElseThrow(() -> new IllegalArgumentException("no function " + logicalId + " in template"));
                function.environment().forEach((name, value) -> {
                    // An empty variable is an unset one (as SmallRye reads the environment).
                    if (name.startsWith("REFUNDS_") && !value.isBlank()) {
                        config.put(propertyOf(name), value);
                    }
                });
            }
            // Every table and queue by logical id, for the tests' own look at the state (see LocalAws).
            template.tables().forEach(t -> config.put("test.tables." + t.logicalId(), t.name()));
            template.queues().forEach(q -> config.put("test.queues." + q.logicalId(), q.url()));
            template.queues().forEach(q -> config.put("test.queue-arns." + q.logicalId(), q.arn()));
            return config;
        } catch (Exception e) {
            throw new IllegalStateException("could not start DynamoDB Local and ElasticMQ", e);
        }
    }

    /** AwsCallRecorder appends; what an earlier test run recorded must not vouch for this one. */
    private static void forgetCallsOfEarlierRuns() throws IOException {
        if (!Files.isDirectory(AwsCallRecorder.DIRECTORY)) {
            return;
        }
        long started = java.lang.management.ManagementFactory.getRuntimeMXBean().getStartTime();
        try (var files = Files.list(AwsCallRecorder.DIRECTORY)) {
            for (Path file : files.toList()) {
                if (Files.getLastModifiedTime(file).toMillis() < started) {
                    Files.delete(file);
                }
            }
        }
    }

    @Override
    public void stop() {
        try {
            if (sqs != null) {
                sqs.stopAndWait();
            }
            if (dynamo != null) {
                dynamo.stop();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static final Set<String> GROUPS =
            Set.of("tables", "queues", "payment", "policy", "review", "followup", "figures", "returns", "store");

    /**
     * The property a template variable sets, as SmallRye maps environment variables onto PipelineConfig:
     * REFUNDS_TABLES_ORDER_LEDGER is refunds.tables.order-ledger, REFUNDS_RESOLUTION_TARGET is
     * refunds.resolution-target.
     */
    static String propertyOf(String variable) {
        List<String> parts = List.of(variable.toLowerCase(Locale.ROOT).split("_"));
        if (parts.size() > 2 && GROUPS.contains(parts.get(1))) {
            return "refunds." + parts.get(1) + "." + String.join("-", parts.subList(2, parts.size()));
        }
        return "refunds." + String.join("-", parts.subList(1, parts.size()));
    }

    static Path templatePath() {
        for (Path candidate : List.of(Path.of("../infra/template.yaml"), Path.of("infra/template.yaml"))) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException(
                "infra/template.yaml not found from " + Path.of("").toAbsolutePath());
    }

    /** Creates the template's tables and queues, dead-letter queues first. */
    private static void provision(StackTemplate template, URI dynamoEndpoint, URI sqsEndpoint) {
        try (DynamoDbClient dynamo = Provisioning.dynamo(dynamoEndpoint);
                SqsClient sqs = Provisioning.sqs(sqsEndpoint)) {
            for (StackTemplate.Table table : template.tables()) {
                dynamo.createTable(create -> create.tableName(table.name())
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(table.attributeTypes().entrySet().stream()
                                .map(a -> AttributeDefinition.builder()
                                        .attributeName(a.getKey())
                                        .attributeType(a.getValue())
                                        .build())
                                .toList())
                        .keySchema(keys(table.keySchema()))
                        .globalSecondaryIndexes(
                                table.globalSecondaryIndexes().isEmpty()
                                        ? null
                                        : table.globalSecondaryIndexes().stream()
                                                .map(i -> GlobalSecondaryIndex.builder()
                                                        .indexName(i.name())
                                                        .keySchema(keys(i.keySchema()))
                                                        .projection(Projection.builder()
                                                                .projectionType(i.projectionType())
                                                                .nonKeyAttributes(
                                                                        i.nonKeyAttributes()
                                                                                        .isEmpty()
                                                                                ? null
                                                                                : i.nonKeyAttributes())
                                                                .build())
                                                        .build())
                                                .toList()));
            }
            List<StackTemplate.Queue> ordered = template.queues().stream()
                    .sorted((a, b) -> Boolean.compare(a.redrive() != null, b.redrive() != null))
                    .toList();
            for (StackTemplate.Queue queue : ordered) {
                Map<QueueAttributeName, String> attributes = new HashMap<>();
                queue.attributes().forEach((k, v) -> attributes.put(QueueAttributeName.fromValue(k), v));
                if (queue.redrive() != null) {
                    attributes.put(
                            QueueAttributeName.REDRIVE_POLICY,
                            "{\"deadLetterTargetArn\":\"" + queue.redrive().deadLetterTargetArn()
                                    + "\",\"maxReceiveCount\":"
                                    + queue.redrive().maxReceiveCount() + "}");
                }
                attributes.keySet().removeIf(k -> k == QueueAttributeName.UNKNOWN_TO_SDK_VERSION);
                sqs.createQueue(create -> create.queueName(queue.name()).attributes(attributes));
            }
        }
    }

    private static List<KeySchemaElement> keys(List<StackTemplate.KeyElement> elements) {
        return elements.stream()
                .map(k -> KeySchemaElement.builder()
                        .attributeName(k.attributeName())
                        .keyType(k.keyType())
                        .build())
                .toList();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
