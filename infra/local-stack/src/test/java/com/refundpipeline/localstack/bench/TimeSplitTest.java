package com.refundpipeline.localstack.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.refundpipeline.localstack.lambda.LocalFunction;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TimeSplitTest {

    @Test
    void splitsTheHandlerTimePerInvocationIntoCpuCallsProvidersAndTheRest() {
        // 10 invocations, 500 ms in all: 120 ms of CPU, 200 ms at DynamoDB, 50 at SQS, 30 at the providers.
        CountingProxy.Snapshot dynamo = new CountingProxy.Snapshot(Map.of(
                "verify-evidence",
                Map.of("GetItem cases", new double[] {20, 0, 20, 0, 150}, "UpdateItem cases", new double[] {
                    10, 0, 0, 10, 50
                }),
                "submit-refund",
                Map.of("PutItem cases", new double[] {5, 0, 0, 5, 999})));
        CountingProxy.Snapshot sqs = new CountingProxy.Snapshot(
                Map.of("verify-evidence", Map.of("SendMessage", new double[] {20, 0, 0, 0, 50})));
        Map<String, Object> split = EndToEnd.timeSplit(
                "verify-evidence",
                10,
                Duration.ofMillis(500),
                new LocalFunction.CpuTime(Duration.ofMillis(170), Duration.ofMillis(50)),
                dynamo,
                sqs,
                Duration.ofMillis(30));
        assertEquals(50.0, split.get("handler_ms"));
        assertEquals(12.0, split.get("own_cpu_ms"));
        assertEquals(5.0, split.get("jvm_cpu_ms"));
        assertEquals(20.0, split.get("dynamodb_ms"));
        assertEquals(5.0, split.get("sqs_ms"));
        assertEquals(3.0, split.get("providers_ms"));
        assertEquals(10.0, split.get("other_ms"));
    }

    @Test
    void aFunctionThatRanNothingHasNoSplit() {
        CountingProxy.Snapshot none = new CountingProxy.Snapshot(Map.of());
        assertTrue(EndToEnd.timeSplit(
                        "review-case", 0, Duration.ZERO, LocalFunction.CpuTime.ZERO, none, none, Duration.ZERO)
                .isEmpty());
    }

    @Test
    void snapshotsOfTheOlderShapeStillSubtract() {
        CountingProxy.Snapshot after =
                new CountingProxy.Snapshot(Map.of("stack", Map.of("ReceiveMessage", new double[] {5, 0, 0, 0, 40})));
        CountingProxy.Snapshot before =
                new CountingProxy.Snapshot(Map.of("stack", Map.of("ReceiveMessage", new double[] {2, 0, 0, 0})));
        assertEquals(40.0, after.minus(before).byCaller().get("stack").get("ReceiveMessage")[4]);
    }
}
