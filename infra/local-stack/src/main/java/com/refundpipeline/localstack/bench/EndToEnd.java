package com.refundpipeline.localstack.bench;

import static com.refundpipeline.localstack.bench.Stats.ms;
import static com.refundpipeline.localstack.bench.Stats.percentile;
import static com.refundpipeline.localstack.bench.Stats.round;

import com.refundpipeline.localstack.aws.CustomerChannels;
import com.refundpipeline.localstack.lambda.LocalFunction;
import com.refundpipeline.localstack.template.StackTemplate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A batch of cases end to end: submitted open-loop, then submit to paid from the cases' own timelines, throughput,
 * queue depths, calls and handler time per function and per case, the floor of those calls, and their cost.
 */
final class EndToEnd {

    private final BenchStack rig;
    private final OpenLoop openLoop;
    private final Floor floor;
    private final Progress progress;
    private final Map<String, Map<String, Object>> coldStart;

    EndToEnd(
            BenchStack rig,
            OpenLoop openLoop,
            Floor floor,
            Progress progress,
            Map<String, Map<String, Object>> coldStart) {
        this.rig = rig;
        this.openLoop = openLoop;
        this.floor = floor;
        this.progress = progress;
        this.coldStart = coldStart;
    }

    /** Everything: the run, the calls per case, their floor and their cost. */
    Map<String, Object> run(int submitted, int caseRate) throws Exception {
        return run(submitted, caseRate, true, null);
    }

    /**
     * @param full     whether to make the floor of the run's calls and price them as well (the latency run does not)
     * @param profiles when not null, a JFR recording of every function process for the length of the run
     */
    Map<String, Object> run(int submitted, double caseRate, boolean full, Profiles profiles) throws Exception {
        progress.say("end to end: %d cases at %s/s, mixed reasons", submitted, caseRate);
        // The earlier runs' cases still stream to tally-figures: their records are not this run's.
        FiguresReadBack.awaitStreamDrained(rig, Duration.ofMinutes(2));
        CountingProxy.Snapshot dynamoBefore = rig.dynamoDbProxy().snapshot();
        CountingProxy.Snapshot sqsBefore = rig.sqsProxy().snapshot();
        Map<String, LocalFunction.Usage> usageBefore = rig.usage();
        Map<String, LocalFunction.CpuTime> cpuBefore = rig.cpuTime();
        CustomerChannels.Usage channelsBefore = rig.stack().customerChannelUsage();
        if (profiles != null) {
            profiles.start(rig.functions());
        }
        Map<String, Instant> sent = new ConcurrentHashMap<>();
        QueueSampler sampler = new QueueSampler(rig.mainQueues(), rig.sqs());
        sampler.start();
        long t0 = System.nanoTime();
        OpenLoop.Run submits = openLoop.run(caseRate, submitted, sent);
        rig.awaitIdle(Duration.ofMinutes(5));
        double pipelineSeconds = (System.nanoTime() - t0) / 1e9;
        sampler.stop();
        Map<String, LocalFunction.CpuTime> cpuAfter = rig.cpuTime();
        CustomerChannels.Usage channelsAfter = rig.stack().customerChannelUsage();
        Map<String, Object> profile = profiles == null ? null : profiles.stop();
        // tally-figures works after the queues are empty: the stream's last records come from the last moves.
        if (!FiguresReadBack.awaitStreamDrained(rig, Duration.ofMinutes(2))) {
            progress.say("warning: tally-figures was still busy with the cases stream after 120 s");
        }
        CountingProxy.Snapshot dynamoCalls = rig.dynamoDbProxy().snapshot().minus(dynamoBefore);
        CountingProxy.Snapshot sqsCalls = rig.sqsProxy().snapshot().minus(sqsBefore);
        Map<String, LocalFunction.Usage> usageAfter = rig.usage();
        // Per case means per case the pipeline took in: a request that timed out at the bench may still have been
        // served (and paid) later.
        int n = (int) Math.max(
                1,
                usageAfter.get("submit-refund").invocations()
                        - usageBefore.get("submit-refund").invocations());

        // Submit to paid from the cases themselves, read once at the end: the functions' clocks stamp each
        // transition, the bench's clock (the same machine's) the moment it sent the request.
        Map<String, List<Map<String, String>>> timelines = scanCases(sent.keySet());
        List<Long> toPaid = new ArrayList<>();
        Map<String, Integer> outcomes = new TreeMap<>();
        Instant firstSent = sent.values().stream().min(Instant::compareTo).orElse(Instant.now());
        Instant lastPaid = firstSent;
        Instant firstPaid = null;
        long transitions = 0;
        TreeMap<Long, Integer> paidPerSecond = new TreeMap<>();
        for (Map.Entry<String, Instant> e : sent.entrySet()) {
            List<Map<String, String>> timeline = timelines.getOrDefault(e.getKey(), List.of());
            transitions += timeline.size();
            String status = timeline.isEmpty()
                    ? "missing"
                    : timeline.get(timeline.size() - 1).get("to");
            outcomes.merge(status, 1, Integer::sum);
            for (Map<String, String> event : timeline) {
                if ("paid".equals(event.get("to"))) {
                    Instant paid = Instant.parse(event.get("at"));
                    toPaid.add(Duration.between(e.getValue(), paid).toNanos());
                    lastPaid = paid.isAfter(lastPaid) ? paid : lastPaid;
                    firstPaid = firstPaid == null || paid.isBefore(firstPaid) ? paid : firstPaid;
                    paidPerSecond.merge(Duration.between(firstSent, paid).toSeconds(), 1, Integer::sum);
                }
            }
        }
        long[] sortedToPaid =
                toPaid.stream().mapToLong(Long::longValue).sorted().toArray();
        double window = Math.max(0.001, Duration.between(firstSent, lastPaid).toNanos() / 1e9);
        double sustained = sortedToPaid.length / window;
        // Once the pipeline is full: cases paid after the first, over the first paid to the last. With the cases
        // offered faster than the pipeline pays them, that is what it pays at most: its end-to-end capacity.
        double paying =
                firstPaid == null ? 0 : Duration.between(firstPaid, lastPaid).toNanos() / 1e9;
        double paidRate = sortedToPaid.length < 2 || paying <= 0 ? sustained : (sortedToPaid.length - 1) / paying;

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cases", n);
        m.put("submitted", submitted);
        m.put("offered_rate", caseRate == Math.rint(caseRate) ? (Object) (int) caseRate : (Object) caseRate);
        m.put("accepted", sent.size());
        m.put("submit", submits.toMap(caseRate));
        m.put("outcomes", outcomes);
        m.put("paid", sortedToPaid.length);
        m.put("submit_to_paid_p50_ms", ms(percentile(sortedToPaid, 50)));
        m.put("submit_to_paid_p90_ms", ms(percentile(sortedToPaid, 90)));
        m.put("submit_to_paid_p99_ms", ms(percentile(sortedToPaid, 99)));
        m.put("submit_to_paid_max_ms", ms(sortedToPaid.length == 0 ? 0 : sortedToPaid[sortedToPaid.length - 1]));
        m.put("first_submit_to_last_paid_s", round(window));
        m.put("sustained_cases_per_s", round(sustained));
        m.put("paid_per_s_once_full", round(paidRate));
        m.put("paid_per_second", paidPerSecond);
        m.put("transitions_per_case", round((double) transitions / Math.max(1, sent.size())));
        m.put("queue_depth", sampler.series());
        m.put("queue_depth_max", sampler.maxima());

        Map<String, Object> functions = new LinkedHashMap<>();
        double busiest = 0;
        for (LocalFunction f : rig.functions()) {
            LocalFunction.Usage before = usageBefore.get(f.name());
            LocalFunction.Usage after = usageAfter.get(f.name());
            long invocations = after.invocations() - before.invocations();
            Duration busy = after.handlerTime().minus(before.handlerTime());
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("memory_mb", f.spec().memorySize());
            fm.put("instances", f.instances());
            fm.put("invocations", invocations);
            fm.put("invocations_per_case", round((double) invocations / n));
            fm.put("mean_handler_ms", round(invocations == 0 ? 0 : busy.toNanos() / 1e6 / invocations));
            fm.put("handler_seconds_per_case", busy.toNanos() / 1e9 / n);
            fm.put("busy_share", round(busy.toNanos() / 1e9 / pipelineSeconds / f.instances()));
            fm.put("peak_rss_mb", round(f.peakRssKb() / 1024.0));
            busiest = Math.max(busiest, busy.toNanos() / 1e9 / n / f.instances());
            fm.put(
                    "time_split",
                    timeSplit(
                            f.name(),
                            invocations,
                            busy,
                            cpuAfter.get(f.name()).minus(cpuBefore.get(f.name())),
                            dynamoCalls,
                            sqsCalls,
                            f.name().equals("send-follow-up")
                                    ? channelsAfter.time().minus(channelsBefore.time())
                                    : Duration.ZERO));
            fm.put("dynamodb", dynamoCalls.byCaller().getOrDefault(f.name(), Map.of()));
            fm.put("sqs", sqsCalls.byCaller().getOrDefault(f.name(), Map.of()));
            functions.put(f.name(), fm);
        }
        m.put("functions", functions);
        // Each instance works one invocation at a time: the busiest function, per instance, caps the pipeline.
        m.put("capacity_bound_by_busiest_function_cases_per_s", round(busiest == 0 ? 0 : 1 / busiest));
        m.put(
                "stack_calls",
                Map.of(
                        "dynamodb",
                        dynamoCalls.byCaller().getOrDefault("stack", Map.of()),
                        "sqs",
                        sqsCalls.byCaller().getOrDefault("stack", Map.of())));

        if (profile != null) {
            m.put("profile", profile);
        }
        if (!full) {
            return m;
        }
        Map<String, Object> floor = this.floor.run(dynamoCalls, sqsCalls, n);
        m.put("floor", floor);
        double floorRate = (double) floor.get("cases_per_s");
        m.put("pipeline_over_floor", round(sustained / floorRate));
        m.put("cost", CostModel.cost(m, dynamoCalls, sqsCalls, n, coldStart));
        return m;
    }

    /**
     * Where a function's warm handler time goes, per invocation: its own CPU (the function's threads: the handler's,
     * the SDK's, the runtime client's), the time its DynamoDB and SQS calls spent at the counting proxy (there and
     * back to DynamoDB Local or ElasticMQ), the providers' (the SES and SNS stand-in: send-follow-up's), and the rest:
     * waiting for a CPU on this shared machine, the runtime API, client-side work the CPU figure misses. The JVM's
     * own threads' CPU (JIT, collector) is beside it, not in it: it runs alongside the handler, mostly while a new
     * instance warms up.
     */
    static Map<String, Object> timeSplit(
            String function,
            long invocations,
            Duration handler,
            LocalFunction.CpuTime cpu,
            CountingProxy.Snapshot dynamoCalls,
            CountingProxy.Snapshot sqsCalls,
            Duration providers) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (invocations == 0) {
            return m;
        }
        double handlerMs = handler.toNanos() / 1e6 / invocations;
        double cpuMs = cpu.function().toNanos() / 1e6 / invocations;
        double dynamoMs = proxyMillis(dynamoCalls, function) / invocations;
        double sqsMs = proxyMillis(sqsCalls, function) / invocations;
        double providerMs = providers.toNanos() / 1e6 / invocations;
        m.put("handler_ms", round(handlerMs));
        m.put("own_cpu_ms", round(cpuMs));
        m.put("jvm_cpu_ms", round(cpu.jvm().toNanos() / 1e6 / invocations));
        m.put("dynamodb_ms", round(dynamoMs));
        m.put("sqs_ms", round(sqsMs));
        m.put("providers_ms", round(providerMs));
        m.put("other_ms", round(handlerMs - cpuMs - dynamoMs - sqsMs - providerMs));
        return m;
    }

    private static double proxyMillis(CountingProxy.Snapshot calls, String caller) {
        double ms = 0;
        for (double[] v : calls.byCaller().getOrDefault(caller, Map.of()).values()) {
            ms += v.length > 4 ? v[4] : 0;
        }
        return ms;
    }

    /** The timeline (to, at) of each case, scanned once from the cases table, straight from DynamoDB Local. */
    private Map<String, List<Map<String, String>>> scanCases(java.util.Set<String> wanted) {
        String table = rig.stack().template().tables().stream()
                .map(StackTemplate.Table::name)
                .filter(name -> name.endsWith("-cases"))
                .findFirst()
                .orElseThrow();
        Map<String, List<Map<String, String>>> out = new ConcurrentHashMap<>();
        rig.dynamoDb()
                .scanPaginator(r -> r.tableName(table).projectionExpression("case_id, timeline"))
                .items()
                .forEach(item -> {
                    String id = item.get("case_id").s();
                    if (!wanted.contains(id) || !item.containsKey("timeline")) {
                        return;
                    }
                    List<Map<String, String>> events = new ArrayList<>();
                    for (Map<String, String> e : com.refundpipeline.localstack.aws.CaseTimeline.events(item)) {
                        events.add(Map.of("to", e.get("to"), "at", e.get("at")));
                    }
                    out.put(id, events);
                });
        return out;
    }
}
