package com.refundpipeline.store.dynamo;

import static com.refundpipeline.store.dynamo.Attributes.instant;
import static com.refundpipeline.store.dynamo.Attributes.n;
import static com.refundpipeline.store.dynamo.Attributes.number;
import static com.refundpipeline.store.dynamo.Attributes.s;
import static com.refundpipeline.store.dynamo.Attributes.string;
import static com.refundpipeline.store.dynamo.Attributes.time;

import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * The notifications outbox in DynamoDB. The message itself is a JSON document written once; its delivery state lives
 * in top-level attributes, moved by conditional updates. Only pending messages carry {@code pending_queue}, which
 * keeps the pending-by-due index sparse. Messages expire after a year (TTL on expires_at).
 *
 * <p>The table's key is the case ({@code case_id}, partition) and the message ({@code notification_id}, sort; it
 * starts with the case id, {@link Notification#caseIdOf}): a case's messages are one Query on the table, with no
 * index entry to write per message (ADR 0012; the by-case index this replaced cost one write unit per message).
 *
 * <p>Every write also sets {@code write_token}, new for each call. The SDK repeats a write whose answer was lost (a
 * timeout, a dropped connection) with the same token; the repeat then fails its condition against the write it made
 * itself. A failed condition is therefore read back (the item as it was, returned with the failure): when it carries
 * this call's token, the write is this call's and it succeeded. Without that, a message recorded already claimed
 * ({@code sending}) whose answer was lost looked recorded by someone else, and nobody ever sent it.
 */
@ApplicationScoped
public class DynamoNotificationOutbox implements NotificationOutbox {

    static final String PENDING_BY_DUE_INDEX = "pending-by-due";
    private static final Duration RETENTION = Duration.ofDays(365);
    /** The token of the call that last wrote the item (see the class comment). */
    static final String WRITE_TOKEN = "write_token";
    /** The sparse index's key for messages being sent (claimed, not yet settled). */
    static final String CLAIMED = "claimed";

    private final DynamoDbClient dynamo;
    private final PipelineConfig config;

    public DynamoNotificationOutbox(DynamoDbClient dynamo, PipelineConfig config) {
        this.dynamo = dynamo;
        this.config = config;
    }

    private String table() {
        return PipelineConfig.required(config.tables().notifications(), "REFUNDS_TABLES_NOTIFICATIONS");
    }

    /** The key of a message: its case and its id. */
    static Map<String, AttributeValue> key(String notificationId) {
        return Map.of("case_id", s(Notification.caseIdOf(notificationId)), "notification_id", s(notificationId));
    }

    @Override
    public boolean record(Notification notification) {
        if (!Notification.caseIdOf(notification.notificationId()).equals(notification.caseId())) {
            throw new IllegalArgumentException(
                    "message " + notification.notificationId() + " does not name its case " + notification.caseId());
        }
        String token = newToken();
        try {
            dynamo.putItem(put -> put.tableName(table())
                    .item(item(notification, token))
                    .conditionExpression("attribute_not_exists(notification_id)")
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return true;
        } catch (ConditionalCheckFailedException alreadyRecorded) {
            // Recorded before, by another call, or by this one when the SDK repeated it after a lost answer.
            return writtenBy(token, notification.notificationId(), alreadyRecorded.item());
        }
    }

    private static String newToken() {
        return UUID.randomUUID().toString();
    }

    /**
     * Whether the item a failed condition found (as returned with the failure, or read when it was not) carries
     * {@code token}: then the write was this call's own, repeated by the SDK after its answer was lost.
     */
    private boolean writtenBy(String token, String notificationId, Map<String, AttributeValue> found) {
        Map<String, AttributeValue> item = found;
        if (item == null || item.isEmpty()) {
            item = dynamo.getItem(
                            g -> g.tableName(table()).key(key(notificationId)).consistentRead(true))
                    .item();
        }
        return item != null && token.equals(string(item, WRITE_TOKEN));
    }

    private static Map<String, AttributeValue> item(Notification notification, String token) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("notification_id", s(notification.notificationId()));
        item.put(WRITE_TOKEN, s(token));
        item.put("case_id", s(notification.caseId()));
        item.put("created_at", time(notification.createdAt()));
        item.put("delivery_status", s(notification.deliveryStatus()));
        item.put("attempts", n(notification.attempts()));
        Instant sendAfter = notification.sendAfter() == null ? notification.createdAt() : notification.sendAfter();
        item.put("send_after", time(sendAfter));
        if (Notification.PENDING.equals(notification.deliveryStatus())) {
            item.put("pending_queue", s(Notification.PENDING));
        } else if (Notification.SENDING.equals(notification.deliveryStatus())) {
            // Recorded already claimed: the writer is its one sender (the claim and the record are one write). Kept
            // in the sparse index under "claimed" until settled, so a claim whose sender died is found again. A
            // message recorded claimed goes out at once: its send_after is the claim's moment.
            item.put("claimed_at", time(sendAfter));
            item.put("pending_queue", s(CLAIMED));
        } else {
            item.put("settled_at", time(notification.createdAt()));
        }
        if (notification.failureReason() != null) {
            item.put("failure_reason", s(notification.failureReason()));
        }
        item.put("expires_at", n(sendAfter.plus(RETENTION).getEpochSecond()));
        item.put("document", s(document(notification)));
        return item;
    }

    /** What the item's own attributes (its key, times and delivery state) already say, left out of its document. */
    private static final List<String> NOT_IN_DOCUMENT = List.of(
            "notification_id",
            "case_id",
            "created_at",
            "delivery_status",
            "send_after",
            "sent_at",
            "attempts",
            "provider_message_id",
            "failure_reason");

    /**
     * The message's document: what is written once (audience, event, channel, locale, subject, body, parameters),
     * without what the item's attributes hold, so nothing is stored twice (ADR 0037: the received-and-decided message
     * stays under 1 KB when settled). Documents written before carry all of it; {@link #fromItem} reads both.
     */
    static String document(Notification notification) {
        ObjectNode document = Json.MAPPER.valueToTree(notification);
        document.remove(NOT_IN_DOCUMENT);
        return Json.write(document);
    }

    /** A case's messages are its partition of the table: one consistent Query, no index. */
    @Override
    public List<Notification> forCase(String caseId) {
        return dynamo
                .queryPaginator(q -> q.tableName(table())
                        .keyConditionExpression("case_id = :case")
                        .expressionAttributeValues(Map.of(":case", s(caseId)))
                        .consistentRead(true))
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
        Map<String, AttributeValue> item = dynamo.getItem(
                        g -> g.tableName(table()).key(key(notificationId)).consistentRead(true))
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
                "SET delivery_status = :sending, claimed_at = :at, pending_queue = :claimed ADD attempts :one",
                "delivery_status = :pending",
                Map.of(
                        ":sending",
                        s(Notification.SENDING),
                        ":at",
                        time(at),
                        ":claimed",
                        s(CLAIMED),
                        ":one",
                        n(1),
                        ":pending",
                        s(Notification.PENDING)));
    }

    @Override
    public List<StaleClaim> staleClaims(Instant claimedBefore, int limit) {
        // send_after is at or before the claim, so the key condition reads only candidates; the claim time decides.
        return dynamo
                .query(q -> q.tableName(table())
                        .indexName(PENDING_BY_DUE_INDEX)
                        .keyConditionExpression("pending_queue = :claimed AND send_after <= :before")
                        .expressionAttributeValues(Map.of(":claimed", s(CLAIMED), ":before", time(claimedBefore)))
                        .limit(limit))
                .items()
                .stream()
                .filter(i -> instant(i, "claimed_at") != null
                        && instant(i, "claimed_at").isBefore(claimedBefore))
                .map(i -> new StaleClaim(fromItem(i), instant(i, "claimed_at")))
                .toList();
    }

    @Override
    public boolean reclaim(String notificationId, Instant claimedAt, Instant at) {
        return update(
                notificationId,
                "SET claimed_at = :at ADD attempts :one",
                "delivery_status = :sending AND claimed_at = :seen",
                Map.of(":at", time(at), ":one", n(1), ":sending", s(Notification.SENDING), ":seen", time(claimedAt)));
    }

    @Override
    public boolean recordProviderReceipt(String notificationId, ProviderReceipt receipt) {
        // Only while sending: that is when a takeover may need it. A settled message is not written again.
        return update(
                notificationId,
                "SET provider_sent_at = :accepted, provider_message_id = :provider",
                "delivery_status = :sending AND attribute_not_exists(provider_sent_at)",
                Map.of(
                        ":accepted",
                        time(receipt.acceptedAt()),
                        ":provider",
                        s(receipt.providerMessageId()),
                        ":sending",
                        s(Notification.SENDING)));
    }

    @Override
    public Optional<ProviderReceipt> providerReceipt(String notificationId) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table())
                        .key(key(notificationId))
                        .consistentRead(true)
                        .projectionExpression("provider_sent_at, provider_message_id"))
                .item();
        return item == null || instant(item, "provider_sent_at") == null
                ? Optional.empty()
                : Optional.of(
                        new ProviderReceipt(string(item, "provider_message_id"), instant(item, "provider_sent_at")));
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
        set.append(" REMOVE pending_queue");
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

    /**
     * One conditional move ({@code expression} starts with SET); true when this call made it, including when the SDK
     * repeated it after its answer was lost and the repeat found the move already made by this call.
     */
    private boolean update(
            String notificationId, String expression, String condition, Map<String, AttributeValue> values) {
        String token = newToken();
        Map<String, AttributeValue> withToken = new HashMap<>(values);
        withToken.put(":write_token", s(token));
        try {
            dynamo.updateItem(u -> u.tableName(table())
                    .key(key(notificationId))
                    .updateExpression(expression.replaceFirst("^SET ", "SET " + WRITE_TOKEN + " = :write_token, "))
                    .conditionExpression(condition)
                    .expressionAttributeValues(withToken)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return true;
        } catch (ConditionalCheckFailedException moved) {
            return writtenBy(token, notificationId, moved.item());
        }
    }

    /** The stored document, with its key, creation and delivery state from the attributes that track them. */
    private static Notification fromItem(Map<String, AttributeValue> item) {
        Notification d = Json.read(item.get("document").s(), Notification.class);
        Instant created = instant(item, "created_at");
        return new Notification(
                string(item, "notification_id"),
                string(item, "case_id"),
                d.audience(),
                d.event(),
                d.channel(),
                d.locale(),
                d.subject(),
                d.body(),
                d.parameters(),
                string(item, "delivery_status"),
                created != null ? created : d.createdAt(),
                instant(item, "send_after"),
                instant(item, "sent_at"),
                (int) number(item, "attempts"),
                string(item, "provider_message_id"),
                string(item, "failure_reason"));
    }
}
