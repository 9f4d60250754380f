package com.refundpipeline.localstack.bench;

import static com.refundpipeline.localstack.bench.Stats.money;
import static com.refundpipeline.localstack.bench.Stats.round;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What 1,000 refunds would cost on AWS: the measured invocations, handler durations, SQS requests and DynamoDB
 * request units per case, at the prices of {@code aws-prices.json}.
 */
final class CostModel {

    private CostModel() {}

    static Map<String, Object> cost(
            Map<String, Object> e2e,
            CountingProxy.Snapshot dynamoCalls,
            CountingProxy.Snapshot sqsCalls,
            int n,
            Map<String, Map<String, Object>> cold)
            throws IOException {
        JsonNode prices;
        try (InputStream in = CostModel.class.getResourceAsStream("/aws-prices.json")) {
            prices = new ObjectMapper().readTree(in);
        }
        double perGbSecond = prices.path("lambda_arm64_per_gb_second").asDouble();
        double perRequest = prices.path("lambda_per_request").asDouble();
        double perSqs = prices.path("sqs_standard_per_request").asDouble();
        double perWru = prices.path("dynamodb_on_demand_per_write_request_unit").asDouble();
        double perRru = prices.path("dynamodb_on_demand_per_read_request_unit").asDouble();
        double invocations = 0;
        double gbSeconds = 0;
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> functions = (Map<String, Map<String, Object>>) e2e.get("functions");
        for (Map<String, Object> f : functions.values()) {
            long count = ((Number) f.get("invocations")).longValue();
            double mean = ((Number) f.get("mean_handler_ms")).doubleValue();
            int memory = ((Number) f.get("memory_mb")).intValue();
            invocations += count;
            // Lambda bills each invocation's duration rounded up to the millisecond.
            gbSeconds += count * Math.ceil(mean) / 1000.0 * memory / 1024.0;
        }
        double rru = 0;
        double wru = 0;
        for (Map<String, double[]> ops : dynamoCalls.byCaller().values()) {
            for (double[] v : ops.values()) {
                rru += v[2];
                wru += v[3];
            }
        }
        double sqsRequests = 0;
        for (Map<String, double[]> ops : sqsCalls.byCaller().values()) {
            for (double[] v : ops.values()) {
                sqsRequests += v[0];
            }
        }
        double k = 1000.0 / n;
        Map<String, Object> warm = new LinkedHashMap<>();
        warm.put("lambda_requests", money(invocations * k * perRequest));
        warm.put("lambda_compute", money(gbSeconds * k * perGbSecond));
        warm.put("sqs", money(sqsRequests * k * perSqs));
        warm.put("dynamodb_reads", money(rru * k * perRru));
        warm.put("dynamodb_writes", money(wru * k * perWru));
        warm.put(
                "total",
                money((invocations * perRequest
                                + gbSeconds * perGbSecond
                                + sqsRequests * perSqs
                                + rru * perRru
                                + wru * perWru)
                        * k));
        double coldGbSeconds = 0;
        for (Map<String, Object> c : cold.values()) {
            Object ms = c.get("cold_start_ms");
            if (ms != null) {
                coldGbSeconds +=
                        ((Number) ms).doubleValue() / 1000.0 * ((Number) c.get("memory_mb")).intValue() / 1024.0;
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("prices", Bench.JSON.convertValue(prices, Map.class));
        Map<String, Object> tally = functions.get(FiguresReadBack.FUNCTION);
        if (tally != null) {
            m.put(
                    "per_1000_refunds_tally_figures",
                    one(tally, dynamoCalls.byCaller().getOrDefault(FiguresReadBack.FUNCTION, Map.of()), n, prices));
        }
        m.put("per_1000_refunds_java21", warm);
        m.put("per_1000_refunds_native_estimate", warm);
        m.put(
                "native_note",
                "no native build here: handler durations are the JVM's warm ones, so the warm cost is"
                        + " the same; native differs in cold starts (and could run in less memory)");
        m.put("java21_cold_start_of_every_function", money(coldGbSeconds * perGbSecond));
        m.put("lambda_gb_seconds_per_case", gbSeconds / n);
        m.put("sqs_requests_per_case", round(sqsRequests / n));
        m.put("read_request_units_per_case", round(rru / n));
        m.put("write_request_units_per_case", round(wru / n));
        return m;
    }

    /**
     * One function's share per 1,000 refunds: its invocations, their compute and its DynamoDB units. For
     * tally-figures that is all it costs: the stream's GetRecords calls made by a Lambda trigger are not billed
     * (DynamoDB's pricing page and "Evaluate your DynamoDB Streams usage" in its developer guide), and it sends
     * nothing to SQS unless records fail.
     */
    private static Map<String, Object> one(
            Map<String, Object> function, Map<String, double[]> dynamo, int n, JsonNode prices) {
        long count = ((Number) function.get("invocations")).longValue();
        double mean = ((Number) function.get("mean_handler_ms")).doubleValue();
        int memory = ((Number) function.get("memory_mb")).intValue();
        double gbSeconds = count * Math.ceil(mean) / 1000.0 * memory / 1024.0;
        double rru = 0;
        double wru = 0;
        for (double[] v : dynamo.values()) {
            rru += v[2];
            wru += v[3];
        }
        double k = 1000.0 / n;
        double requests = count * k * prices.path("lambda_per_request").asDouble();
        double compute =
                gbSeconds * k * prices.path("lambda_arm64_per_gb_second").asDouble();
        double reads = rru
                * k
                * prices.path("dynamodb_on_demand_per_read_request_unit").asDouble();
        double writes = wru
                * k
                * prices.path("dynamodb_on_demand_per_write_request_unit").asDouble();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lambda_requests", money(requests));
        m.put("lambda_compute", money(compute));
        m.put("sqs", money(0));
        m.put("dynamodb_reads", money(reads));
        m.put("dynamodb_writes", money(writes));
        m.put("total", money(requests + compute + reads + writes));
        m.put("stream_reads", "free: GetRecords by a Lambda trigger is not billed");
        return m;
    }
}
