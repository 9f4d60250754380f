package com.refundpipeline.store.dynamo;

import static com.refundpipeline.store.dynamo.Attributes.n;
import static com.refundpipeline.store.dynamo.Attributes.s;
import static com.refundpipeline.store.dynamo.Attributes.string;

import com.refundpipeline.config.PipelineConfig;
import com.refundpipeline.domain.ReturnLabel;
import com.refundpipeline.store.ReturnLabels;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The return-labels table, keyed {@code label_key}: {@code case#<case id>} holds the claim and then the label;
 * {@code trk#<tracking code>} points back at the case for the carrier's tracking events.
 */
@ApplicationScoped
public class DynamoReturnLabels implements ReturnLabels {

    private final DynamoDbClient dynamo;
    private final PipelineConfig config;

    public DynamoReturnLabels(DynamoDbClient dynamo, PipelineConfig config) {
        this.dynamo = dynamo;
        this.config = config;
    }

    private String table() {
        return PipelineConfig.required(config.tables().returnLabels(), "REFUNDS_TABLES_RETURN_LABELS");
    }

    private static Map<String, AttributeValue> caseKey(String caseId) {
        return Map.of("label_key", s("case#" + caseId));
    }

    @Override
    public Optional<ReturnLabel> find(String caseId) {
        Map<String, AttributeValue> item = dynamo.getItem(
                        get -> get.tableName(table()).key(caseKey(caseId)).consistentRead(true))
                .item();
        if (item == null || !item.containsKey("tracking_code")) {
            return Optional.empty();
        }
        return Optional.of(new ReturnLabel(
                string(item, "carrier"),
                string(item, "tracking_code"),
                string(item, "label_url"),
                Attributes.number(item, "cost"),
                string(item, "currency")));
    }

    @Override
    public boolean claim(String caseId, String owner, Instant now, Duration lease) {
        try {
            dynamo.updateItem(update -> update.tableName(table())
                    .key(caseKey(caseId))
                    .updateExpression("SET case_id = :case, claimed_by = :owner, claimed_until = :until")
                    // Nobody bought one yet, and nobody else is buying one right now.
                    .conditionExpression("attribute_not_exists(tracking_code) AND (attribute_not_exists(claimed_until)"
                            + " OR claimed_until < :now OR claimed_by = :owner)")
                    .expressionAttributeValues(Map.of(
                            ":case", s(caseId),
                            ":owner", s(owner),
                            ":until", n(now.plus(lease).toEpochMilli()),
                            ":now", n(now.toEpochMilli()))));
            return true;
        } catch (ConditionalCheckFailedException taken) {
            return false;
        }
    }

    @Override
    public void record(String caseId, String owner, ReturnLabel label) {
        Update labelled = Update.builder()
                .tableName(table())
                .key(caseKey(caseId))
                .updateExpression("SET carrier = :carrier, tracking_code = :tracking, label_url = :url, cost = :cost,"
                        + " currency = :currency REMOVE claimed_until")
                .conditionExpression("claimed_by = :owner AND attribute_not_exists(tracking_code)")
                .expressionAttributeValues(Map.of(
                        ":carrier", s(label.carrier()),
                        ":tracking", s(label.trackingCode()),
                        ":url", s(label.labelUrl()),
                        ":cost", n(label.cost()),
                        ":currency", s(label.currency()),
                        ":owner", s(owner)))
                .build();
        Put tracking = Put.builder()
                .tableName(table())
                .item(Map.of("label_key", s("trk#" + label.trackingCode()), "case_id", s(caseId)))
                .build();
        dynamo.transactWriteItems(tx -> tx.transactItems(
                TransactWriteItem.builder().update(labelled).build(),
                TransactWriteItem.builder().put(tracking).build()));
    }

    @Override
    public void release(String caseId, String owner) {
        try {
            dynamo.updateItem(update -> update.tableName(table())
                    .key(caseKey(caseId))
                    .updateExpression("REMOVE claimed_by, claimed_until")
                    .conditionExpression("claimed_by = :owner AND attribute_not_exists(tracking_code)")
                    .expressionAttributeValues(Map.of(":owner", s(owner))));
        } catch (ConditionalCheckFailedException notOurs) {
            // Taken over after our lease ran out, or already labelled: nothing of ours to give back.
        }
    }

    @Override
    public Optional<String> caseForTracking(String trackingCode) {
        Map<String, AttributeValue> item = dynamo.getItem(get -> get.tableName(table())
                        .key(Map.of("label_key", s("trk#" + trackingCode)))
                        .consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.ofNullable(string(item, "case_id"));
    }
}
