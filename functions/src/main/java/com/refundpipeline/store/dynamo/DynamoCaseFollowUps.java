package com.refundpipeline.store.dynamo;

import static com.refundpipeline.store.dynamo.Attributes.instant;
import static com.refundpipeline.store.dynamo.Attributes.n;
import static com.refundpipeline.store.dynamo.Attributes.s;
import static com.refundpipeline.store.dynamo.Attributes.string;
import static com.refundpipeline.store.dynamo.Attributes.time;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.enterprise.context.ApplicationScoped;

import com.refundpipeline.config.PipelineConfig;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.TimelineEvent;
import com.refundpipeline.json.Json;
import com.refundpipeline.store.CaseFollowUps;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Follow-up's attributes on the case item: {@code unsubscribed} (a string set of channels), {@code feedback} (JSON),
 * and {@code supervisor_queue}/{@code reopened_at}, present only while a supervisor must look at the case, which
 * keeps the reopened-by-time index sparse. Changes that touch the timeline bump the version like any case write.
 */
@ApplicationScoped
public class DynamoCaseFollowUps implements CaseFollowUps {

    static final String REOPENED_INDEX = "reopened-by-time";
    static final String REOPENED = "reopened";

    private final DynamoDbClient dynamo;
    private final PipelineConfig config;

    public DynamoCaseFollowUps(DynamoDbClient dynamo, PipelineConfig config) {
        this.dynamo = dynamo;
        this.config = config;
    }

    private String table() {
        return PipelineConfig.required(config.tables().cases(), "REFUNDS_TABLES_CASES");
    }

    @Override
    public Set<String> unsubscribedChannels(String caseId) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table())
                .key(Map.of("case_id", s(caseId)))
                .projectionExpression("unsubscribed")
                .consistentRead(true)).item();
        AttributeValue channels = item == null ? null : item.get("unsubscribed");
        return channels == null || !channels.hasSs() ? Set.of() : Set.copyOf(channels.ss());
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
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":feedback", s(Json.write(feedback)));
        values.put(":expected", n(current.version()));
        values.put(":next", n(current.version() + 1));
        values.put(":at", time(event.at()));
        values.put(":event", AttributeValue.fromL(List.of(DynamoCaseRepository.eventValue(event))));
        String set = "SET #feedback = :feedback, #version = :next, #updated_at = :at, "
                + "#timeline = list_append(#timeline, :event)";
        Map<String, String> names = new HashMap<>(Map.of("#feedback", "feedback", "#version", "version",
                "#updated_at", "updated_at", "#timeline", "timeline"));
        if (feedback.reopened()) {
            values.put(":queue", s(REOPENED));
            set += ", #supervisor_queue = :queue, #reopened_at = :at";
            names.put("#supervisor_queue", "supervisor_queue");
            names.put("#reopened_at", "reopened_at");
        }
        String expression = set;
        try {
            dynamo.updateItem(u -> u.tableName(table())
                    .key(Map.of("case_id", s(current.caseId())))
                    .updateExpression(expression)
                    .conditionExpression("attribute_not_exists(#feedback) AND #version = :expected")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return FeedbackResult.RECORDED;
        } catch (ConditionalCheckFailedException refused) {
            return refused.hasItem() && refused.item().containsKey("feedback") ? FeedbackResult.ALREADY_GIVEN
                    : FeedbackResult.CASE_CHANGED;
        }
    }

    @Override
    public Optional<Feedback> feedback(String caseId) {
        Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName(table())
                .key(Map.of("case_id", s(caseId)))
                .projectionExpression("feedback")
                .consistentRead(true)).item();
        String feedback = item == null ? null : string(item, "feedback");
        return feedback == null ? Optional.empty() : Optional.of(Json.read(feedback, Feedback.class));
    }

    @Override
    public List<Reopened> reopenedForSupervisor(int limit) {
        return dynamo.query(q -> q.tableName(table())
                .indexName(REOPENED_INDEX)
                .keyConditionExpression("supervisor_queue = :queue")
                .expressionAttributeValues(Map.of(":queue", s(REOPENED)))
                .limit(limit))
                .items().stream()
                .map(i -> new Reopened(string(i, "case_id"), instant(i, "reopened_at")))
                .toList();
    }

    @Override
    public boolean supervisorReviewed(RefundCase current, TimelineEvent event) {
        try {
            dynamo.updateItem(u -> u.tableName(table())
                    .key(Map.of("case_id", s(current.caseId())))
                    .updateExpression("SET #version = :next, #updated_at = :at, "
                            + "#timeline = list_append(#timeline, :event) REMOVE supervisor_queue, reopened_at")
                    .conditionExpression("attribute_exists(supervisor_queue) AND #version = :expected")
                    .expressionAttributeNames(Map.of("#version", "version", "#updated_at", "updated_at",
                            "#timeline", "timeline"))
                    .expressionAttributeValues(Map.of(":next", n(current.version() + 1),
                            ":expected", n(current.version()), ":at", time(event.at()),
                            ":event", AttributeValue.fromL(List.of(DynamoCaseRepository.eventValue(event))))));
            return true;
        } catch (ConditionalCheckFailedException notReopened) {
            return false;
        }
    }

    @Override
    public List<CaseWithFeedback> everyCase() {
        List<CaseWithFeedback> all = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            ScanResponse page = dynamo.scan(scan -> scan.tableName(table()).exclusiveStartKey(from));
            for (Map<String, AttributeValue> item : page.items()) {
                String feedback = string(item, "feedback");
                all.add(new CaseWithFeedback(DynamoCaseRepository.fromItem(item),
                        feedback == null ? null : Json.read(feedback, Feedback.class)));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return all;
    }
}
