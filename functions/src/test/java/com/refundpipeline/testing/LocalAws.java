package com.refundpipeline.testing;

import com.refundpipeline.json.Json;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.config.ConfigProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/**
 * The tests' own view of DynamoDB Local and ElasticMQ, through separate clients: what was written and what was sent.
 * Messages taken off a queue are kept here, so a test can count them and feed them to the next function.
 */
@Singleton
public class LocalAws {

    public record QueuedMessage(String messageId, String body) {}

    private final DynamoDbClient dynamo;
    private final SqsClient sqs;
    private final Map<String, List<QueuedMessage>> taken = new ConcurrentHashMap<>();

    public LocalAws() {
        var config = ConfigProvider.getConfig();
        dynamo = Provisioning.dynamo(URI.create(config.getValue("quarkus.dynamodb.endpoint-override", String.class)));
        sqs = Provisioning.sqs(URI.create(config.getValue("quarkus.sqs.endpoint-override", String.class)));
    }

    @PreDestroy
    void close() {
        dynamo.close();
        sqs.close();
    }

    public static String table(String logicalId) {
        return ConfigProvider.getConfig().getValue("test.tables." + logicalId, String.class);
    }

    public static String queue(String logicalId) {
        return ConfigProvider.getConfig().getValue("test.queues." + logicalId, String.class);
    }

    public static String queueArn(String logicalId) {
        return ConfigProvider.getConfig().getValue("test.queue-arns." + logicalId, String.class);
    }

    public String verifyQueue() {
        return queue("VerifyQueue");
    }

    public String payoutQueue() {
        return queue("PayoutQueue");
    }

    public String followUpQueue() {
        return queue("FollowUpQueue");
    }

    public DynamoDbClient dynamo() {
        return dynamo;
    }

    public SqsClient sqs() {
        return sqs;
    }

    /** Every item of the cases table: a case is two (its case item and its request item). */
    public long caseCount() {
        return scan("CasesTable").size();
    }

    public long casesForOrder(String orderId) {
        return scan("CasesTable").stream()
                .filter(i -> i.containsKey("order_id")
                        && orderId.equals(i.get("order_id").s()))
                .count();
    }

    public Map<String, AttributeValue> caseItem(String caseId) {
        return dynamo.getItem(g -> g.tableName(table("CasesTable"))
                        .key(Map.of("case_id", AttributeValue.fromS(caseId)))
                        .consistentRead(true))
                .item();
    }

    /** A case item's timeline, decoded as the functions decode it (ADR 0036: one string an event). */
    public static List<com.refundpipeline.domain.TimelineEvent> timeline(Map<String, AttributeValue> caseItem) {
        return com.refundpipeline.store.dynamo.TimelineCodec.decodeAll(caseItem);
    }

    /** The JSON of the decision a case item names, from the case's decision item (ADR 0036). */
    public String decisionJson(Map<String, AttributeValue> caseItem) {
        String caseId = caseItem.get("case_id").s();
        AttributeValue stored =
                caseItem(caseId + "#decision").get(caseItem.get("decision_ref").s());
        try (var in = new java.util.zip.InflaterInputStream(
                new java.io.ByteArrayInputStream(stored.b().asByteArray()))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Rewrites the decision a case names, in place (under the same reference): a test's shortcut to another decision. */
    public void rewriteDecision(String caseId, java.util.function.UnaryOperator<String> edit) {
        Map<String, AttributeValue> item = caseItem(caseId);
        String json = edit.apply(decisionJson(item));
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (var z = new java.util.zip.DeflaterOutputStream(out)) {
            z.write(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        String ref = item.get("decision_ref").s();
        dynamo.updateItem(u -> u.tableName(table("CasesTable"))
                .key(Map.of("case_id", AttributeValue.fromS(caseId + "#decision")))
                .updateExpression("SET #d = :d")
                .expressionAttributeNames(Map.of("#d", ref))
                .expressionAttributeValues(Map.of(
                        ":d",
                        AttributeValue.fromB(software.amazon.awssdk.core.SdkBytes.fromByteArray(out.toByteArray())))));
    }

    public List<Map<String, AttributeValue>> scan(String tableLogicalId) {
        return dynamo.scan(ScanRequest.builder()
                        .tableName(table(tableLogicalId))
                        .consistentRead(true)
                        .build())
                .items();
    }

    /** The order ledger's item for an order (what its cases hold: amount, units, which cases). */
    public Map<String, AttributeValue> ledger(String orderId) {
        return scan("OrderLedgerTable").stream()
                .filter(i -> orderId.equals(i.get("order_id").s()))
                .findFirst()
                .orElseThrow();
    }

    public void putLedger(String orderId, String currency, long captured, long committed) {
        dynamo.putItem(p -> p.tableName(table("OrderLedgerTable"))
                .item(Map.of(
                        "order_id", AttributeValue.fromS(orderId),
                        "currency", AttributeValue.fromS(currency),
                        "captured_amount", AttributeValue.fromN(Long.toString(captured)),
                        "committed_amount", AttributeValue.fromN(Long.toString(committed)),
                        "committed_cases", AttributeValue.fromSs(List.of("rc_earlier")))));
    }

    /** Takes every message now on the queue and keeps it; returns all messages ever taken from it. */
    public synchronized List<QueuedMessage> drain(String queueUrl) {
        List<QueuedMessage> all = taken.computeIfAbsent(queueUrl, q -> new ArrayList<>());
        while (true) {
            List<Message> batch = sqs.receiveMessage(
                            r -> r.queueUrl(queueUrl).maxNumberOfMessages(10).waitTimeSeconds(0))
                    .messages();
            if (batch.isEmpty()) {
                return List.copyOf(all);
            }
            for (Message m : batch) {
                all.add(new QueuedMessage(m.messageId(), m.body()));
                sqs.deleteMessage(d -> d.queueUrl(queueUrl).receiptHandle(m.receiptHandle()));
            }
        }
    }

    /** Messages taken from the queue since the last call, for feeding to the next function. */
    public synchronized List<QueuedMessage> takeNew(String queueUrl) {
        int seen = taken.getOrDefault(queueUrl, List.of()).size();
        List<QueuedMessage> all = drain(queueUrl);
        return all.subList(seen, all.size());
    }

    public long messagesFor(String queueUrl, String caseId) {
        return drain(queueUrl).stream()
                .filter(m -> caseId.equals(caseIdOf(m.body())))
                .count();
    }

    public static String caseIdOf(String body) {
        try {
            return Json.MAPPER.readTree(body).path("case_id").asText();
        } catch (java.io.IOException e) {
            return null;
        }
    }

    /** Every message ever sent to the queue (taken or still waiting). */
    public long messagesWaiting(String queueUrl) {
        return drain(queueUrl).size();
    }

    public long approximateDepth(String queueUrl) {
        return sqs
                .getQueueAttributes(g -> g.queueUrl(queueUrl)
                        .attributeNames(
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
                .attributes()
                .values()
                .stream()
                .mapToLong(Long::parseLong)
                .sum();
    }
}
