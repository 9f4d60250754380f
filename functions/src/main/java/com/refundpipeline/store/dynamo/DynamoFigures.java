package com.refundpipeline.store.dynamo;

import static com.refundpipeline.store.dynamo.Attributes.n;
import static com.refundpipeline.store.dynamo.Attributes.s;
import static com.refundpipeline.store.dynamo.Attributes.string;

import com.refundpipeline.config.PipelineConfig;
import com.refundpipeline.store.FigureKey;
import com.refundpipeline.store.FiguresStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The figures table (see docs/adr/0040): {@code pk}/{@code sk} strings.
 *
 * <pre>
 * F#store#day   reason#sku#category#resolution   counters (numbers, ADDed to)
 * S#store#day   sku                               units_sold
 * M#case_id     v00000007 (or v00000007#seq)      expires_at: the contribution of that case version is counted
 * </pre>
 */
@ApplicationScoped
public class DynamoFigures implements FiguresStore {

    /** Markers outlive the stream's 24-hour retention and every retry by far, then expire (TTL). */
    static final Duration MARKER_LIFETIME = Duration.ofDays(30);
    /** DynamoDB's limit on the actions of one transaction; one of them is the marker. */
    static final int MAX_ROWS = 99;

    private final DynamoDbClient dynamo;
    private final PipelineConfig config;

    public DynamoFigures(DynamoDbClient dynamo, PipelineConfig config) {
        this.dynamo = dynamo;
        this.config = config;
    }

    private String table() {
        return PipelineConfig.required(config.tables().figures(), "REFUNDS_TABLES_FIGURES");
    }

    static String figuresPk(String store, String day) {
        return "F#" + store + "#" + day;
    }

    @Override
    public Added add(String caseId, String marker, Map<FigureKey, Map<String, Long>> delta, Instant at) {
        if (delta.size() > MAX_ROWS) {
            throw new IllegalArgumentException(
                    "case " + caseId + " touches " + delta.size() + " figure rows; one transaction takes " + MAX_ROWS);
        }
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder()
                .put(Put.builder()
                        .tableName(table())
                        .item(Map.of(
                                "pk",
                                s("M#" + caseId),
                                "sk",
                                s(marker),
                                "expires_at",
                                n(at.plus(MARKER_LIFETIME).getEpochSecond())))
                        .conditionExpression("attribute_not_exists(pk)")
                        .build())
                .build());
        delta.forEach((key, counters) -> writes.add(
                TransactWriteItem.builder().update(adding(key, counters)).build()));
        try {
            dynamo.transactWriteItems(tx -> tx.transactItems(writes));
            return Added.ADDED;
        } catch (TransactionCanceledException cancelled) {
            if (!cancelled.cancellationReasons().isEmpty()
                    && "ConditionalCheckFailed"
                            .equals(cancelled.cancellationReasons().get(0).code())) {
                return Added.ALREADY_COUNTED;
            }
            throw cancelled;
        }
    }

    private Update adding(FigureKey key, Map<String, Long> counters) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        StringBuilder add = new StringBuilder("ADD ");
        int i = 0;
        for (Map.Entry<String, Long> counter : new TreeMap<>(counters).entrySet()) {
            names.put("#c" + i, counter.getKey());
            values.put(":c" + i, n(counter.getValue()));
            add.append(i == 0 ? "" : ", ").append("#c").append(i).append(" :c").append(i);
            i++;
        }
        return Update.builder()
                .tableName(table())
                .key(Map.of("pk", s(figuresPk(key.store(), key.day())), "sk", s(key.dimensions())))
                .updateExpression(add.toString())
                .expressionAttributeNames(names)
                .expressionAttributeValues(values)
                .build();
    }

    @Override
    public List<Row> day(String store, String day) {
        List<Row> rows = new ArrayList<>();
        for (Map<String, AttributeValue> item : query(figuresPk(store, day))) {
            Map<String, Long> counters = new TreeMap<>();
            item.forEach((name, value) -> {
                if (value.n() != null) {
                    counters.put(name, Long.parseLong(value.n()));
                }
            });
            rows.add(new Row(FigureKey.of(store, day, string(item, "sk")), counters));
        }
        return rows;
    }

    @Override
    public void recordSales(String store, String day, String sku, long unitsSold) {
        dynamo.putItem(p -> p.tableName(table())
                .item(Map.of("pk", s("S#" + store + "#" + day), "sk", s(sku), "units_sold", n(unitsSold))));
    }

    @Override
    public Map<String, Long> sales(String store, String day) {
        Map<String, Long> sold = new TreeMap<>();
        for (Map<String, AttributeValue> item : query("S#" + store + "#" + day)) {
            sold.put(string(item, "sk"), Attributes.number(item, "units_sold"));
        }
        return sold;
    }

    private List<Map<String, AttributeValue>> query(String pk) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(q -> q.tableName(table())
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", s(pk)))
                    .exclusiveStartKey(from));
            items.addAll(page.items());
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return items;
    }
}
