package com.refundpipeline.store.dynamo;

import static com.refundpipeline.store.dynamo.Attributes.instant;
import static com.refundpipeline.store.dynamo.Attributes.n;
import static com.refundpipeline.store.dynamo.Attributes.number;
import static com.refundpipeline.store.dynamo.Attributes.s;
import static com.refundpipeline.store.dynamo.Attributes.string;
import static com.refundpipeline.store.dynamo.Attributes.time;

import com.refundpipeline.config.PipelineConfig;
import com.refundpipeline.domain.Notification;
import com.refundpipeline.json.Json;
import com.refundpipeline.store.NotificationOutbox;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The notifications outbox in DynamoDB. The message itself is a JSON document written once; its delivery state lives
 * in top-level attributes, moved by conditional updates. Only pending messages carry {@code pending_queue}, which
 * keeps the pending-by-due index sparse. Messages expire after a year (TTL on expires_at).
 */
@ApplicationScoped
public class DynamoNotificationOutbox implements NotificationOutbox {

    static final String BY_CASE_INDEX = "by-case";
    static final String PENDING_BY_DUE_INDEX = "pending-by-due";
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
        try {
            dynamo.putItem(put -> put.tableName(table())
                    .item(item(notification))
                    .conditionExpression("attribute_not_exists(notification_id)"));
            return true;
        } catch (ConditionalCheckFailedException alreadyRecorded) {
            return false;
        }
    }

    /** Both in one transaction (one call); when either was recorded before, each on its own, as {@link #record}. */
    @Override
    public boolean recordWith(Notification notification, Notification companion) {
        try {
            dynamo.transactWriteItems(tx -> tx.transactItems(
                    TransactWriteItem.builder()
                            .put(Put.builder()
                                    .tableName(table())
                                    .item(item(notification))
                                    .conditionExpression("attribute_not_exists(notification_id)")
                                    .build())
                            .build(),
                    TransactWriteItem.builder()
                            .put(Put.builder()
                                    .tableName(table())
                                    .item(item(companion))
                                    .conditionExpression("attribute_not_exists(notification_id)")
                                    .build())
                            .build()));
            return true;
        } catch (TransactionCanceledException recordedBefore) {
            List<CancellationReason> reasons = recordedBefore.cancellationReasons();
            boolean firstRecorded =
                    "ConditionalCheckFailed".equals(reasons.get(0).code());
            boolean secondRecorded =
                    "ConditionalCheckFailed".equals(reasons.get(1).code());
            if (!firstRecorded && !secondRecorded) {
                throw recordedBefore;
            }
            if (!secondRecorded) {
                record(companion);
            }
            return !firstRecorded && record(notification);
        }
    }

    private static Map<String, AttributeValue> item(Notification notification) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("notification_id", s(notification.notificationId()));
        item.put("case_id", s(notification.caseId()));
        item.put("created_at", time(notification.createdAt()));
        item.put("delivery_status", s(notification.deliveryStatus()));
        item.put("attempts", n(notification.attempts()));
        Instant sendAfter = notification.sendAfter() == null ? notification.createdAt() : notification.sendAfter();
        item.put("send_after", time(sendAfter));
        if (Notification.PENDING.equals(notification.deliveryStatus())) {
            item.put("pending_queue", s(Notification.PENDING));
        } else if (Notification.SENDING.equals(notification.deliveryStatus())) {
            // Recorded already claimed: the writer is its one sender (the claim and the record are one write).
            item.put("claimed_at", time(notification.createdAt()));
        } else {
            item.put("settled_at", time(notification.createdAt()));
        }
        if (notification.failureReason() != null) {
            item.put("failure_reason", s(notification.failureReason()));
        }
        item.put("expires_at", n(sendAfter.plus(RETENTION).getEpochSecond()));
        item.put("document", s(Json.write(notification)));
        return item;
    }

    @Override
    public List<Notification> forCase(String caseId) {
        return dynamo
                .query(q -> q.tableName(table())
                        .indexName(BY_CASE_INDEX)
                        .keyConditionExpression("case_id = :case")
                        .expressionAttributeValues(Map.of(":case", s(caseId))))
                .items()
                .stream()
                .map(DynamoNotificationOutbox::fromItem)
                .sorted(AS_RECEIVED)
                .toList();
    }

    /** In the order the customer gets them: by when each went out, or will. */
    private static final Comparator<Notification> AS_RECEIVED = Comparator.comparing(
                    (Notification n) -> n.sentAt() != null ? n.sentAt() : n.sendAfter())
            .thenComparing(Notification::createdAt)
            .thenComparing(Notification::notificationId);

    @Override
    public Optional<Notification> find(String notificationId) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table())
                        .key(Map.of("notification_id", s(notificationId)))
                        .consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public List<Notification> dueBefore(Instant time, int limit) {
        return dynamo
                .query(q -> q.tableName(table())
                        .indexName(PENDING_BY_DUE_INDEX)
                        .keyConditionExpression("pending_queue = :pending AND send_after <= :time")
                        .expressionAttributeValues(Map.of(":pending", s(Notification.PENDING), ":time", time(time)))
                        .limit(limit))
                .items()
                .stream()
                .map(DynamoNotificationOutbox::fromItem)
                .toList();
    }

    @Override
    public boolean postpone(String notificationId, Instant sendAfter, String why) {
        return update(
                notificationId,
                "SET send_after = :after, failure_reason = :why",
                "delivery_status = :pending",
                Map.of(":after", time(sendAfter), ":why", s(why), ":pending", s(Notification.PENDING)));
    }

    @Override
    public boolean claim(String notificationId, Instant at) {
        return update(
                notificationId,
                "SET delivery_status = :sending, claimed_at = :at ADD attempts :one REMOVE pending_queue",
                "delivery_status = :pending",
                Map.of(
                        ":sending",
                        s(Notification.SENDING),
                        ":at",
                        time(at),
                        ":one",
                        n(1),
                        ":pending",
                        s(Notification.PENDING)));
    }

    @Override
    public void settle(String notificationId, String status, String providerMessageId, String reason, Instant at) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":status", s(status));
        values.put(":at", time(at));
        values.put(":sending", s(Notification.SENDING));
        StringBuilder set = new StringBuilder("SET delivery_status = :status, settled_at = :at");
        if (Notification.SENT.equals(status)) {
            set.append(", sent_at = :at");
        }
        if (providerMessageId != null) {
            values.put(":provider", s(providerMessageId));
            set.append(", provider_message_id = :provider");
        }
        if (reason != null) {
            values.put(":reason", s(reason));
            set.append(", failure_reason = :reason");
        }
        if (!update(notificationId, set.toString(), "delivery_status = :sending", values)) {
            throw new IllegalStateException("notification " + notificationId + " was not being sent");
        }
    }

    @Override
    public void retryLater(String notificationId, Instant sendAfter, String reason) {
        update(
                notificationId,
                "SET delivery_status = :pending, pending_queue = :pending, send_after = :after, "
                        + "failure_reason = :reason",
                "delivery_status = :sending",
                Map.of(
                        ":pending",
                        s(Notification.PENDING),
                        ":after",
                        time(sendAfter),
                        ":reason",
                        s(reason),
                        ":sending",
                        s(Notification.SENDING)));
    }

    private boolean update(
            String notificationId, String expression, String condition, Map<String, AttributeValue> values) {
        try {
            dynamo.updateItem(u -> u.tableName(table())
                    .key(Map.of("notification_id", s(notificationId)))
                    .updateExpression(expression)
                    .conditionExpression(condition)
                    .expressionAttributeValues(values));
            return true;
        } catch (ConditionalCheckFailedException moved) {
            return false;
        }
    }

    /** The stored document, with its delivery state from the attributes that track it. */
    private static Notification fromItem(Map<String, AttributeValue> item) {
        Notification d = Json.read(item.get("document").s(), Notification.class);
        return new Notification(
                d.notificationId(),
                d.caseId(),
                d.audience(),
                d.event(),
                d.channel(),
                d.locale(),
                d.subject(),
                d.body(),
                d.parameters(),
                string(item, "delivery_status"),
                d.createdAt(),
                instant(item, "send_after"),
                instant(item, "sent_at"),
                (int) number(item, "attempts"),
                string(item, "provider_message_id"),
                string(item, "failure_reason"));
    }
}
