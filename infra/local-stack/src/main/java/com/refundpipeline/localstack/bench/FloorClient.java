package com.refundpipeline.localstack.bench;

import com.refundpipeline.localstack.aws.AwsClients;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/** The minimal client of the floor: plain SDK calls on a table and a queue of its own. */
final class FloorClient implements AutoCloseable {
    private static final List<String> SUPPORTED = List.of(
            "GetItem",
            "Query",
            "PutItem",
            "UpdateItem",
            "DeleteItem",
            "TransactWriteItems",
            "SendMessage",
            "SendMessageBatch",
            "ReceiveMessage",
            "DeleteMessage",
            "DeleteMessageBatch",
            "ChangeMessageVisibility");
    private static final String PAYLOAD = "x".repeat(1500);

    private final DynamoDbClient dynamoDb;
    private final SqsClient sqs;
    private final String table = "bench-floor-" + UUID.randomUUID().toString().substring(0, 8);
    private final String queueUrl;
    private final ConcurrentLinkedQueue<String> receipts = new ConcurrentLinkedQueue<>();
    private final LongAdder failures = new LongAdder();
    private final LongAdder made = new LongAdder();
    private final AtomicInteger keys = new AtomicInteger();

    static boolean supports(String operation) {
        return SUPPORTED.contains(operation);
    }

    FloorClient(URI dynamoDbEndpoint, URI sqsEndpoint, String region, DynamoDbClient admin, SqsClient sqsAdmin) {
        // The stack's own client settings, and a User-Agent the counting proxy knows as the floor's.
        var credentials = StaticCredentialsProvider.create(
                AwsBasicCredentials.create(AwsClients.ACCESS_KEY, AwsClients.SECRET_KEY));
        this.dynamoDb = DynamoDbClient.builder()
                .endpointOverride(dynamoDbEndpoint)
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(
                        c -> c.putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_SUFFIX, CountingProxy.FLOOR_AGENT))
                .build();
        this.sqs = SqsClient.builder()
                .endpointOverride(sqsEndpoint)
                .region(Region.of(region))
                .credentialsProvider(credentials)
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(
                        c -> c.putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_SUFFIX, CountingProxy.FLOOR_AGENT))
                .build();
        admin.createTable(r -> r.tableName(table)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(d -> d.attributeName("id").attributeType(ScalarAttributeType.S))
                .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH)));
        queueUrl = sqsAdmin.createQueue(r -> r.queueName(table)).queueUrl();
    }

    long failures() {
        return failures.sum();
    }

    long made() {
        return made.sum();
    }

    /** Makes the calls on {@code threads} threads, for at most {@code limit}; returns the seconds taken. */
    double replay(List<String> calls, int threads, Duration limit) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        long stopAt = System.nanoTime() + limit.toNanos();
        List<Thread> workers = new ArrayList<>();
        long t0 = System.nanoTime();
        for (int i = 0; i < threads; i++) {
            workers.add(Thread.ofPlatform().name("floor-" + i).start(() -> {
                for (int k; (k = next.getAndIncrement()) < calls.size() && System.nanoTime() < stopAt; ) {
                    try {
                        call(calls.get(k));
                    } catch (RuntimeException e) {
                        failures.increment();
                    }
                    made.increment();
                }
            }));
        }
        for (Thread t : workers) {
            t.join();
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private void call(String operation) {
        String key = "k" + java.util.concurrent.ThreadLocalRandom.current().nextInt(Math.max(1, keys.get()));
        switch (operation) {
            case "GetItem" -> dynamoDb.getItem(r -> r.tableName(table).key(Map.of("id", s(key))));
            case "Query" ->
                dynamoDb.query(r -> r.tableName(table)
                        .keyConditionExpression("id = :id")
                        .expressionAttributeValues(Map.of(":id", s(key))));
            case "PutItem" ->
                dynamoDb.putItem(r -> r.tableName(table)
                        .item(item("k" + keys.getAndIncrement()))
                        .conditionExpression("attribute_not_exists(id)"));
            case "UpdateItem" ->
                dynamoDb.updateItem(r -> r.tableName(table)
                        .key(Map.of("id", s(key)))
                        .updateExpression("SET v = if_not_exists(v, :z) + :one")
                        .expressionAttributeValues(Map.of(":z", n("0"), ":one", n("1"))));
            case "DeleteItem" -> dynamoDb.deleteItem(r -> r.tableName(table).key(Map.of("id", s("none"))));
            case "TransactWriteItems" ->
                dynamoDb.transactWriteItems(r -> r.transactItems(
                        t -> t.put(p -> p.tableName(table).item(item("k" + keys.getAndIncrement()))),
                        t -> t.update(u -> u.tableName(table)
                                .key(Map.of("id", s("ledger")))
                                .updateExpression("SET v = if_not_exists(v, :z) + :one")
                                .expressionAttributeValues(Map.of(":z", n("0"), ":one", n("1"))))));
            case "SendMessage" -> sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(PAYLOAD));
            case "SendMessageBatch" ->
                sqs.sendMessageBatch(r -> r.queueUrl(queueUrl)
                        .entries(SendMessageBatchRequestEntry.builder()
                                .id("1")
                                .messageBody(PAYLOAD)
                                .build()));
            case "ReceiveMessage" -> {
                for (Message m : sqs.receiveMessage(r ->
                                r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0))
                        .messages()) {
                    receipts.add(m.receiptHandle());
                }
            }
            case "DeleteMessage" -> {
                String receipt = receipts.poll();
                if (receipt != null) {
                    sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(receipt));
                } else {
                    sqs.getQueueAttributes(r -> r.queueUrl(queueUrl));
                }
            }
            case "DeleteMessageBatch" -> {
                List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
                for (String receipt; entries.size() < 10 && (receipt = receipts.poll()) != null; ) {
                    entries.add(DeleteMessageBatchRequestEntry.builder()
                            .id(Integer.toString(entries.size()))
                            .receiptHandle(receipt)
                            .build());
                }
                if (entries.isEmpty()) {
                    sqs.getQueueAttributes(r -> r.queueUrl(queueUrl));
                } else {
                    sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
                }
            }
            case "ChangeMessageVisibility" -> sqs.getQueueAttributes(r -> r.queueUrl(queueUrl));
            default -> throw new IllegalArgumentException(operation);
        }
    }

    private static Map<String, AttributeValue> item(String id) {
        return Map.of("id", s(id), "payload", s(PAYLOAD));
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(String v) {
        return AttributeValue.fromN(v);
    }

    @Override
    public void close() {
        dynamoDb.close();
        sqs.close();
    }
}
