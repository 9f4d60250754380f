package com.refundpipeline.store.dynamo;

import static com.refundpipeline.store.dynamo.Attributes.s;
import static com.refundpipeline.store.dynamo.Attributes.time;

import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.RefundCase;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Read-only access to past cases for offline tools (the policy replay): it can only get and query, so a replay
 * cannot change a case even by mistake.
 */
public final class DynamoCaseArchive implements AutoCloseable {

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoCaseArchive(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    /**
     * An archive on its own client, for a command-line tool: {@code region} and {@code endpoint} may be null (the
     * SDK's defaults); closing the archive closes the client.
     */
    public static DynamoCaseArchive open(String table, String region, String endpoint) {
        DynamoDbClientBuilder builder = DynamoDbClient.builder().httpClient(UrlConnectionHttpClient.create());
        if (region != null) {
            builder.region(Region.of(region));
        }
        if (endpoint != null) {
            builder.endpointOverride(URI.create(endpoint));
        }
        return new DynamoCaseArchive(builder.build(), table);
    }

    @Override
    public void close() {
        dynamo.close();
    }

    public Optional<RefundCase> find(String caseId) {
        return Optional.ofNullable(
                CaseItems.load(dynamo, table, List.of(caseId)).get(caseId));
    }

    /**
     * Every case with a decision, opened in [since, until), oldest first, never by a scan: for each status the
     * by-status index holds, a Query on its created_at range; the statuses a case passes through in flight
     * (approved, payout_pending: not in that index, ADR 0011) are open, so the open-by-due index's keys add them.
     * Then the cases are read whole in batches (case and request items).
     */
    public List<RefundCase> decidedBetween(Instant since, Instant until) {
        // A case that moves while the statuses are read may show up twice; BatchGetItem refuses duplicate keys.
        Set<String> found = new LinkedHashSet<>();
        for (CaseStatus status : CaseStatus.values()) {
            if (!CaseItems.listed(status)) {
                continue;
            }
            queryAll(
                    q -> q.indexName(DynamoCaseRepository.BY_STATUS_INDEX)
                            .keyConditionExpression("#status = :status AND #created_at BETWEEN :since AND :until")
                            .expressionAttributeNames(
                                    Map.of("#status", CaseItems.LISTED_STATUS, "#created_at", "created_at"))
                            .expressionAttributeValues(Map.of(
                                    ":status",
                                    CaseItems.listedKey(status),
                                    ":since",
                                    time(since),
                                    ":until",
                                    time(until))),
                    found);
        }
        queryAll(
                q -> q.indexName(DynamoCaseRepository.OPEN_BY_DUE_INDEX)
                        .keyConditionExpression("open_queue = :open")
                        .expressionAttributeValues(Map.of(":open", s(CaseItems.OPEN))),
                found);
        List<RefundCase> decided = new ArrayList<>();
        for (RefundCase c : CaseItems.load(dynamo, table, found).values()) {
            if (c.decision() != null
                    && !c.createdAt().isBefore(since)
                    && c.createdAt().isBefore(until)) {
                decided.add(c);
            }
        }
        decided.sort((a, b) -> a.createdAt().compareTo(b.createdAt()));
        return decided;
    }

    private void queryAll(Consumer<QueryRequest.Builder> query, Set<String> found) {
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            QueryResponse page = dynamo.query(q -> {
                q.tableName(table).exclusiveStartKey(from);
                query.accept(q);
            });
            page.items().forEach(key -> found.add(Attributes.string(key, "case_id")));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
    }
}
