package com.refundpipeline.store.dynamo;

import static com.refundpipeline.store.dynamo.Attributes.s;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.enterprise.context.ApplicationScoped;

import com.refundpipeline.config.PipelineConfig;
import com.refundpipeline.json.Json;
import com.refundpipeline.store.Notification;
import com.refundpipeline.store.NotificationOutbox;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** The notifications outbox in DynamoDB; delivered messages expire after a year (TTL on expires_at). */
@ApplicationScoped
public class DynamoNotificationOutbox implements NotificationOutbox {

    static final String BY_CASE_INDEX = "by-case";
    private static final Duration RETENTION = Duration.ofDays(365);

    private final DynamoDbClient dynamo;
    private final PipelineConfig config;

    public DynamoNotificationOutbox(DynamoDbClient dynamo, PipelineConfig config) {
        this.dynamo = dynamo;
        this.config = config;
    }

    private String table() {
        return PipelineConfig.required(config.tables().notifications(), "REFUNDS_TABLES_NOTIFICATIONS");
    }

    @Override
    public boolean record(Notification notification) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("notification_id", s(notification.notificationId()));
        item.put("case_id", s(notification.caseId()));
        item.put("created_at", Attributes.time(notification.createdAt()));
        item.put("delivery_status", s(notification.deliveryStatus()));
        item.put("expires_at", Attributes.n(notification.createdAt().plus(RETENTION).getEpochSecond()));
        item.put("document", s(Json.write(notification)));
        try {
            dynamo.putItem(put -> put.tableName(table())
                    .item(item)
                    .conditionExpression("attribute_not_exists(notification_id)"));
            return true;
        } catch (ConditionalCheckFailedException alreadyRecorded) {
            return false;
        }
    }

    @Override
    public List<Notification> forCase(String caseId) {
        return dynamo.query(q -> q.tableName(table())
                .indexName(BY_CASE_INDEX)
                .keyConditionExpression("case_id = :case")
                .expressionAttributeValues(Map.of(":case", s(caseId))))
                .items().stream()
                .map(item -> Json.read(item.get("document").s(), Notification.class))
                .toList();
    }
}
