package com.refundpipeline.localstack.streams;

import com.refundpipeline.localstack.Console;
import com.refundpipeline.localstack.aws.AwsClients;
import com.refundpipeline.localstack.events.EventSourceMapping;
import com.refundpipeline.localstack.lambda.LocalFunction;
import com.refundpipeline.localstack.template.StackTemplate;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;
import software.amazon.awssdk.services.dynamodb.model.StreamViewType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The template's DynamoDB streams, locally: turns on each table's StreamSpecification in DynamoDB Local (after the
 * provisioner made the tables) and runs each Events entry of Type DynamoDB as a
 * {@link DynamoStreamEventSourceMapping}.
 */
public final class LocalStreams implements AutoCloseable {

    private final List<AutoCloseable> owned = new ArrayList<>();
    private final List<EventSourceMapping> mappings = new ArrayList<>();

    private LocalStreams() {}

    /** The streams' event source mappings. */
    public List<EventSourceMapping> mappings() {
        return List.copyOf(mappings);
    }

    public static LocalStreams start(
            Path templateFile,
            StackTemplate template,
            DynamoDbClient dynamoDb,
            URI dynamoDbEndpoint,
            SqsClient sqs,
            List<LocalFunction> functions,
            String region) {
        LocalStreams local = new LocalStreams();
        StreamEventSources.Streams streams = StreamEventSources.read(templateFile);
        if (streams.streamViewTypes().isEmpty()) {
            return local;
        }
        DynamoDbStreamsClient client = DynamoDbStreamsClient.builder()
                .endpointOverride(dynamoDbEndpoint)
                .region(Region.of(region))
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(AwsClients.ACCESS_KEY, AwsClients.SECRET_KEY)))
                .httpClient(UrlConnectionHttpClient.create())
                .build();
        local.owned.add(client);
        for (StreamEventSources.StreamSource source : streams.sources()) {
            StackTemplate.Table table = template.table(source.tableLogicalId())
                    .orElseThrow(() ->
                            new IllegalStateException("no table " + source.tableLogicalId() + " in the template"));
            String streamArn =
                    enable(dynamoDb, table.name(), streams.streamViewTypes().get(source.tableLogicalId()));
            LocalFunction function = functions.stream()
                    .filter(f -> f.spec().logicalId().equals(source.functionLogicalId()))
                    .findFirst()
                    .orElseThrow();
            if (!source.enabled()) {
                Console.info(function.name() + ": stream event " + source.eventName() + " is disabled in the template");
                continue;
            }
            String dlq = source.onFailureQueueLogicalId() == null
                    ? null
                    : template.queue(source.onFailureQueueLogicalId())
                            .map(StackTemplate.Queue::url)
                            .orElse(null);
            DynamoStreamEventSourceMapping mapping = new DynamoStreamEventSourceMapping(
                    source, streamArn, table.name(), function, client, sqs, dlq, region);
            local.owned.add(mapping);
            local.mappings.add(mapping);
            mapping.start();
            Console.info(String.format(
                    "%s stream (%s) -> %s: batches of %d from %s",
                    table.name(),
                    streams.streamViewTypes().get(source.tableLogicalId()),
                    function.name(),
                    source.batchSize(),
                    source.startingPosition()));
        }
        // Tables with a stream and no mapping still get their stream, as deployed.
        streams.streamViewTypes()
                .forEach((logicalId, view) ->
                        template.table(logicalId).ifPresent(t -> enable(dynamoDb, t.name(), view)));
        return local;
    }

    /** Turns the table's stream on (unless a table kept from an earlier run has it) and returns its ARN. */
    public static String enable(DynamoDbClient dynamoDb, String tableName, String viewType) {
        TableDescription table =
                dynamoDb.describeTable(d -> d.tableName(tableName)).table();
        StreamSpecification spec = table.streamSpecification();
        if (spec == null || !Boolean.TRUE.equals(spec.streamEnabled()) || table.latestStreamArn() == null) {
            dynamoDb.updateTable(u -> u.tableName(tableName)
                    .streamSpecification(
                            s -> s.streamEnabled(true).streamViewType(StreamViewType.fromValue(viewType))));
            table = dynamoDb.describeTable(d -> d.tableName(tableName)).table();
        }
        return table.latestStreamArn();
    }

    @Override
    public void close() {
        for (AutoCloseable c : owned.reversed()) {
            try {
                c.close();
            } catch (Exception e) {
                // stopping anyway
            }
        }
    }
}
