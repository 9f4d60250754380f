package com.refundpipeline.localstack.bench;

import static com.refundpipeline.localstack.bench.Stats.round;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The floor: the pipeline's own DynamoDB and SQS calls replayed by a minimal client, as fast as they go. */
final class Floor {

    /** The floor stops here if its calls are not all made, so that the bench stays within its ten minutes. */
    static final Duration FLOOR_LIMIT = Duration.ofSeconds(45);

    private final BenchStack rig;
    private final int workers;
    private final Progress progress;

    Floor(BenchStack rig, int workers, Progress progress) {
        this.rig = rig;
        this.workers = workers;
        this.progress = progress;
    }

    /**
     * The same DynamoDB and SQS calls the pipeline made for these cases (operation by operation, the bench's
     * pollers' receives and deletes included), made by a minimal client: a few threads with the SDK, through the
     * same counting proxy, against the same DynamoDB Local and ElasticMQ, on a table and a queue of its own. What
     * the pipeline adds on top (Lambda invocations, JSON, the functions' own work) is the difference.
     */
    Map<String, Object> run(CountingProxy.Snapshot dynamoCalls, CountingProxy.Snapshot sqsCalls, int n)
            throws Exception {
        List<String> calls = new ArrayList<>();
        Map<String, Long> replayed = new TreeMap<>();
        for (CountingProxy.Snapshot s : List.of(dynamoCalls, sqsCalls)) {
            s.byCaller()
                    .forEach((caller, ops) -> ops.forEach((op, v) -> {
                        String name = op.split(" ")[0];
                        if (FloorClient.supports(name)) {
                            for (int i = 0; i < (long) v[0]; i++) {
                                calls.add(name);
                            }
                            replayed.merge(name, (long) v[0], Long::sum);
                        }
                    }));
        }
        Collections.shuffle(calls, new java.util.Random(42));
        progress.say(
                "floor: the same %d DynamoDB and SQS calls from a minimal client (%d threads)", calls.size(), workers);
        try (FloorClient client = new FloorClient(
                rig.dynamoDbProxy().endpoint(),
                rig.sqsProxy().endpoint(),
                rig.stack().endpoints().region(),
                rig.dynamoDb(),
                rig.sqs())) {
            double seconds = client.replay(calls, workers, FLOOR_LIMIT);
            long made = client.made();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("calls", calls.size());
            m.put("calls_made", made);
            m.put("by_operation", replayed);
            m.put("threads", workers);
            m.put("seconds", round(seconds));
            m.put("calls_per_s", round(made / seconds));
            // When stopped at the time limit, the rate of the calls made stands for all of them.
            m.put("cases_per_s", round(made / seconds / ((double) calls.size() / n)));
            m.put("failed_calls", client.failures());
            return m;
        }
    }
}
