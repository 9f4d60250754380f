package com.refundpipeline.localstack.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.refundpipeline.localstack.LocalStack;
import com.refundpipeline.localstack.Logging;
import com.refundpipeline.localstack.Options;
import com.refundpipeline.localstack.StackHome;
import com.refundpipeline.localstack.aws.AwsClients;
import com.refundpipeline.localstack.lambda.LocalFunction;
import com.refundpipeline.localstack.template.StackTemplate;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.SdkAdvancedClientOption;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.SendMessageBatchRequestEntry;

/**
 * {@code make bench}: the local stack on free ports, with a counting proxy in front of DynamoDB Local and ElasticMQ,
 * driven over its function URL. Measures submit latency at fixed open-loop rates, a batch of cases end to end (submit
 * to paid, throughput, queue depths, memory), the same DynamoDB and SQS calls made directly by a minimal client (the
 * floor), calls and capacity per case and per function, cold starts, and what 1,000 refunds would cost on AWS.
 * Writes result.json and result.md under infra/local-stack/target/bench and prints the tables.
 */
public final class Bench {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final Pattern CASE_ID = Pattern.compile("\"case_id\"\\s*:\\s*\"([^\"]+)\"");
    /** Reasons the policy approves at once with a photo (not_received only when the order never shipped). */
    static final List<String> REASONS = List.of("damaged", "wrong_item", "quality_defect", "not_as_described",
            "missing_item", "not_received");
    static final List<String> READS = List.of("GetItem", "Query", "Scan", "BatchGetItem", "TransactGetItems");
    static final List<String> WRITES = List.of("PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem",
            "TransactWriteItems");
    /** docs/benchmarks.md "Calls per case" (the common path, counted from the code): reads, writes, SQS sends. */
    static final Map<String, int[]> BUDGET = new LinkedHashMap<>();
    /** The floor stops here if its calls are not all made, so that the bench stays within its ten minutes. */
    static final Duration FLOOR_LIMIT = Duration.ofSeconds(45);

    static {
        BUDGET.put("submit-refund", new int[] {1, 2, 1});
        BUDGET.put("verify-evidence", new int[] {3, 1, 2});
        BUDGET.put("issue-payout", new int[] {1, 4, 1});
        BUDGET.put("send-follow-up", new int[] {2, 6, 0});
    }

    record Settings(List<Integer> rates, int secondsPerRate, int cases, int caseRate, int floorWorkers, Path out) {
        static Settings parse(String[] args, Path defaultOut) {
            List<Integer> rates = List.of(25, 50, 100, 200);
            int seconds = 6;
            int cases = 2000;
            int caseRate = 0;
            int workers = 4;
            Path out = defaultOut;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--rates" -> rates = Arrays.stream(args[++i].split(",")).map(Integer::parseInt).toList();
                    case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                    case "--cases" -> cases = Integer.parseInt(args[++i]);
                    case "--case-rate" -> caseRate = Integer.parseInt(args[++i]);
                    case "--floor-workers" -> workers = Integer.parseInt(args[++i]);
                    case "--out" -> out = Path.of(args[++i]);
                    case "--quick" -> {
                        rates = List.of(25, 100);
                        seconds = 3;
                        cases = 200;
                    }
                    default -> throw new IllegalArgumentException("unknown option " + a + " (--rates 25,50,100,200"
                            + " --seconds 6 --cases 2000 --case-rate N (default: what submit sustained) --floor-workers 4 --out DIR --quick)");
                }
            }
            return new Settings(rates, seconds, cases, caseRate, workers, out);
        }
    }

    private final Settings settings;
    private final PrintStream console;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, Object> result = new LinkedHashMap<>();
    private LocalStack stack;
    private CountingProxy dynamoDbProxy;
    private CountingProxy sqsProxy;
    /** Straight to the servers, not counted: the bench's own look at queues and cases. */
    private DynamoDbClient dynamoDb;
    private SqsClient sqs;
    private URI refunds;

    Bench(Settings settings, PrintStream console) {
        this.settings = settings;
        this.console = console;
    }

    public static void main(String[] args) throws Exception {
        StackHome home = StackHome.locate();
        Settings settings = Settings.parse(args, home.moduleDir().resolve("target/bench"));
        Files.createDirectories(settings.out());
        // The stack and its functions log every line; that goes to a file, the bench's progress to the terminal.
        PrintStream console = System.out;
        Path log = settings.out().resolve("stack.log");
        System.setOut(new PrintStream(Files.newOutputStream(log), true, StandardCharsets.UTF_8));
        Logging.configure();
        console.println("bench: stack output in " + log);
        int status = 0;
        Bench bench = new Bench(settings, console);
        try {
            bench.run(home);
        } catch (Exception e) {
            console.println("bench failed: " + e);
            e.printStackTrace(console);
            status = 1;
        } finally {
            bench.close();
        }
        System.exit(status);
    }

    void run(StackHome home) throws Exception {
        Path repo = home.moduleDir().resolve("../..").normalize();
        Options options = new Options(repo.resolve("infra/template.yaml"), repo.resolve("functions/target/function.zip"),
                0, null, Map.of(), null, 0, 0, null);
        long self = ProcessHandle.current().pid();
        stack = new LocalStack(options, home);
        stack.interposing((service, server) -> {
            CountingProxy proxy = new CountingProxy(service, server, pid -> pid == self ? null : functionName(pid));
            if (service.equals("dynamodb")) {
                dynamoDbProxy = proxy;
            } else {
                sqsProxy = proxy;
            }
            return proxy.endpoint();
        });
        progress("starting the local stack (4 function processes) ...");
        stack.start();
        progress("stack ready in %.1f s", stack.startup().toMillis() / 1000.0);
        String region = stack.endpoints().region();
        dynamoDb = AwsClients.dynamoDb(dynamoDbProxy.target(), region);
        sqs = AwsClients.sqs(sqsProxy.target(), region);
        refunds = stack.functionUrl("submit-refund").resolve("refunds");

        result.put("machine", machine());
        result.put("settings", Map.of("rates", settings.rates(), "seconds_per_rate", settings.secondsPerRate(),
                "cases", settings.cases(), "case_rate", settings.caseRate(), "floor_workers", settings.floorWorkers()));
        result.put("started_at", Instant.now().toString());
        result.put("stack_startup_ms", stack.startup().toMillis());

        coldStarts();
        progress("warming up: 100 cases at 25/s");
        openLoop(25, 100, new ConcurrentHashMap<>());
        awaitIdle(Duration.ofSeconds(120));

        List<Map<String, Object>> latency = new ArrayList<>();
        double sustainedSubmits = 0;
        for (int rate : settings.rates()) {
            progress("submit latency at %d req/s for %d s", rate, settings.secondsPerRate());
            Map<String, Object> run = openLoop(rate, rate * settings.secondsPerRate(), new ConcurrentHashMap<>())
                    .toMap(rate);
            latency.add(run);
            if (((Number) run.get("errors")).intValue() == 0) {
                sustainedSubmits = Math.max(sustainedSubmits, ((Number) run.get("answered_per_s")).doubleValue());
            }
        }
        result.put("submit_latency", latency);
        // Those cases are not measured further: their messages are dropped, so that the end-to-end run starts on
        // empty queues instead of behind minutes of backlog.
        progress("purging the queues of those cases");
        for (int i = 0; i < 10 && !idleWithin(Duration.ofSeconds(3)); i++) {
            mainQueues().values().forEach(url -> sqs.purgeQueue(r -> r.queueUrl(url)));
        }

        // Unless told, the end-to-end run offers what submit answered without errors (at most 100/s): offered
        // faster than that, requests only wait in front of submit and time out, which measures nothing new.
        int caseRate = settings.caseRate() > 0 ? settings.caseRate()
                : (int) Math.max(5, Math.min(100, Math.floor(sustainedSubmits * 0.9)));
        // ...and no more cases than that rate submits in 90 s, to stay within ten minutes on a slow machine.
        int cases = settings.caseRate() > 0 ? settings.cases() : Math.min(settings.cases(), caseRate * 90);
        Map<String, Object> e2e = endToEnd(cases, caseRate);
        result.put("end_to_end", e2e);
        result.put("finished_at", Instant.now().toString());
        Report report = new Report(result);
        Files.writeString(settings.out().resolve("result.json"), JSON.writeValueAsString(result));
        String markdown = report.markdown();
        Files.writeString(settings.out().resolve("result.md"), markdown);
        try {
            System.setProperty("java.awt.headless", "true");
            Chart.write(result, settings.out().resolve("result.png"));
        } catch (Exception | Error e) {
            progress("no chart: %s", e);
        }
        console.println();
        console.println(markdown);
        console.println("written: " + settings.out().resolve("result.json") + ", " + settings.out().resolve("result.md")
                + ", " + settings.out().resolve("result.png"));
    }

    // ------------------------------------------------------------------------------------------- cold starts

    /** One case through all four functions right after startup: each one's init plus its first invocation. */
    private void coldStarts() throws Exception {
        progress("cold starts: one case through the idle stack");
        Map<String, Instant> sent = new ConcurrentHashMap<>();
        openLoop(1, 1, sent);
        awaitIdle(Duration.ofSeconds(120));
        Map<String, Object> cold = new LinkedHashMap<>();
        for (LocalFunction f : stack.functions()) {
            Duration init = f.ready().getNow(null);
            Duration first = f.usage().firstInvocation();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("init_ms", init == null ? null : init.toMillis());
            m.put("first_invocation_ms", first == null ? null : first.toMillis());
            m.put("cold_start_ms", init == null || first == null ? null : init.plus(first).toMillis());
            m.put("memory_mb", f.spec().memorySize());
            cold.put(f.name(), m);
        }
        result.put("cold_start", cold);
    }

    // ------------------------------------------------------------------------------------------- open loop

    /** Latencies of one open-loop run: arrivals on a fixed schedule, whether or not earlier answers came. */
    record Run(long[] latencyNanos, int errors, String firstError, double seconds) {
        Map<String, Object> toMap(int rate) {
            Map<String, Object> m = new LinkedHashMap<>();
            long[] sorted = latencyNanos.clone();
            Arrays.sort(sorted);
            m.put("rate", rate);
            m.put("requests", sorted.length);
            m.put("answered_per_s", Math.round(sorted.length / seconds * 10) / 10.0);
            m.put("p50_ms", ms(percentile(sorted, 50)));
            m.put("p90_ms", ms(percentile(sorted, 90)));
            m.put("p99_ms", ms(percentile(sorted, 99)));
            m.put("max_ms", ms(sorted.length == 0 ? 0 : sorted[sorted.length - 1]));
            m.put("errors", errors);
            if (firstError != null) {
                m.put("first_error", firstError);
            }
            return m;
        }
    }

    /**
     * Sends {@code count} refund requests at {@code rate} per second, each at its planned time (so a slow answer
     * delays no later request), and measures each from its planned time to its answer. Accepted cases go into
     * {@code accepted} with the wall-clock time they were sent.
     */
    private Run openLoop(int rate, int count, Map<String, Instant> accepted) throws InterruptedException {
        long period = 1_000_000_000L / rate;
        long[] latencies = new long[count];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(count);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        long start = System.nanoTime() + 10_000_000L;
        String run = UUID.randomUUID().toString().substring(0, 8);
        ScheduledFuture<?> ticks = scheduler.scheduleAtFixedRate(() -> {
            int k = next.getAndIncrement();
            if (k >= count) {
                return;
            }
            long planned = start + k * period;
            Instant wall = Instant.now();
            HttpRequest request = HttpRequest.newBuilder(refunds)
                    .header("Content-Type", "application/json")
                    .header("Idempotency-Key", "bench-" + run + "-" + k)
                    .timeout(Duration.ofSeconds(30))
                    .POST(HttpRequest.BodyPublishers.ofString(refundRequest("ord_b" + run + "_" + k,
                            REASONS.get(k % REASONS.size()), wall)))
                    .build();
            http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).whenComplete((response, error) -> {
                latencies[k] = System.nanoTime() - planned;
                if (error != null || response.statusCode() != 201) {
                    errors.incrementAndGet();
                    firstError.compareAndSet(null, error != null ? error.toString()
                            : response.statusCode() + " " + response.body());
                } else {
                    Matcher m = CASE_ID.matcher(response.body());
                    if (m.find()) {
                        accepted.put(m.group(1), wall);
                    }
                }
                done.countDown();
            });
        }, 10_000_000L, period, TimeUnit.NANOSECONDS);
        boolean finished = done.await(count / rate + 60L, TimeUnit.SECONDS);
        ticks.cancel(false);
        scheduler.shutdownNow();
        double seconds = (System.nanoTime() - start) / 1e9;
        int missing = (int) done.getCount();
        if (!finished) {
            firstError.compareAndSet(null, missing + " requests never answered");
        }
        return new Run(latencies, errors.get() + missing, firstError.get(), seconds);
    }

    /**
     * A valid request the policy approves at once: delivered two days ago (or never shipped), with a photo, from a
     * customer of its own (a customer with several recent requests goes to a person, as a frequent refunder).
     */
    static String refundRequest(String orderId, String reason, Instant now) {
        boolean notShipped = reason.equals("not_received");
        Instant placed = now.minus(5, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        String shipment = notShipped ? "\"shipment_status\":\"not_shipped\","
                : "\"shipment_status\":\"delivered\",\"shipped_at\":\"" + placed.plus(1, ChronoUnit.DAYS)
                        + "\",\"delivered_at\":\"" + placed.plus(3, ChronoUnit.DAYS) + "\",";
        // 2999 ends in 99: the sandbox payment provider pays it at once.
        return "{\"order\":{\"id\":\"" + orderId + "\",\"customer_id\":\"cus_" + orderId + "\",\"currency\":\"USD\","
                + "\"captured_amount\":5998,\"placed_at\":\"" + placed + "\"," + shipment
                + "\"payment_reference\":\"pi_bench\",\"lines\":[{\"sku\":\"TSHIRT-M\",\"quantity\":2,"
                + "\"unit_amount\":2999,\"category\":\"apparel\"}]},\"items\":[{\"sku\":\"TSHIRT-M\",\"quantity\":1}],"
                + "\"reason\":\"" + reason + "\",\"note\":\"bench\",\"evidence\":[{\"type\":\"photo\","
                + "\"url\":\"https://evidence.example/" + orderId + "/1.jpg\",\"content_type\":\"image/jpeg\","
                + "\"bytes\":48211}],\"preferred_method\":\"original_payment\",\"customer\":{\"email\":"
                + "\"bench@example.com\",\"locale\":\"en-US\",\"time_zone\":\"UTC\",\"channel\":\"email\"}}";
    }

    // ------------------------------------------------------------------------------------------- end to end

    private Map<String, Object> endToEnd(int submitted, int caseRate) throws Exception {
        progress("end to end: %d cases at %d/s, mixed reasons", submitted, caseRate);
        CountingProxy.Snapshot dynamoBefore = dynamoDbProxy.snapshot();
        CountingProxy.Snapshot sqsBefore = sqsProxy.snapshot();
        Map<String, LocalFunction.Usage> usageBefore = usage();
        Map<String, Instant> sent = new ConcurrentHashMap<>();
        QueueSampler sampler = new QueueSampler(mainQueues(), sqs);
        sampler.start();
        long t0 = System.nanoTime();
        Run submits = openLoop(caseRate, submitted, sent);
        awaitIdle(Duration.ofSeconds(300));
        double pipelineSeconds = (System.nanoTime() - t0) / 1e9;
        sampler.stop();
        CountingProxy.Snapshot dynamoCalls = dynamoDbProxy.snapshot().minus(dynamoBefore);
        CountingProxy.Snapshot sqsCalls = sqsProxy.snapshot().minus(sqsBefore);
        Map<String, LocalFunction.Usage> usageAfter = usage();
        // Per case means per case the pipeline took in: a request that timed out at the bench may still have been
        // served (and paid) later.
        int n = (int) Math.max(1, usageAfter.get("submit-refund").invocations()
                - usageBefore.get("submit-refund").invocations());

        // Submit to paid from the cases themselves, read once at the end: the functions' clocks stamp each
        // transition, the bench's clock (the same machine's) the moment it sent the request.
        Map<String, List<Map<String, String>>> timelines = scanCases(sent.keySet());
        List<Long> toPaid = new ArrayList<>();
        Map<String, Integer> outcomes = new TreeMap<>();
        Instant firstSent = sent.values().stream().min(Instant::compareTo).orElse(Instant.now());
        Instant lastPaid = firstSent;
        long transitions = 0;
        TreeMap<Long, Integer> paidPerSecond = new TreeMap<>();
        for (Map.Entry<String, Instant> e : sent.entrySet()) {
            List<Map<String, String>> timeline = timelines.getOrDefault(e.getKey(), List.of());
            transitions += timeline.size();
            String status = timeline.isEmpty() ? "missing" : timeline.get(timeline.size() - 1).get("to");
            outcomes.merge(status, 1, Integer::sum);
            for (Map<String, String> event : timeline) {
                if ("paid".equals(event.get("to"))) {
                    Instant paid = Instant.parse(event.get("at"));
                    toPaid.add(Duration.between(e.getValue(), paid).toNanos());
                    lastPaid = paid.isAfter(lastPaid) ? paid : lastPaid;
                    paidPerSecond.merge(Duration.between(firstSent, paid).toSeconds(), 1, Integer::sum);
                }
            }
        }
        long[] sortedToPaid = toPaid.stream().mapToLong(Long::longValue).sorted().toArray();
        double window = Math.max(0.001, Duration.between(firstSent, lastPaid).toNanos() / 1e9);
        double sustained = sortedToPaid.length / window;

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cases", n);
        m.put("submitted", submitted);
        m.put("offered_rate", caseRate);
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
        m.put("paid_per_second", paidPerSecond);
        m.put("transitions_per_case", round((double) transitions / Math.max(1, sent.size())));
        m.put("queue_depth", sampler.series());
        m.put("queue_depth_max", sampler.maxima());

        Map<String, Object> functions = new LinkedHashMap<>();
        double busiest = 0;
        for (LocalFunction f : stack.functions()) {
            LocalFunction.Usage before = usageBefore.get(f.name());
            LocalFunction.Usage after = usageAfter.get(f.name());
            long invocations = after.invocations() - before.invocations();
            Duration busy = after.handlerTime().minus(before.handlerTime());
            Map<String, Object> fm = new LinkedHashMap<>();
            fm.put("memory_mb", f.spec().memorySize());
            fm.put("invocations", invocations);
            fm.put("invocations_per_case", round((double) invocations / n));
            fm.put("mean_handler_ms", round(invocations == 0 ? 0 : busy.toNanos() / 1e6 / invocations));
            fm.put("handler_seconds_per_case", busy.toNanos() / 1e9 / n);
            fm.put("busy_share", round(busy.toNanos() / 1e9 / pipelineSeconds));
            fm.put("peak_rss_mb", round(f.peakRssKb() / 1024.0));
            busiest = Math.max(busiest, busy.toNanos() / 1e9 / n);
            fm.put("dynamodb", dynamoCalls.byCaller().getOrDefault(f.name(), Map.of()));
            fm.put("sqs", sqsCalls.byCaller().getOrDefault(f.name(), Map.of()));
            functions.put(f.name(), fm);
        }
        m.put("functions", functions);
        // One process per function works one invocation at a time: the busiest function caps the pipeline.
        m.put("capacity_bound_by_busiest_function_cases_per_s", round(busiest == 0 ? 0 : 1 / busiest));
        m.put("stack_calls", Map.of("dynamodb", dynamoCalls.byCaller().getOrDefault("stack", Map.of()),
                "sqs", sqsCalls.byCaller().getOrDefault("stack", Map.of())));

        Map<String, Object> floor = floor(dynamoCalls, sqsCalls, n);
        m.put("floor", floor);
        double floorRate = (double) floor.get("cases_per_s");
        m.put("pipeline_over_floor", round(sustained / floorRate));
        m.put("cost", cost(m, dynamoCalls, sqsCalls, n));
        return m;
    }

    /** The timeline (to, at) of each case, scanned once from the cases table, straight from DynamoDB Local. */
    private Map<String, List<Map<String, String>>> scanCases(java.util.Set<String> wanted) {
        String table = stack.template().tables().stream().map(StackTemplate.Table::name)
                .filter(name -> name.endsWith("-cases")).findFirst().orElseThrow();
        Map<String, List<Map<String, String>>> out = new ConcurrentHashMap<>();
        dynamoDb.scanPaginator(r -> r.tableName(table).projectionExpression("case_id, timeline")).items()
                .forEach(item -> {
                    String id = item.get("case_id").s();
                    if (!wanted.contains(id) || !item.containsKey("timeline")) {
                        return;
                    }
                    List<Map<String, String>> events = new ArrayList<>();
                    for (AttributeValue v : item.get("timeline").l()) {
                        events.add(Map.of("to", v.m().get("to").s(), "at", v.m().get("at").s()));
                    }
                    out.put(id, events);
                });
        return out;
    }

    // ------------------------------------------------------------------------------------------- floor

    /**
     * The same DynamoDB and SQS calls the pipeline made for these cases (operation by operation, the bench's
     * pollers' receives and deletes included), made by a minimal client: a few threads with the SDK, through the
     * same counting proxy, against the same DynamoDB Local and ElasticMQ, on a table and a queue of its own. What
     * the pipeline adds on top (Lambda invocations, JSON, the functions' own work) is the difference.
     */
    private Map<String, Object> floor(CountingProxy.Snapshot dynamoCalls, CountingProxy.Snapshot sqsCalls, int n)
            throws Exception {
        List<String> calls = new ArrayList<>();
        Map<String, Long> replayed = new TreeMap<>();
        for (CountingProxy.Snapshot s : List.of(dynamoCalls, sqsCalls)) {
            s.byCaller().forEach((caller, ops) -> ops.forEach((op, v) -> {
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
        progress("floor: the same %d DynamoDB and SQS calls from a minimal client (%d threads)", calls.size(),
                settings.floorWorkers());
        try (FloorClient client = new FloorClient(dynamoDbProxy.endpoint(), sqsProxy.endpoint(),
                stack.endpoints().region(), dynamoDb, sqs)) {
            double seconds = client.replay(calls, settings.floorWorkers(), FLOOR_LIMIT);
            long made = client.made();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("calls", calls.size());
            m.put("calls_made", made);
            m.put("by_operation", replayed);
            m.put("threads", settings.floorWorkers());
            m.put("seconds", round(seconds));
            m.put("calls_per_s", round(made / seconds));
            // When stopped at the time limit, the rate of the calls made stands for all of them.
            m.put("cases_per_s", round(made / seconds / ((double) calls.size() / n)));
            m.put("failed_calls", client.failures());
            return m;
        }
    }

    // ------------------------------------------------------------------------------------------- cost

    private Map<String, Object> cost(Map<String, Object> e2e, CountingProxy.Snapshot dynamoCalls,
            CountingProxy.Snapshot sqsCalls, int n) throws IOException {
        JsonNode prices;
        try (InputStream in = Bench.class.getResourceAsStream("/aws-prices.json")) {
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
        warm.put("total", money((invocations * perRequest + gbSeconds * perGbSecond + sqsRequests * perSqs
                + rru * perRru + wru * perWru) * k));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> cold = (Map<String, Map<String, Object>>) result.get("cold_start");
        double coldGbSeconds = 0;
        for (Map<String, Object> c : cold.values()) {
            Object ms = c.get("cold_start_ms");
            if (ms != null) {
                coldGbSeconds += ((Number) ms).doubleValue() / 1000.0 * ((Number) c.get("memory_mb")).intValue()
                        / 1024.0;
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("prices", JSON.convertValue(prices, Map.class));
        m.put("per_1000_refunds_java21", warm);
        m.put("per_1000_refunds_native_estimate", warm);
        m.put("native_note", "no native build here: handler durations are the JVM's warm ones, so the warm cost is"
                + " the same; native differs in cold starts (and could run in less memory)");
        m.put("java21_cold_start_of_all_four_functions", money(coldGbSeconds * perGbSecond));
        m.put("lambda_gb_seconds_per_case", gbSeconds / n);
        m.put("sqs_requests_per_case", round(sqsRequests / n));
        m.put("read_request_units_per_case", round(rru / n));
        m.put("write_request_units_per_case", round(wru / n));
        return m;
    }

    // ------------------------------------------------------------------------------------------- helpers

    private Map<String, LocalFunction.Usage> usage() {
        Map<String, LocalFunction.Usage> m = new LinkedHashMap<>();
        stack.functions().forEach(f -> m.put(f.name(), f.usage()));
        return m;
    }

    private String functionName(long pid) {
        LocalStack s = stack;
        if (s == null) {
            return null;
        }
        for (LocalFunction f : s.functions()) {
            if (f.pid() == pid) {
                return f.name();
            }
        }
        return null;
    }

    /** The queues the functions read (not their dead-letter queues): logical id to URL. */
    private Map<String, String> mainQueues() {
        Map<String, String> queues = new LinkedHashMap<>();
        for (StackTemplate.Queue q : stack.template().queues()) {
            if (!q.name().endsWith("-dlq")) {
                queues.put(q.name().replaceFirst("^refunds-[a-z0-9]+-", ""), q.url());
            }
        }
        return queues;
    }

    private void awaitIdle(Duration timeout) throws InterruptedException {
        if (!idleWithin(timeout)) {
            progress("warning: the queues were not empty after %d s", timeout.toSeconds());
        }
    }

    /** Waits until no queue holds a message, visible, in flight or delayed, three samples in a row. */
    private boolean idleWithin(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Map<String, String> queues = mainQueues();
        int quiet = 0;
        while (Instant.now().isBefore(deadline)) {
            long depth = 0;
            for (String url : queues.values()) {
                depth += QueueSampler.depth(sqs, url)[0] + QueueSampler.depth(sqs, url)[1];
            }
            quiet = depth == 0 ? quiet + 1 : 0;
            if (quiet >= 3) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    private Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                + System.getProperty("os.arch"));
        m.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        try {
            String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name")).findFirst().map(l -> l.replaceFirst(".*:\\s*", ""))
                    .orElse("?");
            m.put("cpu", cpu);
            String mem = Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("[^0-9]", "");
            m.put("memory_gb", round(Long.parseLong(mem) / 1024.0 / 1024.0));
            m.put("load_average_at_start", Files.readString(Path.of("/proc/loadavg")).trim());
        } catch (IOException | RuntimeException e) {
            // Not Linux: the rest says enough.
        }
        return m;
    }

    private void progress(String format, Object... args) {
        console.printf("%s bench: %s%n", java.time.LocalTime.now().truncatedTo(ChronoUnit.SECONDS),
                String.format(format, args));
    }

    void close() {
        if (dynamoDb != null) {
            dynamoDb.close();
        }
        if (sqs != null) {
            sqs.close();
        }
        if (stack != null) {
            stack.close();
        }
        for (CountingProxy p : new CountingProxy[] {dynamoDbProxy, sqsProxy}) {
            if (p != null) {
                p.close();
            }
        }
    }

    static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static double ms(long nanos) {
        return Math.round(nanos / 100_000.0) / 10.0;
    }

    static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    static double money(double v) {
        return Math.round(v * 1_000_000) / 1_000_000.0;
    }

    // ------------------------------------------------------------------------------------------- queues

    /** Samples each queue's depth (visible, in flight) every 250 ms, straight from ElasticMQ. */
    static final class QueueSampler {
        private final Map<String, String> queues;
        private final SqsClient sqs;
        private final List<Map<String, Object>> samples = Collections.synchronizedList(new ArrayList<>());
        private final Map<String, Long> maxima = new ConcurrentHashMap<>();
        private volatile boolean running = true;
        private Thread thread;

        QueueSampler(Map<String, String> queues, SqsClient sqs) {
            this.queues = queues;
            this.sqs = sqs;
        }

        void start() {
            long t0 = System.nanoTime();
            thread = Thread.ofPlatform().daemon().name("queue-sampler").start(() -> {
                while (running) {
                    Map<String, Object> sample = new LinkedHashMap<>();
                    sample.put("t_s", round((System.nanoTime() - t0) / 1e9));
                    queues.forEach((name, url) -> {
                        long[] d = depth(sqs, url);
                        sample.put(name, d[0] + d[1]);
                        maxima.merge(name, d[0] + d[1], Math::max);
                    });
                    samples.add(sample);
                    try {
                        Thread.sleep(250);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
        }

        void stop() throws InterruptedException {
            running = false;
            thread.join(2000);
        }

        List<Map<String, Object>> series() {
            synchronized (samples) {
                return new ArrayList<>(samples);
            }
        }

        Map<String, Long> maxima() {
            return new TreeMap<>(maxima);
        }

        /** Visible and (in flight + delayed) messages. */
        static long[] depth(SqsClient sqs, String url) {
            Map<QueueAttributeName, String> a = sqs.getQueueAttributes(r -> r.queueUrl(url).attributeNames(
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                    QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)).attributes();
            long visible = Long.parseLong(a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0"));
            long inFlight = Long.parseLong(a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                    "0")) + Long.parseLong(a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED,
                    "0"));
            return new long[] {visible, inFlight};
        }
    }

    // ------------------------------------------------------------------------------------------- floor client

    /** The minimal client of the floor: plain SDK calls on a table and a queue of its own. */
    static final class FloorClient implements AutoCloseable {
        private static final List<String> SUPPORTED = List.of("GetItem", "Query", "PutItem", "UpdateItem",
                "DeleteItem", "TransactWriteItems", "SendMessage", "SendMessageBatch", "ReceiveMessage",
                "DeleteMessage", "DeleteMessageBatch", "ChangeMessageVisibility");
        private static final String PAYLOAD = "x".repeat(1500);

        private final DynamoDbClient dynamoDb;
        private final SqsClient sqs;
        private final String table = "bench-floor-" + UUID.randomUUID().toString().substring(0, 8);
        private final String queueUrl;
        private final ConcurrentLinkedQueue<String> receipts = new ConcurrentLinkedQueue<>();
        private final LongAdder failures = new LongAdder();
        private final LongAdder made = new LongAdder();
        private final AtomicInteger keys = new AtomicInteger();

        static boolean supports(String operation) {
            return SUPPORTED.contains(operation);
        }

        FloorClient(URI dynamoDbEndpoint, URI sqsEndpoint, String region, DynamoDbClient admin, SqsClient sqsAdmin) {
            // The stack's own client settings, and a User-Agent the counting proxy knows as the floor's.
            var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create(AwsClients.ACCESS_KEY,
                    AwsClients.SECRET_KEY));
            this.dynamoDb = DynamoDbClient.builder().endpointOverride(dynamoDbEndpoint).region(Region.of(region))
                    .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create())
                    .overrideConfiguration(c -> c.putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_SUFFIX,
                            CountingProxy.FLOOR_AGENT))
                    .build();
            this.sqs = SqsClient.builder().endpointOverride(sqsEndpoint).region(Region.of(region))
                    .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create())
                    .overrideConfiguration(c -> c.putAdvancedOption(SdkAdvancedClientOption.USER_AGENT_SUFFIX,
                            CountingProxy.FLOOR_AGENT))
                    .build();
            admin.createTable(r -> r.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(d -> d.attributeName("id").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH)));
            queueUrl = sqsAdmin.createQueue(r -> r.queueName(table)).queueUrl();
        }

        long failures() {
            return failures.sum();
        }

        long made() {
            return made.sum();
        }

        /** Makes the calls on {@code threads} threads, for at most {@code limit}; returns the seconds taken. */
        double replay(List<String> calls, int threads, Duration limit) throws InterruptedException {
            AtomicInteger next = new AtomicInteger();
            long stopAt = System.nanoTime() + limit.toNanos();
            List<Thread> workers = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < threads; i++) {
                workers.add(Thread.ofPlatform().name("floor-" + i).start(() -> {
                    for (int k; (k = next.getAndIncrement()) < calls.size() && System.nanoTime() < stopAt; ) {
                        try {
                            call(calls.get(k));
                        } catch (RuntimeException e) {
                            failures.increment();
                        }
                        made.increment();
                    }
                }));
            }
            for (Thread t : workers) {
                t.join();
            }
            return (System.nanoTime() - t0) / 1e9;
        }

        private void call(String operation) {
            String key = "k" + java.util.concurrent.ThreadLocalRandom.current().nextInt(Math.max(1, keys.get()));
            switch (operation) {
                case "GetItem" -> dynamoDb.getItem(r -> r.tableName(table).key(Map.of("id", s(key))));
                case "Query" -> dynamoDb.query(r -> r.tableName(table).keyConditionExpression("id = :id")
                        .expressionAttributeValues(Map.of(":id", s(key))));
                case "PutItem" -> dynamoDb.putItem(r -> r.tableName(table).item(item("k" + keys.getAndIncrement()))
                        .conditionExpression("attribute_not_exists(id)"));
                case "UpdateItem" -> dynamoDb.updateItem(r -> r.tableName(table).key(Map.of("id", s(key)))
                        .updateExpression("SET v = if_not_exists(v, :z) + :one")
                        .expressionAttributeValues(Map.of(":z", n("0"), ":one", n("1"))));
                case "DeleteItem" -> dynamoDb.deleteItem(r -> r.tableName(table).key(Map.of("id", s("none"))));
                case "TransactWriteItems" -> dynamoDb.transactWriteItems(r -> r.transactItems(
                        t -> t.put(p -> p.tableName(table).item(item("k" + keys.getAndIncrement()))),
                        t -> t.update(u -> u.tableName(table).key(Map.of("id", s("ledger")))
                                .updateExpression("SET v = if_not_exists(v, :z) + :one")
                                .expressionAttributeValues(Map.of(":z", n("0"), ":one", n("1"))))));
                case "SendMessage" -> sqs.sendMessage(r -> r.queueUrl(queueUrl).messageBody(PAYLOAD));
                case "SendMessageBatch" -> sqs.sendMessageBatch(r -> r.queueUrl(queueUrl).entries(
                        SendMessageBatchRequestEntry.builder().id("1").messageBody(PAYLOAD).build()));
                case "ReceiveMessage" -> {
                    for (Message m : sqs.receiveMessage(r -> r.queueUrl(queueUrl).maxNumberOfMessages(10)
                            .waitTimeSeconds(0)).messages()) {
                        receipts.add(m.receiptHandle());
                    }
                }
                case "DeleteMessage" -> {
                    String receipt = receipts.poll();
                    if (receipt != null) {
                        sqs.deleteMessage(r -> r.queueUrl(queueUrl).receiptHandle(receipt));
                    } else {
                        sqs.getQueueAttributes(r -> r.queueUrl(queueUrl));
                    }
                }
                case "DeleteMessageBatch" -> {
                    List<DeleteMessageBatchRequestEntry> entries = new ArrayList<>();
                    for (String receipt; entries.size() < 10 && (receipt = receipts.poll()) != null; ) {
                        entries.add(DeleteMessageBatchRequestEntry.builder().id(Integer.toString(entries.size()))
                                .receiptHandle(receipt).build());
                    }
                    if (entries.isEmpty()) {
                        sqs.getQueueAttributes(r -> r.queueUrl(queueUrl));
                    } else {
                        sqs.deleteMessageBatch(r -> r.queueUrl(queueUrl).entries(entries));
                    }
                }
                case "ChangeMessageVisibility" -> sqs.getQueueAttributes(r -> r.queueUrl(queueUrl));
                default -> throw new IllegalArgumentException(operation);
            }
        }

        private static Map<String, AttributeValue> item(String id) {
            return Map.of("id", s(id), "payload", s(PAYLOAD));
        }

        private static AttributeValue s(String v) {
            return AttributeValue.fromS(v);
        }

        private static AttributeValue n(String v) {
            return AttributeValue.fromN(v);
        }

        @Override
        public void close() {
            dynamoDb.close();
            sqs.close();
        }
    }
}
