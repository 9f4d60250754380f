package com.refundpipeline.store.dynamo;

import static com.refundpipeline.store.dynamo.Attributes.time;

import com.refundpipeline.domain.RefundCase;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClientBuilder;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Read-only access to past cases for offline tools (the policy replay): it can only get and scan, so a replay
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

    /** Every case with a decision, opened in [since, until), oldest first. */
    public List<RefundCase> decidedBetween(Instant since, Instant until) {
        List<String> found = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            Map<String, AttributeValue> from = start;
            Map<String, String> names = Map.of("#created_at", "created_at", "#decision", "decision");
            Map<String, AttributeValue> values = new HashMap<>();
            values.put(":since", time(since));
            values.put(":until", time(until));
            ScanResponse page = dynamo.scan(scan -> scan.tableName(table)
                    .filterExpression("attribute_exists(#decision) AND #created_at >= :since AND #created_at < :until")
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)
                    .consistentRead(true)
                    .exclusiveStartKey(from));
            page.items().forEach(item -> found.add(Attributes.string(item, "case_id")));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        // The scan finds the case items (only they carry a decision); their requests come in batches.
        List<RefundCase> decided =
                new ArrayList<>(CaseItems.load(dynamo, table, found).values());
        decided.sort((a, b) -> a.createdAt().compareTo(b.createdAt()));
        return decided;
    }
}
