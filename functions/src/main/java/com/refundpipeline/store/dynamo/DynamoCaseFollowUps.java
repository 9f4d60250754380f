package com.refundpipeline.store.dynamo;

import static com.refundpipeline.store.dynamo.Attributes.instant;
import static com.refundpipeline.store.dynamo.Attributes.n;
import static com.refundpipeline.store.dynamo.Attributes.s;
import static com.refundpipeline.store.dynamo.Attributes.string;
import static com.refundpipeline.store.dynamo.Attributes.time;

import com.refundpipeline.config.PipelineConfig;
import com.refundpipeline.domain.Notification;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.TimelineEvent;
import com.refundpipeline.json.Json;
import com.refundpipeline.store.CaseFollowUps;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Follow-up's attributes on the case item: {@code unsubscribed} (a string set of channels) and {@code feedback}
 * (JSON). The supervisors' list of reopened cases is kept in the outbox (see {@link #supervisorItem}). Changes that
 * touch the timeline bump the version like any case write.
 */
@ApplicationScoped
public class DynamoCaseFollowUps implements CaseFollowUps {

    static final String REOPENED = "reopened";
    static final String SUPERVISOR = "supervisor";

    private final DynamoDbClient dynamo;
    private final PipelineConfig config;

    public DynamoCaseFollowUps(DynamoDbClient dynamo, PipelineConfig config) {
        this.dynamo = dynamo;
        this.config = config;
    }

    private String table() {
        return PipelineConfig.required(config.tables().cases(), "REFUNDS_TABLES_CASES");
    }

    private String notificationsTable() {
        return PipelineConfig.required(config.tables().notifications(), "REFUNDS_TABLES_NOTIFICATIONS");
    }

    @Override
    public Optional<Recipient> recipient(String caseId) {
        Map<String, AttributeValue>[] items =
                CaseItems.loadItems(dynamo, table(), List.of(caseId)).get(caseId);
        if (items == null) {
            return Optional.empty();
        }
        AttributeValue channels = items[0].get("unsubscribed");
        return Optional.of(new Recipient(
                CaseItems.fromItems(items[0], items[1], items[2]),
                channels == null || !channels.hasSs() ? Set.of() : Set.copyOf(channels.ss()),
                items[0].containsKey("feedback")));
    }

    @Override
    public boolean unsubscribe(String caseId, String channel) {
        try {
            dynamo.updateItem(u -> u.tableName(table())
                    .key(Map.of("case_id", s(caseId)))
                    .updateExpression("ADD unsubscribed :channel")
                    .conditionExpression("attribute_exists(case_id)")
                    .expressionAttributeValues(Map.of(":channel", AttributeValue.fromSs(List.of(channel)))));
            return true;
        } catch (ConditionalCheckFailedException noCase) {
            return false;
        }
    }

    @Override
    public FeedbackResult recordFeedback(RefundCase current, Feedback feedback, TimelineEvent event) {
        Update answer = Update.builder()
                .tableName(table())
                .key(Map.of("case_id", s(current.caseId())))
                .updateExpression("SET #feedback = :feedback, #version = :next, #updated_at = :at, "
                        + "#timeline = list_append(#timeline, :event)")
                .conditionExpression("attribute_not_exists(#feedback) AND #version = :expected")
                .expressionAttributeNames(Map.of(
                        "#feedback",
                        "feedback",
                        "#version",
                        "version",
                        "#updated_at",
                        "updated_at",
                        "#timeline",
                        "timeline"))
                .expressionAttributeValues(Map.of(
                        ":feedback", s(Json.write(feedback)),
                        ":expected", n(current.version()),
                        ":next", n(current.version() + 1),
                        ":at", time(event.at()),
                        ":event", AttributeValue.fromL(List.of(CaseItems.eventValue(event)))))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build();
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().update(answer).build());
        if (feedback.reopened()) {
            writes.add(TransactWriteItem.builder()
                    .put(supervisorItem(current, feedback))
                    .build());
        }
        try {
            dynamo.transactWriteItems(tx -> tx.transactItems(writes));
            return FeedbackResult.RECORDED;
        } catch (TransactionCanceledException cancelled) {
            CancellationReason onCase = cancelled.cancellationReasons().get(0);
            if (!"ConditionalCheckFailed".equals(onCase.code())) {
                throw cancelled;
            }
            return onCase.item() != null && onCase.item().containsKey("feedback")
                    ? FeedbackResult.ALREADY_GIVEN
                    : FeedbackResult.CASE_CHANGED;
        }
    }

    /**
     * The supervisors' list is the outbox's sparse pending-by-due index under {@code pending_queue = "reopened"}: a
     * message to the supervisors, delivered when one of them has looked at the case.
     */
    private Put supervisorItem(RefundCase c, Feedback feedback) {
        Notification note = Notification.pending(
                Notification.idFor(c.caseId(), REOPENED),
                c.caseId(),
                SUPERVISOR,
                REOPENED,
                SUPERVISOR,
                "en",
                "Low satisfaction (" + feedback.score() + "/5): " + c.caseId(),
                "The customer scored case " + c.caseId() + " " + feedback.score() + "/5"
                        + (feedback.goodwillCoupon() == null
                                ? ""
                                : "; a goodwill coupon of " + feedback.goodwillCoupon() + " " + feedback.currency()
                                        + " (minor units) was granted")
                        + ". Read the case and its feedback, contact the customer, then mark it reviewed.",
                Map.of("score", Integer.toString(feedback.score())),
                feedback.at(),
                feedback.at());
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("notification_id", s(note.notificationId()));
        item.put("case_id", s(c.caseId()));
        item.put("created_at", time(note.createdAt()));
        item.put("delivery_status", s(Notification.PENDING));
        item.put("pending_queue", s(REOPENED));
        item.put("send_after", time(note.sendAfter()));
        item.put("attempts", n(0));
        item.put("document", s(DynamoNotificationOutbox.document(note)));
        return Put.builder()
                .tableName(notificationsTable())
                .item(item)
                .conditionExpression("attribute_not_exists(notification_id)")
                .build();
    }

    @Override
    public List<Reopened> reopenedForSupervisor(int limit) {
        return dynamo
                .query(q -> q.tableName(notificationsTable())
                        .indexName(DynamoNotificationOutbox.PENDING_BY_DUE_INDEX)
                        .keyConditionExpression("pending_queue = :queue")
                        .expressionAttributeValues(Map.of(":queue", s(REOPENED)))
                        .limit(limit))
                .items()
                .stream()
                .map(i -> new Reopened(string(i, "case_id"), instant(i, "send_after")))
                .toList();
    }

    @Override
    public boolean supervisorReviewed(RefundCase current, TimelineEvent event) {
        Update onCase = Update.builder()
                .tableName(table())
                .key(Map.of("case_id", s(current.caseId())))
                .updateExpression("SET #version = :next, #updated_at = :at, #timeline = list_append(#timeline, :event)")
                .conditionExpression("#version = :expected")
                .expressionAttributeNames(
                        Map.of("#version", "version", "#updated_at", "updated_at", "#timeline", "timeline"))
                .expressionAttributeValues(Map.of(
                        ":next",
                        n(current.version() + 1),
                        ":expected",
                        n(current.version()),
                        ":at",
                        time(event.at()),
                        ":event",
                        AttributeValue.fromL(List.of(CaseItems.eventValue(event)))))
                .build();
        Update offTheList = Update.builder()
                .tableName(notificationsTable())
                .key(DynamoNotificationOutbox.key(Notification.idFor(current.caseId(), REOPENED)))
                .updateExpression("SET delivery_status = :sent, sent_at = :at, provider_message_id = :who "
                        + "REMOVE pending_queue")
                .conditionExpression("delivery_status = :pending")
                .expressionAttributeValues(Map.of(
                        ":sent",
                        s(Notification.SENT),
                        ":at",
                        time(event.at()),
                        ":who",
                        s(event.actor()),
                        ":pending",
                        s(Notification.PENDING)))
                .build();
        try {
            dynamo.transactWriteItems(tx -> tx.transactItems(
                    TransactWriteItem.builder().update(onCase).build(),
                    TransactWriteItem.builder().update(offTheList).build()));
            return true;
        } catch (TransactionCanceledException notOnTheList) {
            return false;
        }
    }
}
