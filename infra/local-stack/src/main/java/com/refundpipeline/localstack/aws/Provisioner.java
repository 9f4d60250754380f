package com.refundpipeline.localstack.aws;

import com.refundpipeline.localstack.Console;
import com.refundpipeline.localstack.template.StackTemplate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.CreateQueueRequest;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueNameExistsException;

/** Creates the template's tables and queues in DynamoDB Local and ElasticMQ; what already exists is kept. */
public final class Provisioner {

    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;

    public Provisioner(DynamoDbClient dynamoDb, SqsClient sqs) {
        this.dynamoDb = dynamoDb;
        this.sqs = sqs;
    }

    /** Creates the tables in parallel (DynamoDB Local takes a moment for each). */
    public void createTables(List<StackTemplate.Table> tables) {
        List<String> created = Collections.synchronizedList(new ArrayList<>());
        List<String> kept = Collections.synchronizedList(new ArrayList<>());
        // Tables of a data directory from an earlier run are kept, items and all.
        Set<String> existing = new HashSet<>(
                dynamoDb.listTablesPaginator().tableNames().stream().toList());
        CompletableFuture.allOf(tables.stream()
                        .map(table -> CompletableFuture.runAsync(() -> {
                            if (existing.contains(table.name())) {
                                kept.add(table.name());
                            } else {
                                try {
                                    dynamoDb.createTable(createTable(table));
                                    created.add(table.name());
                                } catch (ResourceInUseException e) {
                                    kept.add(table.name());
                                }
                            }
                            if (table.ttlAttribute() != null) {
                                try {
                                    dynamoDb.updateTimeToLive(r -> r.tableName(table.name())
                                            .timeToLiveSpecification(s -> s.attributeName(table.ttlAttribute())
                                                    .enabled(true)));
                                } catch (RuntimeException e) {
                                    // Already enabled on a table kept from an earlier run.
                                }
                            }
                        }))
                        .toArray(CompletableFuture[]::new))
                .join();
        if (!created.isEmpty()) {
            Console.info("created tables " + String.join(", ", created));
        }
        if (!kept.isEmpty()) {
            Console.info("kept existing tables " + String.join(", ", kept));
        }
    }

    static CreateTableRequest createTable(StackTemplate.Table table) {
        boolean onDemand = table.billingMode().equals("PAY_PER_REQUEST");
        ProvisionedThroughput throughput = onDemand
                ? null
                : ProvisionedThroughput.builder()
                        .readCapacityUnits(table.readCapacity())
                        .writeCapacityUnits(table.writeCapacity())
                        .build();
        CreateTableRequest.Builder b = CreateTableRequest.builder()
                .tableName(table.name())
                .attributeDefinitions(table.attributeTypes().entrySet().stream()
                        .map(e -> AttributeDefinition.builder()
                                .attributeName(e.getKey())
                                .attributeType(e.getValue())
                                .build())
                        .toList())
                .keySchema(keys(table.keySchema()))
                .billingMode(onDemand ? BillingMode.PAY_PER_REQUEST : BillingMode.PROVISIONED)
                .provisionedThroughput(throughput);
        if (!table.globalSecondaryIndexes().isEmpty()) {
            b.globalSecondaryIndexes(table.globalSecondaryIndexes().stream()
                    .map(i -> GlobalSecondaryIndex.builder()
                            .indexName(i.name())
                            .keySchema(keys(i.keySchema()))
                            .projection(projection(i))
                            .provisionedThroughput(throughput)
                            .build())
                    .toList());
        }
        if (!table.localSecondaryIndexes().isEmpty()) {
            b.localSecondaryIndexes(table.localSecondaryIndexes().stream()
                    .map(i -> LocalSecondaryIndex.builder()
                            .indexName(i.name())
                            .keySchema(keys(i.keySchema()))
                            .projection(projection(i))
                            .build())
                    .toList());
        }
        return b.build();
    }

    private static List<KeySchemaElement> keys(List<StackTemplate.KeyElement> keys) {
        return keys.stream()
                .map(k -> KeySchemaElement.builder()
                        .attributeName(k.attributeName())
                        .keyType(k.keyType())
                        .build())
                .toList();
    }

    private static Projection projection(StackTemplate.Index index) {
        Projection.Builder p = Projection.builder().projectionType(index.projectionType());
        if (!index.nonKeyAttributes().isEmpty()) {
            p.nonKeyAttributes(index.nonKeyAttributes());
        }
        return p.build();
    }

    /**
     * Creates the queues, each dead-letter queue before the queues that redrive to it, and checks that ElasticMQ
     * names them with the URL and ARN the template resolved to (which the functions were given).
     */
    public void createQueues(List<StackTemplate.Queue> queues) {
        Map<String, StackTemplate.Queue> byId = new HashMap<>();
        queues.forEach(q -> byId.put(q.logicalId(), q));
        Set<String> done = new HashSet<>();
        List<String> names = new ArrayList<>();
        for (StackTemplate.Queue queue : queues) {
            create(queue, byId, done, names, new HashSet<>());
        }
        Console.info("queues ready: " + String.join(", ", names));
    }

    private void create(
            StackTemplate.Queue queue,
            Map<String, StackTemplate.Queue> byId,
            Set<String> done,
            List<String> names,
            Set<String> visiting) {
        if (done.contains(queue.logicalId())) {
            return;
        }
        if (!visiting.add(queue.logicalId())) {
            throw new IllegalStateException("redrive policies form a cycle through " + queue.logicalId());
        }
        Map<String, String> attributes = new HashMap<>(queue.attributes());
        if (queue.redrive() != null) {
            create(byId.get(queue.redrive().deadLetterQueueLogicalId()), byId, done, names, visiting);
            attributes.put(
                    "RedrivePolicy",
                    "{\"deadLetterTargetArn\":\"" + queue.redrive().deadLetterTargetArn() + "\",\"maxReceiveCount\":"
                            + queue.redrive().maxReceiveCount() + "}");
        }
        String url;
        try {
            url = sqs.createQueue(CreateQueueRequest.builder()
                            .queueName(queue.name())
                            .attributesWithStrings(attributes)
                            .build())
                    .queueUrl();
        } catch (QueueNameExistsException e) {
            // Kept from an earlier run with other attributes: the template (or the command line) wins.
            url = sqs.getQueueUrl(r -> r.queueName(queue.name())).queueUrl();
            String existing = url;
            sqs.setQueueAttributes(r -> r.queueUrl(existing).attributesWithStrings(attributes));
        }
        String queueUrl = url;
        String arn = sqs.getQueueAttributes(r -> r.queueUrl(queueUrl).attributeNames(QueueAttributeName.QUEUE_ARN))
                .attributes()
                .get(QueueAttributeName.QUEUE_ARN);
        if (!url.equals(queue.url()) || !arn.equals(queue.arn())) {
            throw new IllegalStateException("ElasticMQ named " + queue.logicalId() + " " + url + " / " + arn
                    + " but the template resolved it to " + queue.url() + " / " + queue.arn());
        }
        done.add(queue.logicalId());
        names.add(queue.name()
                + (queue.redrive() == null
                        ? ""
                        : " (-> "
                                + byId.get(queue.redrive().deadLetterQueueLogicalId())
                                        .name() + " after " + queue.redrive().maxReceiveCount() + ")"));
    }
}
