package com.refundpipeline.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Counts the DynamoDB and SQS calls the functions make, and the DynamoDB capacity units they consume (asked of
 * DynamoDB Local with ReturnConsumedCapacity, as {@code make bench} does), under a phase the test names. Idle unless a
 * test starts it, so other tests see their requests untouched.
 */
public class CallMeter implements ExecutionInterceptor {

    /** Calls and units of one phase. */
    public static final class Tally {
        public int reads;
        public int writes;
        public int sqs;
        public double readUnits;
        /** Write request units as DynamoDB Local reports them (a transaction's item four times per KB). */
        public double writeUnits;
        /** Write request units as AWS bills them (a transaction's item twice per KB): what the budget counts. */
        public double awsWriteUnits;

        public final Map<String, Integer> operations = new TreeMap<>();
        /** One line per DynamoDB write: the operation, its table(s) and the units DynamoDB reported. */
        public final List<String> writeDetails = new ArrayList<>();

        public int calls() {
            return reads + writes + sqs;
        }
    }

    private static volatile String phase;
    private static final Map<String, Tally> TALLIES = new ConcurrentHashMap<>();

    public static void start(String name) {
        TALLIES.putIfAbsent(name, new Tally());
        phase = name;
    }

    public static void stop() {
        phase = null;
    }

    public static Map<String, Tally> tallies() {
        return TALLIES;
    }

    public static void reset() {
        TALLIES.clear();
        phase = null;
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        if (phase == null) {
            return context.request();
        }
        ReturnConsumedCapacity total = ReturnConsumedCapacity.INDEXES;
        return switch (context.request()) {
            case GetItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case PutItemRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case UpdateItemRequest r ->
                r.toBuilder().returnConsumedCapacity(total).build();
            case DeleteItemRequest r ->
                r.toBuilder().returnConsumedCapacity(total).build();
            case QueryRequest r -> r.toBuilder().returnConsumedCapacity(total).build();
            case BatchGetItemRequest r ->
                r.toBuilder().returnConsumedCapacity(total).build();
            case BatchWriteItemRequest r ->
                r.toBuilder().returnConsumedCapacity(total).build();
            case TransactWriteItemsRequest r ->
                r.toBuilder().returnConsumedCapacity(total).build();
            default -> context.request();
        };
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        String name = phase;
        if (name == null) {
            return;
        }
        Tally tally = TALLIES.computeIfAbsent(name, n -> new Tally());
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        synchronized (tally) {
            tally.operations.merge(operation, 1, Integer::sum);
            if (!"DynamoDB".equalsIgnoreCase(service)) {
                tally.sqs++;
                return;
            }
            double units = units(context.response());
            if (isRead(operation)) {
                tally.reads++;
                tally.readUnits += units;
            } else {
                tally.writes++;
                tally.writeUnits += units;
                tally.awsWriteUnits += awsBilled(operation, units);
                tally.writeDetails.add(operation + " " + detail(context.response()));
            }
        }
    }

    private static String detail(SdkResponse response) {
        List<ConsumedCapacity> all = switch (response) {
            case PutItemResponse r -> r.consumedCapacity() == null ? List.of() : List.of(r.consumedCapacity());
            case UpdateItemResponse r -> r.consumedCapacity() == null ? List.of() : List.of(r.consumedCapacity());
            case DeleteItemResponse r -> r.consumedCapacity() == null ? List.of() : List.of(r.consumedCapacity());
            case BatchWriteItemResponse r -> r.consumedCapacity();
            case TransactWriteItemsResponse r -> r.consumedCapacity();
            default -> List.of();
        };
        StringBuilder b = new StringBuilder();
        for (ConsumedCapacity c : all) {
            String table = c.tableName() == null ? "?" : c.tableName().replaceAll("^refunds-[a-z0-9]+-", "");
            b.append(table).append('=').append(c.capacityUnits());
            if (c.table() != null) {
                b.append(" [table ").append(c.table().capacityUnits());
                c.globalSecondaryIndexes()
                        .forEach((index, cap) ->
                                b.append(", ").append(index).append(' ').append(cap.capacityUnits()));
                b.append(']');
            }
            b.append("; ");
        }
        return b.toString();
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        // A refused conditional write is still a call, and DynamoDB bills it (one unit per KB of the item).
        String name = phase;
        if (name == null) {
            return;
        }
        Tally tally = TALLIES.computeIfAbsent(name, n -> new Tally());
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        synchronized (tally) {
            tally.operations.merge(operation + "(refused)", 1, Integer::sum);
            if (isRead(operation)) {
                tally.reads++;
            } else {
                tally.writes++;
                tally.writeUnits += 1;
                tally.awsWriteUnits += 1;
            }
        }
    }

    /**
     * The write units AWS bills for what DynamoDB Local reported: the same, except for a transaction, whose items
     * DynamoDB Local 2.6.1 reports at four units per KB where AWS bills two (prepare and commit;
     * TransactionUnitsTest pins the factor, ADR 0012).
     */
    public static double awsBilled(String operation, double localUnits) {
        return "TransactWriteItems".equals(operation) ? localUnits / 2 : localUnits;
    }

    private static boolean isRead(String operation) {
        return operation.startsWith("Get")
                || operation.startsWith("BatchGet")
                || operation.equals("Query")
                || operation.equals("Scan");
    }

    private static double units(SdkResponse response) {
        Function<ConsumedCapacity, Double> one = c -> c == null || c.capacityUnits() == null ? 0 : c.capacityUnits();
        return switch (response) {
            case GetItemResponse r -> one.apply(r.consumedCapacity());
            case PutItemResponse r -> one.apply(r.consumedCapacity());
            case UpdateItemResponse r -> one.apply(r.consumedCapacity());
            case DeleteItemResponse r -> one.apply(r.consumedCapacity());
            case QueryResponse r -> one.apply(r.consumedCapacity());
            case BatchGetItemResponse r ->
                r.consumedCapacity().stream().mapToDouble(one::apply).sum();
            case BatchWriteItemResponse r ->
                r.consumedCapacity().stream().mapToDouble(one::apply).sum();
            case TransactWriteItemsResponse r ->
                r.consumedCapacity().stream().mapToDouble(one::apply).sum();
            default -> 0;
        };
    }
}
