package com.refundpipeline.fuzz;

import com.refundpipeline.config.PipelineConfig;
import com.refundpipeline.testing.LocalAwsResource;
import java.lang.reflect.Proxy;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DynamoDB Local (and ElasticMQ) provisioned from the template, outside Quarkus, for the jqwik properties: the same
 * resource the function tests use, and a PipelineConfig holding its table names.
 */
public final class LocalDynamo implements AutoCloseable {

    private final LocalAwsResource resource = new LocalAwsResource();
    private final Map<String, String> config;
    private final DynamoDbClient dynamo;

    public LocalDynamo() {
        this("VerifyEvidenceFunction,IssuePayoutFunction");
    }

    /** With the tables and queues of {@code functions} (template logical ids, comma-separated). */
    public LocalDynamo(String functions) {
        resource.init(Map.of("functions", functions));
        config = resource.start();
        dynamo = DynamoDbClient.builder()
                .endpointOverride(URI.create(config.get("quarkus.dynamodb.endpoint-override")))
                .region(software.amazon.awssdk.regions.Region.US_EAST_1)
                .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                        software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("test", "test")))
                .httpClient(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.create())
                .build();
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    public PipelineConfig config() {
        return (PipelineConfig) Proxy.newProxyInstance(
                PipelineConfig.class.getClassLoader(),
                new Class<?>[] {PipelineConfig.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "tables" -> group(PipelineConfig.Tables.class, "refunds.tables.");
                    case "queues" -> group(PipelineConfig.Queues.class, "refunds.queues.");
                    case "resolutionTarget" -> Duration.ofHours(24);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    private Object group(Class<?> type, String prefix) {
        return Proxy.newProxyInstance(
                type.getClassLoader(),
                new Class<?>[] {type},
                (proxy, method, args) -> Optional.ofNullable(config.get(prefix + kebab(method.getName()))));
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    @Override
    public void close() {
        dynamo.close();
        resource.stop();
    }
}
