package com.refundpipeline.store.dynamo;

import static com.refundpipeline.store.dynamo.Attributes.instant;
import static com.refundpipeline.store.dynamo.Attributes.n;
import static com.refundpipeline.store.dynamo.Attributes.number;
import static com.refundpipeline.store.dynamo.Attributes.s;
import static com.refundpipeline.store.dynamo.Attributes.string;

import com.refundpipeline.config.PipelineConfig;
import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.CaseSummary;
import com.refundpipeline.domain.TimelineEvent;
import com.refundpipeline.json.Json;
import com.refundpipeline.store.CaseQueues;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * The console's reads through the cases table's indexes: {@code by-status-due} (status, resolution_due_at) for the
 * queues, {@code by-order} and {@code by-customer} for search. Every read is a Query; the cursor is the index's
 * LastEvaluatedKey, opaque to the console.
 */
@ApplicationScoped
public class DynamoCaseQueues implements CaseQueues {

    static final String BY_STATUS_DUE_INDEX = "by-status-due";
    static final String BY_ORDER_INDEX = "by-order";
    /** The keys of a by-status-due cursor: the table's key and the index's. */
    private static final Set<String> CURSOR_KEYS = Set.of("case_id", "status", "resolution_due_at");
    /** A filtered page may need several reads to fill; never more than this many per request. */
    private static final int MAX_READS = 5;

    private final DynamoDbClient dynamo;
    private final PipelineConfig config;

    public DynamoCaseQueues(DynamoDbClient dynamo, PipelineConfig config) {
        this.dynamo = dynamo;
        this.config = config;
    }

    private String table() {
        return PipelineConfig.required(config.tables().cases(), "REFUNDS_TABLES_CASES");
    }

    @Override
    public Page dueFirst(CaseStatus status, Filter filter, int limit, String cursor) {
        Map<String, AttributeValue> start = decode(cursor, status);
        Map<String, String> names = new HashMap<>(Map.of("#status", "status"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":status", s(status.wire())));
        List<String> conditions = new ArrayList<>();
        if (filter.reason() != null) {
            names.put("#reason", "reason");
            values.put(":reason", s(filter.reason()));
            conditions.add("#reason = :reason");
        }
        if (filter.currency() != null) {
            names.put("#currency", "currency");
            values.put(":currency", s(filter.currency()));
            conditions.add("#currency = :currency");
        }
        if (filter.minAmount() != null || filter.maxAmount() != null) {
            names.put("#amount", "requested_amount");
        }
        if (filter.minAmount() != null) {
            values.put(":min", n(filter.minAmount()));
            conditions.add("#amount >= :min");
        }
        if (filter.maxAmount() != null) {
            values.put(":max", n(filter.maxAmount()));
            conditions.add("#amount <= :max");
        }
        // created_at is an ISO instant as text; bounds to the second without the zone letter compare correctly with
        // every stored form (2026-11-30T10:00:00Z, ...:00.5Z), since those extend the bound's prefix.
        if (filter.openedFrom() != null || filter.openedBefore() != null) {
            names.put("#created", "created_at");
        }
        if (filter.openedFrom() != null) {
            values.put(":opened_from", s(secondText(filter.openedFrom())));
            conditions.add("#created >= :opened_from");
        }
        if (filter.openedBefore() != null) {
            values.put(":opened_before", s(secondText(filter.openedBefore())));
            conditions.add("#created < :opened_before");
        }
        if (filter.tier() != null) {
            names.put("#tier", CaseItems.ESCALATED_TO);
            values.put(":tier", s(filter.tier()));
            conditions.add(
                    filter.tier().equals(filter.baseTier())
                            ? "(attribute_not_exists(#tier) OR #tier = :tier)"
                            : "#tier = :tier");
        }
        List<CaseSummary> cases = new ArrayList<>();
        for (int reads = 0; reads < MAX_READS && cases.size() < limit; reads++) {
            QueryRequest.Builder q = QueryRequest.builder()
                    .tableName(table())
                    .indexName(BY_STATUS_DUE_INDEX)
                    .keyConditionExpression("#status = :status")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .scanIndexForward(true)
                    .limit(limit - cases.size())
                    .exclusiveStartKey(start);
            if (!conditions.isEmpty()) {
                q.filterExpression(String.join(" AND ", conditions));
            }
            QueryResponse page = dynamo.query(q.build());
            page.items().forEach(i -> cases.add(summary(i)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            if (start == null) {
                break;
            }
        }
        return new Page(List.copyOf(cases), start == null ? null : encode(start));
    }

    @Override
    public List<String> caseIdsOfOrder(String orderId, int limit) {
        return ids(BY_ORDER_INDEX, "order_id", orderId, limit);
    }

    @Override
    public List<String> caseIdsOfCustomer(String customerId, int limit) {
        return ids(DynamoCaseRepository.BY_CUSTOMER_INDEX, "customer_id", customerId, limit);
    }

    private List<String> ids(String index, String attribute, String value, int limit) {
        QueryResponse response = dynamo.query(q -> q.tableName(table())
                .indexName(index)
                .keyConditionExpression("#k = :v")
                .expressionAttributeNames(Map.of("#k", attribute))
                .expressionAttributeValues(Map.of(":v", s(value)))
                .scanIndexForward(false)
                .limit(limit));
        return response.items().stream().map(i -> string(i, "case_id")).toList();
    }

    @Override
    public Optional<TimelineEvent> addNote(String caseId, CaseStatus status, TimelineEvent note) {
        try {
            dynamo.updateItem(u -> u.tableName(table())
                    .key(Map.of("case_id", s(caseId)))
                    .updateExpression("SET #timeline = list_append(#timeline, :note)")
                    .conditionExpression("attribute_exists(case_id)")
                    .expressionAttributeNames(Map.of("#timeline", "timeline"))
                    .expressionAttributeValues(
                            Map.of(":note", AttributeValue.fromL(List.of(CaseItems.eventValue(note))))));
            return Optional.of(note);
        } catch (ConditionalCheckFailedException missing) {
            return Optional.empty();
        }
    }

    @Override
    public Write escalate(String caseId, CaseStatus status, String fromTier, String toTier, TimelineEvent event) {
        Map<String, String> names =
                new HashMap<>(Map.of("#timeline", "timeline", "#status", "status", "#tier", CaseItems.ESCALATED_TO));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":event", AttributeValue.fromL(List.of(CaseItems.eventValue(event))),
                ":status", s(status.wire()),
                ":to", s(toTier)));
        String tierNow = "attribute_not_exists(#tier)";
        if (fromTier != null) {
            values.put(":from", s(fromTier));
            tierNow = "#tier = :from";
        }
        String condition = "attribute_exists(case_id) AND #status = :status AND " + tierNow;
        return guarded(
                caseId,
                u -> u.updateExpression("SET #tier = :to, #timeline = list_append(#timeline, :event)")
                        .conditionExpression(condition)
                        .expressionAttributeNames(names)
                        .expressionAttributeValues(values));
    }

    @Override
    public Write recordCall(String caseId, TimelineEvent event, int maxAttempts) {
        return guarded(
                caseId,
                u -> u.updateExpression("SET #timeline = list_append(#timeline, :event) ADD #calls :one")
                        .conditionExpression(
                                "attribute_exists(case_id) AND (attribute_not_exists(#calls) OR #calls < :max)")
                        .expressionAttributeNames(Map.of("#timeline", "timeline", "#calls", CaseItems.CALL_ATTEMPTS))
                        .expressionAttributeValues(Map.of(
                                ":event", AttributeValue.fromL(List.of(CaseItems.eventValue(event))),
                                ":one", n(1),
                                ":max", n(maxAttempts))));
    }

    /** One conditional UpdateItem on the case item; a failed condition (the case changed, or is gone) refuses it. */
    private Write guarded(
            String caseId,
            java.util.function.Consumer<software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest.Builder>
                    update) {
        try {
            dynamo.updateItem(u -> {
                u.tableName(table()).key(Map.of("case_id", s(caseId)));
                update.accept(u);
            });
            return Write.WRITTEN;
        } catch (ConditionalCheckFailedException refused) {
            return Write.REFUSED;
        }
    }

    private static String secondText(java.time.Instant at) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")
                .withZone(java.time.ZoneOffset.UTC)
                .format(at);
    }

    private static CaseSummary summary(Map<String, AttributeValue> i) {
        return new CaseSummary(
                string(i, "case_id"),
                CaseStatus.fromWire(string(i, "status")),
                instant(i, "created_at"),
                instant(i, "resolution_due_at"),
                string(i, "order_id"),
                string(i, "reason"),
                number(i, "requested_amount"),
                string(i, "currency"),
                string(i, CaseItems.ESCALATED_TO));
    }

    static String encode(Map<String, AttributeValue> key) {
        Map<String, String> plain = new LinkedHashMap<>();
        key.forEach((k, v) -> plain.put(k, v.s()));
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(Json.write(plain).getBytes(StandardCharsets.UTF_8));
    }

    /** A cursor back into a start key; anything that is not one of ours, for this queue, is refused. */
    @SuppressWarnings("unchecked")
    static Map<String, AttributeValue> decode(String cursor, CaseStatus status) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        Map<String, Object> plain;
        try {
            plain = Json.read(new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8), Map.class);
        } catch (RuntimeException bad) {
            throw new IllegalArgumentException("cursor is not one this queue gave out");
        }
        if (!plain.keySet().equals(CURSOR_KEYS)
                || !status.wire().equals(plain.get("status"))
                || !plain.values().stream().allMatch(v -> v instanceof String)) {
            throw new IllegalArgumentException("cursor is not one this queue gave out");
        }
        Map<String, AttributeValue> key = new HashMap<>();
        plain.forEach((k, v) -> key.put(k, s((String) v)));
        return key;
    }
}
