package com.refundpipeline.store.dynamo;

import static com.refundpipeline.store.dynamo.Attributes.instant;
import static com.refundpipeline.store.dynamo.Attributes.n;
import static com.refundpipeline.store.dynamo.Attributes.number;
import static com.refundpipeline.store.dynamo.Attributes.s;
import static com.refundpipeline.store.dynamo.Attributes.string;
import static com.refundpipeline.store.dynamo.Attributes.time;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import com.refundpipeline.config.PipelineConfig;
import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.CaseSummary;
import com.refundpipeline.domain.CaseTransition;
import com.refundpipeline.domain.Decision;
import com.refundpipeline.domain.OrderReservation;
import com.refundpipeline.domain.Payout;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.RefundRequest;
import com.refundpipeline.domain.TimelineEvent;
import com.refundpipeline.json.Json;
import com.refundpipeline.store.CaseRepository;
import com.refundpipeline.store.TransitionResult;

import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Cases in one DynamoDB item each: status, version and timeline together, so a transition and its timeline event
 * are one conditional write. Nested documents (request, decision, payout) are stored as JSON.
 */
@ApplicationScoped
public class DynamoCaseRepository implements CaseRepository {

    /** Only open cases carry this attribute, which keeps the open-by-due index sparse. */
    static final String OPEN = "open";
    static final String OPEN_BY_DUE_INDEX = "open-by-due";
    static final String BY_CUSTOMER_INDEX = "by-customer";
    static final String BY_STATUS_INDEX = "by-status";

    private final DynamoDbClient dynamo;
    private final PipelineConfig config;

    public DynamoCaseRepository(DynamoDbClient dynamo, PipelineConfig config) {
        this.dynamo = dynamo;
        this.config = config;
    }

    private String table() {
        return PipelineConfig.required(config.tables().cases(), "REFUNDS_TABLES_CASES");
    }

    private String ledgerTable() {
        return PipelineConfig.required(config.tables().orderLedger(), "REFUNDS_TABLES_ORDER_LEDGER");
    }

    @Override
    public Optional<RefundCase> createOrGetExisting(RefundCase newCase) {
        try {
            dynamo.putItem(put -> put.tableName(table())
                    .item(toItem(newCase))
                    .conditionExpression("attribute_not_exists(case_id)")
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
            return Optional.empty();
        } catch (ConditionalCheckFailedException exists) {
            return Optional.of(exists.hasItem() ? fromItem(exists.item()) : find(newCase.caseId()).orElseThrow());
        }
    }

    @Override
    public Optional<RefundCase> find(String caseId) {
        Map<String, AttributeValue> item = dynamo.getItem(get -> get.tableName(table())
                .key(Map.of("case_id", s(caseId)))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fromItem(item));
    }

    @Override
    public TransitionResult apply(CaseTransition transition) {
        try {
            dynamo.updateItem(toUpdateRequest(transition));
            return TransitionResult.APPLIED;
        } catch (ConditionalCheckFailedException stale) {
            return TransitionResult.STALE;
        }
    }

    @Override
    public TransitionResult apply(CaseTransition transition, OrderReservation reservation) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":captured", n(reservation.capturedAmount()),
                ":currency", s(reservation.currency()),
                ":amount", n(reservation.amount()),
                ":case", AttributeValue.fromSs(List.of(reservation.caseId())),
                ":caseId", s(reservation.caseId()),
                ":limit", n(reservation.capturedAmount() - reservation.amount())));
        Map<String, String> names = new HashMap<>();
        String units = unitCounters(reservation.units(), 1, names, values);
        Update ledger = Update.builder()
                .tableName(ledgerTable())
                .key(Map.of("order_id", s(reservation.orderId())))
                // Conditions cannot add, so "committed + amount <= captured" is written as
                // "committed <= captured - amount".
                .updateExpression("SET captured_amount = if_not_exists(captured_amount, :captured), "
                        + "currency = if_not_exists(currency, :currency) "
                        + "ADD committed_amount :amount, committed_cases :case" + units)
                .conditionExpression("(attribute_not_exists(committed_amount) OR committed_amount <= :limit) "
                        + "AND (attribute_not_exists(captured_amount) OR captured_amount = :captured) "
                        + "AND NOT contains(committed_cases, :caseId)")
                .expressionAttributeNames(names.isEmpty() ? null : names)
                .expressionAttributeValues(values)
                .build();
        return transact(transition, ledger);
    }

    /**
     * The case's move and the ledger's update in one transaction: STALE when the case moved meanwhile,
     * ORDER_CAP_EXCEEDED when the ledger's condition refused.
     */
    private TransitionResult transact(CaseTransition transition, Update ledger) {
        try {
            dynamo.transactWriteItems(tx -> tx.transactItems(
                    TransactWriteItem.builder().update(update(transition).build()).build(),
                    TransactWriteItem.builder().update(ledger).build()));
            return TransitionResult.APPLIED;
        } catch (TransactionCanceledException cancelled) {
            List<CancellationReason> reasons = cancelled.cancellationReasons();
            if (reasons.size() == 2 && "ConditionalCheckFailed".equals(reasons.get(0).code())) {
                return TransitionResult.STALE;
            }
            if (reasons.size() == 2 && "ConditionalCheckFailed".equals(reasons.get(1).code())) {
                return TransitionResult.ORDER_CAP_EXCEEDED;
            }
            throw cancelled;
        }
    }

    /**
     * Units per sku are top-level counters ("units:SKU"), so ADD can start them from nothing; {@code sign} -1 takes
     * them back. Returns the ADD clauses (", #u0 :u0...") and fills in their names and values.
     */
    private static String unitCounters(Map<String, Long> units, int sign, Map<String, String> names,
            Map<String, AttributeValue> values) {
        StringBuilder clauses = new StringBuilder();
        int i = 0;
        for (Map.Entry<String, Long> unit : new java.util.TreeMap<>(units).entrySet()) {
            names.put("#u" + i, DynamoOrderLedger.UNITS_PREFIX + unit.getKey());
            values.put(":u" + i, n(sign * unit.getValue()));
            clauses.append(", #u").append(i).append(" :u").append(i);
            i++;
        }
        return clauses.toString();
    }

    @Override
    public TransitionResult applyReleasing(CaseTransition transition, OrderReservation reserved) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(
                ":amount", n(-reserved.amount()),
                ":case", AttributeValue.fromSs(List.of(reserved.caseId())),
                ":caseId", s(reserved.caseId())));
        Map<String, String> names = new HashMap<>();
        String units = unitCounters(reserved.units(), -1, names, values);
        // Only a case that holds a share gives it back, and only once: the case leaves committed_cases here.
        Update ledger = Update.builder()
                .tableName(ledgerTable())
                .key(Map.of("order_id", s(reserved.orderId())))
                .updateExpression("ADD committed_amount :amount" + units + " DELETE committed_cases :case")
                .conditionExpression("contains(committed_cases, :caseId)")
                .expressionAttributeNames(names.isEmpty() ? null : names)
                .expressionAttributeValues(values)
                .build();
        TransitionResult result = transact(transition, ledger);
        // The ledger refused: the case holds nothing on the order (never reserved, or released before), so the move
        // alone is the whole change.
        return result == TransitionResult.ORDER_CAP_EXCEEDED ? apply(transition) : result;
    }

    @Override
    public List<String> inStatusCreatedBefore(CaseStatus status, Instant createdBefore, int limit) {
        List<String> ids = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(q -> q.tableName(table())
                    .indexName(BY_STATUS_INDEX)
                    .keyConditionExpression("#status = :status AND created_at < :before")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":status", s(status.wire()), ":before", time(createdBefore)))
                    .scanIndexForward(true)
                    .limit(limit - ids.size())
                    .exclusiveStartKey(from));
            page.items().forEach(item -> ids.add(string(item, "case_id")));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && ids.size() < limit);
        return ids;
    }

    @Override
    public List<String> openCasesDueBefore(Instant time, int limit) {
        QueryResponse response = dynamo.query(q -> q.tableName(table())
                .indexName(OPEN_BY_DUE_INDEX)
                .keyConditionExpression("open_queue = :open AND resolution_due_at < :time")
                .expressionAttributeValues(Map.of(":open", s(OPEN), ":time", time(time)))
                .limit(limit));
        return response.items().stream().map(item -> string(item, "case_id")).toList();
    }

    @Override
    public int countForCustomerSince(String customerId, Instant since, String exceptCaseId) {
        int count = 0;
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(q -> q.tableName(table())
                    .indexName(BY_CUSTOMER_INDEX)
                    .keyConditionExpression("customer_id = :customer AND created_at >= :since")
                    .expressionAttributeValues(Map.of(":customer", s(customerId), ":since", time(since)))
                    .exclusiveStartKey(from));
            count += (int) page.items().stream().filter(i -> !exceptCaseId.equals(string(i, "case_id"))).count();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return count;
    }

    @Override
    public List<CaseSummary> inStatusOldestFirst(CaseStatus status, int limit) {
        QueryResponse response = dynamo.query(q -> q.tableName(table())
                .indexName(BY_STATUS_INDEX)
                .keyConditionExpression("#status = :status")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":status", s(status.wire())))
                .scanIndexForward(true)
                .limit(limit));
        return response.items().stream()
                .map(i -> new CaseSummary(string(i, "case_id"), CaseStatus.fromWire(string(i, "status")),
                        instant(i, "created_at"), instant(i, "resolution_due_at"), string(i, "order_id"),
                        string(i, "reason"), number(i, "requested_amount"), string(i, "currency")))
                .toList();
    }

    private UpdateItemRequest toUpdateRequest(CaseTransition t) {
        Update u = update(t).build();
        return UpdateItemRequest.builder()
                .tableName(u.tableName())
                .key(u.key())
                .updateExpression(u.updateExpression())
                .conditionExpression(u.conditionExpression())
                .expressionAttributeNames(u.expressionAttributeNames())
                .expressionAttributeValues(u.expressionAttributeValues())
                .build();
    }

    private Update.Builder update(CaseTransition t) {
        RefundCase current = t.current();
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":to", s(t.to().wire()));
        values.put(":from", s(t.from().wire()));
        values.put(":expected", n(current.version()));
        values.put(":next", n(current.version() + 1));
        values.put(":at", time(t.event().at()));
        values.put(":event", AttributeValue.fromL(List.of(eventValue(t.event()))));
        values.put(":request", s(Json.write(current.request().withEvidence(t.evidence()))));
        // Every attribute by placeholder: several of our names (status, request...) are DynamoDB reserved words.
        StringBuilder set = new StringBuilder(
                "SET #status = :to, #version = :next, #updated_at = :at, #timeline = list_append(#timeline, :event), "
                        + "#request = :request");
        List<String> remove = new ArrayList<>();
        if (t.decision() != null) {
            values.put(":decision", s(Json.write(t.decision())));
            set.append(", #decision = :decision");
        }
        if (t.payout() != null) {
            values.put(":payout", s(Json.write(t.payout())));
            set.append(", #payout = :payout");
        }
        if (!t.to().isOpen()) {
            remove.add("#open_queue");
        }
        if (t.expiresAt() != null) {
            // The table's TTL attribute: epoch seconds, as DynamoDB's TTL reads it.
            values.put(":expires", n(t.expiresAt().getEpochSecond()));
            set.append(", #expires_at = :expires");
        }
        boolean movesDue = t.resolutionDueAt() != null && !t.resolutionDueAt().equals(current.resolutionDueAt());
        if (movesDue) {
            values.put(":due", time(t.resolutionDueAt()));
            set.append(", #resolution_due_at = :due");
        }
        String expression = set + (remove.isEmpty() ? "" : " REMOVE " + String.join(", ", remove));
        return Update.builder()
                .tableName(table())
                .key(Map.of("case_id", s(current.caseId())))
                .updateExpression(expression)
                .conditionExpression("#version = :expected AND #status = :from")
                .expressionAttributeNames(names(t, !remove.isEmpty(), movesDue))
                .expressionAttributeValues(values);
    }

    private static Map<String, String> names(CaseTransition t, boolean removesOpenQueue, boolean movesDue) {
        Map<String, String> names = new HashMap<>();
        for (String name : List.of("status", "version", "updated_at", "timeline", "request")) {
            names.put("#" + name, name);
        }
        if (t.decision() != null) {
            names.put("#decision", "decision");
        }
        if (t.payout() != null) {
            names.put("#payout", "payout");
        }
        if (removesOpenQueue) {
            names.put("#open_queue", "open_queue");
        }
        if (movesDue) {
            names.put("#resolution_due_at", "resolution_due_at");
        }
        if (t.expiresAt() != null) {
            names.put("#expires_at", "expires_at");
        }
        return names;
    }

    static AttributeValue eventValue(TimelineEvent event) {
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("at", time(event.at()));
        m.put("type", s(event.type()));
        if (event.from() != null) {
            m.put("from", s(event.from().wire()));
        }
        m.put("to", s(event.to().wire()));
        m.put("actor", s(event.actor()));
        if (event.reason() != null) {
            m.put("reason", s(event.reason()));
        }
        return AttributeValue.fromM(m);
    }

    private static TimelineEvent event(Map<String, AttributeValue> m) {
        String from = string(m, "from");
        return new TimelineEvent(instant(m, "at"), string(m, "type"), from == null ? null : CaseStatus.fromWire(from),
                CaseStatus.fromWire(string(m, "to")), string(m, "actor"), string(m, "reason"));
    }

    static Map<String, AttributeValue> toItem(RefundCase c) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("case_id", s(c.caseId()));
        item.put("status", s(c.status().wire()));
        item.put("version", n(c.version()));
        item.put("created_at", time(c.createdAt()));
        item.put("updated_at", time(c.updatedAt()));
        item.put("resolution_due_at", time(c.resolutionDueAt()));
        item.put("order_id", s(c.orderId()));
        item.put("customer_id", s(c.customerId()));
        item.put("reason", s(c.request().reason().wire()));
        item.put("requested_amount", n(c.requestedAmount()));
        item.put("currency", s(c.currency()));
        item.put("request_hash", s(c.requestHash()));
        item.put("request", s(Json.write(c.request())));
        item.put("timeline", AttributeValue.fromL(c.timeline().stream().map(DynamoCaseRepository::eventValue).toList()));
        if (c.decision() != null) {
            item.put("decision", s(Json.write(c.decision())));
        }
        if (c.payout() != null) {
            item.put("payout", s(Json.write(c.payout())));
        }
        if (c.status().isOpen()) {
            item.put("open_queue", s(OPEN));
        }
        return item;
    }

    static RefundCase fromItem(Map<String, AttributeValue> item) {
        String decision = string(item, "decision");
        String payout = string(item, "payout");
        List<TimelineEvent> timeline = item.get("timeline").l().stream().map(v -> event(v.m())).toList();
        return new RefundCase(string(item, "case_id"), CaseStatus.fromWire(string(item, "status")),
                number(item, "version"), instant(item, "created_at"), instant(item, "updated_at"),
                instant(item, "resolution_due_at"), Json.read(string(item, "request"), RefundRequest.class),
                string(item, "request_hash"), number(item, "requested_amount"),
                decision == null ? null : Json.read(decision, Decision.class),
                payout == null ? null : Json.read(payout, Payout.class), timeline);
    }
}
