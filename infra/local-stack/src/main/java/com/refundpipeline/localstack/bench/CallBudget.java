package com.refundpipeline.localstack.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The calls-per-case budget, read from the one file that holds it ({@value #RESOURCE}, which the docs show too): per
 * function on the common path, DynamoDB reads, DynamoDB writes and SQS sends. Also which DynamoDB operations count as
 * reads and which as writes.
 */
final class CallBudget {

    static final String RESOURCE = "/bench/calls-per-case.json";
    static final List<String> READS = List.of("GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems");
    static final List<String> WRITES =
            List.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem", "TransactWriteItems");

    private static final Map<String, int[]> BUDGET = load();

    private CallBudget() {}

    /** Reads, writes and SQS sends per case of a function on the common path; -1 each when it has no budget. */
    static int[] of(String function) {
        int[] budget = BUDGET.get(function);
        return budget == null ? new int[] {-1, -1, -1} : budget.clone();
    }

    static Map<String, int[]> all() {
        Map<String, int[]> copy = new LinkedHashMap<>();
        BUDGET.forEach((name, budget) -> copy.put(name, budget.clone()));
        return copy;
    }

    private static Map<String, int[]> load() {
        try (InputStream in = CallBudget.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the class path");
            }
            Map<String, int[]> budget = new LinkedHashMap<>();
            for (JsonNode f : new ObjectMapper().readTree(in).path("functions")) {
                if (f.path("common_path").asBoolean()) {
                    budget.put(f.path("function").asText(), new int[] {
                        required(f, "dynamodb_reads"), required(f, "dynamodb_writes"), required(f, "sqs_sends")
                    });
                }
            }
            return budget;
        } catch (IOException e) {
            throw new UncheckedIOException(RESOURCE + " cannot be read", e);
        }
    }

    private static int required(JsonNode function, String field) {
        if (!function.path(field).canConvertToInt()) {
            throw new IllegalStateException(
                    RESOURCE + ": " + function.path("function").asText() + " has no whole " + field);
        }
        return function.path(field).asInt();
    }
}
