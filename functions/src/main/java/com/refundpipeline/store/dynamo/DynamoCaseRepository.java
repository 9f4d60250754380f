package com.refundpipeline.store.dynamo;

import static com.refundpipeline.store.dynamo.Attributes.instant;
import static com.refundpipeline.store.dynamo.Attributes.n;
import static com.refundpipeline.store.dynamo.Attributes.number;
import static com.refundpipeline.store.dynamo.Attributes.s;
import static com.refundpipeline.store.dynamo.Attributes.string;
import static com.refundpipeline.store.dynamo.Attributes.time;

import com.refundpipeline.config.PipelineConfig;
import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.CaseSummary;
import com.refundpipeline.domain.CaseTransition;
import com.refundpipeline.domain.Decision;
import com.refundpipeline.domain.Inspection;
import com.refundpipeline.domain.OrderReservation;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.RefundRequest;
import com.refundpipeline.domain.TimelineEvent;
import com.refundpipeline.store.CaseRepository;
import com.refundpipeline.store.TransitionResult;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * Cases in DynamoDB: a small mutable case item (status, version, timeline, decision, payout) beside the request item
 * written once (see {@link CaseItems} for the layout). A transition and its timeline event are one conditional write
 * on the case item.
 */
@ApplicationScoped
public class DynamoCaseRepository implements CaseRepository {

    static final String OPEN = CaseItems.OPEN;
    /** The decision check an inspection adds (ReviewDesk): the case then has an inspection item. */
    static final String INSPECTION = "inspection";

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

    /**
     * The request item first (once, or again with the same request after a crash between the two writes), then the
     * case item; both conditional, so a replay or a race finds the case recorded first and writes nothing over it.
     */
    @Override
    public Optional<RefundCase> createOrGetExisting(RefundCase newCase) {
        try {
            dynamo.putItem(put -> put.tableName(table())
                    .item(CaseItems.requestItem(newCase))
                    .conditionExpression("attribute_not_exists(case_id)")
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD));
        } catch (ConditionalCheckFailedException recorded) {
            Optional<RefundCase> existing = find(newCase.caseId());
            if (existing.isPresent()) {
                return existing;
            }
            // A request item without its case: a submission under this key stopped between its two writes. The same
            // request goes on to its case write; another request replaces it, unless that one came back meanwhile.
            String orphan = recorded.hasItem() ? string(recorded.item(), "request_hash") : null;
            if (!newCase.requestHash().equals(orphan)) {
                dynamo.putItem(put -> put.tableName(table())
                        .item(CaseItems.requestItem(newCase))
                        .conditionExpression("request_hash = :orphan")
                        .expressionAttributeValues(Map.of(":orphan", s(orphan == null ? "" : orphan))));
            }
        }
        if (newCase.decision() != null) {
            // Only a case seeded with its decision (tests, imports): the decision item first, as for a move.
            dynamo.updateItem(CaseItems.decisionWrite(table(), newCase.caseId(), newCase.decision()));
        }
        try {
            dynamo.putItem(put -> put.tableName(table())
                    .item(CaseItems.caseItem(newCase))
                    .conditionExpression("attribute_not_exists(case_id)"));
            return Optional.empty();
        } catch (ConditionalCheckFailedException exists) {
            return Optional.of(find(newCase.caseId()).orElseThrow());
        }
    }

    /** Both items of the case in one consistent BatchGetItem. */
    @Override
    public Optional<RefundCase> find(String caseId) {
        return Optional.ofNullable(
                CaseItems.load(dynamo, table(), List.of(caseId)).get(caseId));
    }

    @Override
    public TransitionResult apply(CaseTransition transition) {
        if (transition.expiresAt() != null || transition.inspection() != null) {
            // The last move of a case: its request item takes the same expiry, in the same transaction.
            return transact(transition, null);
        }
        recordDecision(transition);
        try {
            dynamo.updateItem(toUpdateRequest(transition));
            return TransitionResult.APPLIED;
        } catch (ConditionalCheckFailedException stale) {
            return madeBefore(transition) ? TransitionResult.APPLIED : TransitionResult.STALE;
        }
    }

    /**
     * Whether a move whose condition failed was made all the same, by this very call: the write was applied and its
     * answer lost (a timeout, a dropped connection), and the SDK's repeat failed its condition against it. The
     * timeline then holds this transition's event (its instant, from, to and actor). Read only when a condition
     * fails; the chaos run (seed 1130) found review-case answering 409 case_changed, and telling nobody, for
     * decisions it had written (ADR 0035).
     */
    private boolean madeBefore(CaseTransition transition) {
        TimelineEvent mine = transition.event();
        return find(transition.current().caseId())
                .map(now -> now.version() > transition.current().version()
                        && now.timeline().stream()
                                .anyMatch(e -> e.at().equals(mine.at())
                                        && e.from() == mine.from()
                                        && e.to() == mine.to()
                                        && java.util.Objects.equals(e.actor(), mine.actor())))
                .orElse(false);
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
        // Each sku's units stay within what was ordered, checked in the same write: two deciders that both read
        // the ledger before either wrote must not refund the same unit twice (issue 17). Same order as unitCounters.
        StringBuilder unitLimits = new StringBuilder();
        int i = 0;
        for (Map.Entry<String, Long> unit : new java.util.TreeMap<>(reservation.units()).entrySet()) {
            RefundRequest.OrderLine ordered =
                    transition.current().request().order().line(unit.getKey());
            if (ordered != null) {
                values.put(":max" + i, n(ordered.quantity() - unit.getValue()));
                unitLimits
                        .append(" AND (attribute_not_exists(#u")
                        .append(i)
                        .append(") OR #u")
                        .append(i)
                        .append(" <= :max")
                        .append(i)
                        .append(")");
            }
            i++;
        }
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
                        + "AND NOT contains(committed_cases, :caseId)" + unitLimits)
                .expressionAttributeNames(names.isEmpty() ? null : names)
                .expressionAttributeValues(values)
                .build();
        return transact(transition, ledger);
    }

    /**
     * The move, the order ledger's update (when given: the ledger's refusal is {@code ORDER_CAP_EXCEEDED}) and, on a
     * case's last move, its request item's expiry, all or nothing.
     */
    private TransitionResult transact(CaseTransition transition, Update ledger) {
        recordDecision(transition);
        List<TransactWriteItem> items = new ArrayList<>();
        items.add(TransactWriteItem.builder().update(update(transition).build()).build());
        if (ledger != null) {
            items.add(TransactWriteItem.builder().update(ledger).build());
        }
        if (transition.expiresAt() != null) {
            items.add(TransactWriteItem.builder()
                    .update(CaseItems.requestExpiry(
                            table(), CaseItems.requestKey(transition.current().caseId()), transition.expiresAt()))
                    .build());
            if (transition.current().decision() != null || transition.decision() != null) {
                items.add(TransactWriteItem.builder()
                        .update(CaseItems.requestExpiry(
                                table(),
                                CaseItems.decisionKey(transition.current().caseId()),
                                transition.expiresAt()))
                        .build());
            }
            if (inspected(transition.current())) {
                // The inspection's item goes with its case.
                items.add(TransactWriteItem.builder()
                        .update(CaseItems.requestExpiry(
                                table(),
                                CaseItems.inspectionKey(transition.current().caseId()),
                                transition.expiresAt()))
                        .build());
            }
        }
        if (transition.inspection() != null) {
            items.add(TransactWriteItem.builder()
                    .update(CaseItems.inspectionItem(
                            table(),
                            transition.current().caseId(),
                            transition.inspection(),
                            transition.event().at()))
                    .build());
        }
        try {
            dynamo.transactWriteItems(tx -> tx.transactItems(items));
            return TransitionResult.APPLIED;
        } catch (TransactionCanceledException cancelled) {
            List<CancellationReason> reasons = cancelled.cancellationReasons();
            if (!reasons.isEmpty()
                    && "ConditionalCheckFailed".equals(reasons.get(0).code())) {
                return madeBefore(transition) ? TransitionResult.APPLIED : TransitionResult.STALE;
            }
            if (ledger != null
                    && reasons.size() > 1
                    && "ConditionalCheckFailed".equals(reasons.get(1).code())) {
                return TransitionResult.ORDER_CAP_EXCEEDED;
            }
            throw cancelled;
        }
    }

    /**
     * Units per sku are top-level counters ("units:SKU"), so ADD can start them from nothing; {@code sign} -1 takes
     * them back. Returns the ADD clauses (", #u0 :u0...") and fills in their names and values.
     */
    private static String unitCounters(
            Map<String, Long> units, int sign, Map<String, String> names, Map<String, AttributeValue> values) {
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

    private static boolean inspected(RefundCase c) {
        return c.decision() != null
                && c.decision().checks() != null
                && c.decision().checks().stream().anyMatch(check -> INSPECTION.equals(check.validator()));
    }

    @Override
    public Optional<Inspection> inspection(String caseId) {
        return CaseItems.batchGet(dynamo, table(), List.of(CaseItems.key(CaseItems.inspectionKey(caseId)))).stream()
                .filter(item -> item.containsKey("lines"))
                .findFirst()
                .map(CaseItems::inspection);
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
    public TransitionResult applyAdjusting(CaseTransition transition, OrderReservation released) {
        Map<String, AttributeValue> values =
                new HashMap<>(Map.of(":amount", n(-released.amount()), ":caseId", s(released.caseId())));
        Map<String, String> names = new HashMap<>();
        String units = unitCounters(released.units(), -1, names, values);
        // The case stays in committed_cases: it still holds what it is paid.
        Update ledger = Update.builder()
                .tableName(ledgerTable())
                .key(Map.of("order_id", s(released.orderId())))
                .updateExpression("ADD committed_amount :amount" + units)
                .conditionExpression("contains(committed_cases, :caseId)")
                .expressionAttributeNames(names.isEmpty() ? null : names)
                .expressionAttributeValues(values)
                .build();
        return transact(transition, ledger);
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
                    .expressionAttributeNames(Map.of("#status", CaseItems.LISTED_STATUS))
                    .expressionAttributeValues(
                            Map.of(":status", CaseItems.listedKey(status), ":before", time(createdBefore)))
                    .scanIndexForward(true)
                    .limit(limit - ids.size())
                    .exclusiveStartKey(from));
            page.items().forEach(item -> ids.add(string(item, "case_id")));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && ids.size() < limit);
        return ids;
    }

    @Override
    public DuePage openCasesDueBefore(Instant time, DuePage.Cursor after, int limit) {
        Map<String, AttributeValue> start = after == null
                ? null
                : Map.of(
                        "open_queue", s(OPEN),
                        "resolution_due_at", s(after.dueAt()),
                        "case_id", s(after.caseId()));
        QueryResponse response = dynamo.query(q -> q.tableName(table())
                .indexName(OPEN_BY_DUE_INDEX)
                .keyConditionExpression("open_queue = :open AND resolution_due_at < :time")
                .expressionAttributeValues(Map.of(":open", s(OPEN), ":time", time(time)))
                .exclusiveStartKey(start)
                .limit(limit));
        Map<String, AttributeValue> last = response.lastEvaluatedKey();
        DuePage.Cursor next = response.hasLastEvaluatedKey() && !last.isEmpty()
                ? new DuePage.Cursor(string(last, "resolution_due_at"), string(last, "case_id"))
                : null;
        return new DuePage(
                response.items().stream().map(item -> string(item, "case_id")).toList(), next);
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
            count += (int) page.items().stream()
                    .filter(i -> !exceptCaseId.equals(string(i, "case_id")))
                    .count();
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return count;
    }

    @Override
    public List<CaseSummary> inStatusOldestFirst(CaseStatus status, int limit) {
        QueryResponse response = dynamo.query(q -> q.tableName(table())
                .indexName(BY_STATUS_INDEX)
                .keyConditionExpression("#status = :status")
                .expressionAttributeNames(Map.of("#status", CaseItems.LISTED_STATUS))
                .expressionAttributeValues(Map.of(":status", CaseItems.listedKey(status)))
                .scanIndexForward(true)
                .limit(limit));
        return response.items().stream()
                .map(i -> new CaseSummary(
                        string(i, "case_id"),
                        status,
                        instant(i, "created_at"),
                        instant(i, "resolution_due_at"),
                        string(i, "order_id"),
                        string(i, "reason"),
                        number(i, "requested_amount"),
                        string(i, "currency")))
                .toList();
    }

    /**
     * A move that decides writes its decision to the decision item first (ADR 0036), outside any transaction: the
     * move then names it, so a decision whose move loses its condition is never read. Writing it twice is harmless.
     */
    private void recordDecision(CaseTransition t) {
        Decision decided = CaseItems.newDecision(t);
        if (decided != null) {
            dynamo.updateItem(CaseItems.decisionWrite(table(), t.current().caseId(), decided));
        }
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
        return CaseItems.update(table(), t);
    }
}
