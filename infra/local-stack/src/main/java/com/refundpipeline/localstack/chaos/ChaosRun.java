package com.refundpipeline.localstack.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.errorprone.annotations.FormatMethod;
import com.refundpipeline.localstack.LocalStack;
import com.refundpipeline.localstack.Logging;
import com.refundpipeline.localstack.Options;
import com.refundpipeline.localstack.SendParcelEvent;
import com.refundpipeline.localstack.SendStoreAnswer;
import com.refundpipeline.localstack.StackHome;
import com.refundpipeline.localstack.aws.AwsClients;
import com.refundpipeline.localstack.chaos.Faults.Kind;
import com.refundpipeline.localstack.lambda.LocalFunction;
import java.io.IOException;
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
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * {@code make chaos}: runs cases through the local stack while {@link Faults} injects faults, then has the
 * {@link Auditor} read everything back, and writes the report. {@code --cases N --seed S [--quick] [--out DIR]}.
 */
public final class ChaosRun {

    static final Set<String> TERMINAL = Set.of("paid", "declined", "replaced", "closed", "withdrawn");
    /** Statuses that wait on something the run does not do, and on what. */
    static final Map<String, String> WAITING = Map.of(
            "on_hold",
            "on_hold: the parcel's expected delivery plus grace, then re-checked",
            "awaiting_return",
            "awaiting_return: the customer's return parcel (one return in five is never shipped)",
            "return_in_transit",
            "return_in_transit: the carrier's delivery of the return",
            "return_received",
            "return_received: the warehouse's inspection");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REVIEWER = "fin";
    /** How long one call of the run's customers, reviewer and operator is retried before it counts as unanswered. */
    static final Duration RETRY_BUDGET = Duration.ofMinutes(10);

    static final Duration RETRY_BACKOFF_CAP = Duration.ofSeconds(30);
    /**
     * The functions' timeout in the run (the template says 15 s): the run is about what faults do, and on a starved
     * CPU a restarted process's cold first invocation outlasts 15 s, is killed, and the next one is as cold, so the
     * function never answers again (seed 2026 at load 20: submit-refund restarted every minute, never answering).
     * Queues' visibility timeouts are this plus 15 s, as Lambda wants them above the function's.
     */
    static final Duration FUNCTION_TIMEOUT = Duration.ofSeconds(60);

    /** How long no open case may settle, the faults over, before the run's operator redrives dead letters. */
    static final Duration STALLED = Duration.ofSeconds(90);

    /** How long faults keep coming after the last case was submitted (the driver acts meanwhile). */
    static final Duration CHAOS_AFTER_SUBMIT = Duration.ofSeconds(30);

    /** How long a settle check waits for the functions to finish (a sweep's page budget is 6 s, its timeout 60). */
    static final Duration FUNCTIONS_IDLE_WAIT = Duration.ofSeconds(60);

    /** What a run is asked to do. */
    public record Settings(
            int cases, long seed, int concurrency, Duration settleTimeout, double faultScale, Path reportDir) {}

    /** What a run found: the cases run, the faults injected, the audit's violations (the target is none). */
    public record Outcome(int cases, long faults, List<String> violations) {}

    private final Settings settings;
    private final PrintStream out;
    private final Faults faults;
    private final HttpClient http = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
    private final Map<Integer, String> caseIds = new ConcurrentHashMap<>();
    private final Map<String, CaseScript> scriptOf = new ConcurrentHashMap<>();
    private final Map<Integer, String> refusedAtSubmit = new ConcurrentHashMap<>();
    private final Map<String, Integer> actions = new ConcurrentHashMap<>();
    private final AtomicLong retries = new AtomicLong();
    /**
     * The functions' clock moves, each from the start of the run, after the cases settled: a day (progress updates,
     * the first evidence reminder), two (the second), eight (evidence expired after the policy's seven days, the
     * survey three days after paying), forty (closing, thirty days after settling, also for the cases expiry declined).
     */
    static final List<Duration> CLOCK_MOVES =
            List.of(Duration.ofDays(1), Duration.ofDays(2), Duration.ofDays(8), Duration.ofDays(40));

    private LocalStack stack;
    private Path clockFile;
    /** The functions' clock when send-follow-up's schedule last fired: what the audit's timing checks measure from. */
    private volatile Instant lastSweepClock;
    /** GET /figures read back after the run (requests counted against cases submitted), for the audit. */
    private Auditor.Figures figures;
    /** How long submitting the cases took (the driver acting meanwhile). */
    private Duration submitTime = Duration.ZERO;
    /** Where each clock phase starts in the SES/SNS stand-in's record: phase 0 before the first move. */
    private final List<Integer> phaseStarts = new ArrayList<>(List.of(0));

    private final Set<String> waitingForClock = ConcurrentHashMap.newKeySet();
    private DynamoDbClient directDynamo;
    private String casesTable;

    public ChaosRun(Settings settings, PrintStream out) {
        this.settings = settings;
        this.out = out;
        this.faults = new Faults(settings.seed(), settings.faultScale());
    }

    /** What {@code make chaos} runs unless told otherwise: issue 17's bar. */
    static final int DEFAULT_CASES = 10_000;

    /**
     * Calls in flight from the storefront, and from the driver's reads. A storefront's calls wait out a killed
     * process's restart (seconds); with 6 in flight the run submitted about a case a second whatever the machine
     * could do, since most of the six sat in those waits. Twelve keeps a quiet 2-core machine busy.
     */
    static final int DEFAULT_CONCURRENCY = 12;

    public static void main(String[] args) throws Exception {
        // As make run and the bench: DynamoDB Local otherwise logs every request at INFO, a line per call.
        Logging.configure();
        int cases = DEFAULT_CASES;
        long seed = System.currentTimeMillis() % 100_000;
        boolean quick = false;
        int concurrency = DEFAULT_CONCURRENCY;
        Path dir = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--cases" -> cases = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--quick" -> quick = true;
                case "--out" -> dir = Path.of(args[++i]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("usage: chaos [--cases N] [--seed S] [--concurrency C] [--quick] [--out DIR]");
                    System.exit(2);
                }
            }
        }
        if (quick) {
            cases = Math.min(cases, 120);
        }
        StackHome home = StackHome.locate();
        Path docs = dir != null ? dir : home.moduleDir().resolve("../../docs").normalize();
        Settings settings =
                new Settings(cases, seed, concurrency, Duration.ofMinutes(Math.max(5, cases / 50)), 1.0, docs);
        Outcome outcome = new ChaosRun(settings, System.out).run(home);
        System.exit(outcome.violations().isEmpty() ? 0 : 1);
    }

    /**
     * The store's default policy, with goodwill coupons among the methods of the rule whose cases a person reads
     * ({@code other}): the default allows them nowhere, so without this no case of the run would be paid by coupon and
     * the auditor's one-coupon-per-case check would never meet one.
     */
    static Path policyWithCoupons(Path repo) throws IOException {
        ObjectNode policy = (ObjectNode) JSON.readTree(
                repo.resolve("functions/src/main/resources/policy/default.json").toFile());
        for (JsonNode rule : policy.withArray("rules")) {
            if (rule.path("id").asText().equals("other")) {
                ((ObjectNode) rule)
                        .putArray("methods")
                        .add("original_payment")
                        .add("store_credit")
                        .add("goodwill_coupon");
            }
        }
        Path file = Files.createTempFile("chaos-policy", ".json");
        JSON.writeValue(file.toFile(), policy);
        return file;
    }

    public Outcome run(StackHome home) throws Exception {
        say(
                "seed %d, %d cases (rerun: make chaos CHAOS_ARGS='--cases %d --seed %d')",
                settings.seed(), settings.cases(), settings.cases(), settings.seed());
        Instant t0 = Instant.now();
        Path repo = home.moduleDir().resolve("../..").normalize();
        Options options = new Options(
                repo.resolve("infra/template.yaml"),
                repo.resolve("functions/target/function.zip"),
                0,
                null,
                Map.of(
                        "PaymentProvider",
                        "stripe",
                        "CarrierProvider",
                        "easypost",
                        "PolicyDocument",
                        policyWithCoupons(repo).toString()),
                10,
                0,
                0,
                (int) FUNCTION_TIMEOUT.plusSeconds(15).toSeconds());
        Map<String, FaultProxy> proxies = new ConcurrentHashMap<>();
        Duration providerTimeout = Duration.ofSeconds(2);
        ChaosProvider provider = new ChaosProvider(faults, providerTimeout, () -> killBusy("issue-payout"));
        ChaosCarrier carrier = new ChaosCarrier(faults, providerTimeout);
        // The functions' clock: the local stack's flag and an offset file, read by ClockProducer (never on AWS).
        clockFile = Files.createTempFile("chaos-clock", ".txt");
        Files.writeString(clockFile, "PT0S");
        stack = new LocalStack(options, home).withMinimumTimeout(FUNCTION_TIMEOUT);
        LocalStack.Interposer faulty = (service, server) -> {
            FaultProxy proxy = new FaultProxy(service, server, faults);
            proxies.put(service, proxy);
            return proxy.endpoint();
        };
        stack.interposing(faulty)
                .interposingChannels(faulty)
                .withEnvironment(Map.of(
                        "REFUNDS_PAYMENT_STRIPE_API_BASE",
                        provider.endpoint().toString(),
                        "REFUNDS_PAYMENT_STRIPE_TIMEOUT",
                        "PT" + providerTimeout.toSeconds() + "S",
                        "REFUNDS_LOCAL_STACK",
                        "true",
                        "REFUNDS_LOCAL_CLOCK_OFFSET_FILE",
                        clockFile.toString(),
                        "REFUNDS_RETURNS_EASYPOST_API_BASE",
                        carrier.endpoint().toString(),
                        "REFUNDS_RETURNS_EASYPOST_API_KEY",
                        "EZTK_chaos_local",
                        "REFUNDS_RETURNS_EASYPOST_TIMEOUT",
                        "PT" + providerTimeout.toSeconds() + "S"));
        Auditor.Result result;
        try (provider;
                carrier) {
            say("starting the local stack ...");
            stack.start();
            say("stack ready in %.1f s", stack.startup().toMillis() / 1000.0);
            String webhookSecret = stack.secrets().entrySet().stream()
                    .filter(e -> e.getKey().contains("stripe-webhook"))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElseThrow();
            provider.webhooks(stack.functionUrl("payout-webhook").resolve("stripe"), webhookSecret);
            String region = stack.endpoints().region();
            // The run's own reads go straight to the servers, past the faults.
            try (DynamoDbClient dynamo =
                            AwsClients.dynamoDb(proxies.get("dynamodb").target(), region);
                    SqsClient sqs = AwsClients.sqs(proxies.get("sqs").target(), region)) {
                directDynamo = dynamo;
                casesTable = stack.template().table("CasesTable").orElseThrow().name();
                labelsTable = stack.template()
                        .table("ReturnLabelsTable")
                        .orElseThrow()
                        .name();
                carrierSecret = stack.secrets().entrySet().stream()
                        .filter(e -> e.getKey().contains("easypost-webhook"))
                        .map(Map.Entry::getValue)
                        .findFirst()
                        .orElseThrow();
                storeSecret = stack.secrets().entrySet().stream()
                        .filter(e -> e.getKey().contains(SendStoreAnswer.SECRET))
                        .map(Map.Entry::getValue)
                        .findFirst()
                        .orElseThrow();
                List<CaseScript> scripts = CaseScript.draw(settings.seed(), settings.cases());
                String zone = daytimeZone();
                faults.arm(true);
                Thread killer = Thread.ofVirtual().start(this::killAtRandom);
                Instant submitStart = Instant.now();
                // The reviewer, the customers adding evidence late or withdrawing and the operator act while the
                // cases still arrive, as they would: so reviews, payouts and the provider's paths run under the
                // faults too, not only after them.
                Thread driver = Thread.ofVirtual().start(() -> driveWhileSubmitting(scripts));
                try {
                    submitAll(scripts, zone);
                } finally {
                    submitting = false;
                    driver.join();
                    skipWaiting = false;
                }
                submitTime = Duration.between(submitStart, Instant.now());
                say(
                        "submitted %d cases in %d s (%d refused at submit)",
                        caseIds.size(),
                        Duration.between(submitStart, Instant.now()).toSeconds(),
                        refusedAtSubmit.size());
                Instant settleDeadline = Instant.now().plus(settings.settleTimeout());
                Instant chaosEnds = Instant.now().plus(CHAOS_AFTER_SUBMIT);
                Instant disarmed = null;
                Map<Integer, JsonNode> last = Map.of();
                long lastOpen = -1;
                Instant lastProgress = Instant.now();
                int redrivenWhileSettling = 0;
                while (Instant.now().isBefore(settleDeadline)) {
                    if (disarmed == null && Instant.now().isAfter(chaosEnds)) {
                        faults.arm(false);
                        killer.interrupt();
                        disarmed = Instant.now();
                        say("faults off after %d injected; waiting for the cases to settle", faults.total());
                    }
                    last = drive(scripts);
                    long open = last.values().stream().filter(c -> !settled(c)).count();
                    say("%d of %d cases settled", last.size() - open, last.size());
                    if (open == 0 && disarmed != null) {
                        break;
                    }
                    if (open != lastOpen) {
                        lastOpen = open;
                        lastProgress = Instant.now();
                    } else if (disarmed != null && Instant.now().isAfter(lastProgress.plus(STALLED))) {
                        // The operator answers the dead-letter alarm once the faults are over, not after the settle
                        // timeout: seed 1201's 10,000 cases had 2 verifications dead-lettered (three EasyPost
                        // failures in a row) and would have waited 200 minutes for them.
                        int moved = redriveDeadLetters(sqs);
                        redrivenWhileSettling += moved;
                        lastProgress = Instant.now();
                        if (moved > 0) {
                            say(
                                    "nothing moved for %d s: %d dead letters moved back, as the runbook does",
                                    STALLED.toSeconds(), moved);
                        }
                    }
                    Thread.sleep(2000);
                }
                count("dead letters redriven while settling " + redrivenWhileSettling);
                faults.arm(false);
                killer.interrupt();
                if (disarmed == null) {
                    disarmed = Instant.now();
                }
                Duration recovery = Duration.between(
                        faults.lastInjected() == null ? disarmed : faults.lastInjected(), Instant.now());
                // The operator's step from operations.md ("Dead-letter queue not empty"): move dead letters back to
                // their queue once the cause is gone; then let them and the outbox's schedule finish.
                int redriven = redriveDeadLetters(sqs);
                count("dead letters redriven " + redriven);
                if (redriven > 0) {
                    say("%d dead letters moved back to their queues, as the runbook does", redriven);
                    Instant again = Instant.now().plus(Duration.ofMinutes(2));
                    while (Instant.now().isBefore(again)) {
                        Map<Integer, JsonNode> now = drive(scripts);
                        if (now.values().stream().allMatch(this::settled)) {
                            break;
                        }
                        Thread.sleep(2000);
                    }
                }
                // The last moves' messages are on their way: the clock moves once the queues are empty.
                waitQuiet(sqs, Duration.ofMinutes(1));
                moveTheClock(scripts, sqs);
                settleAfterTheClock(scripts, sqs);
                figures = readFigures(submitStart);
                Auditor auditor = new Auditor(
                        stack,
                        dynamo,
                        sqs,
                        provider,
                        repo.resolve("docs/lifecycle-and-policy.md"),
                        this::getCase,
                        List.copyOf(phaseStarts),
                        lastSweepClock,
                        figures);
                result = auditor.audit(scripts, caseIds, refusedAtSubmit);
                Duration took = Duration.between(t0, Instant.now());
                ChaosReport.write(
                        settings, faults, result, recovery, took, submitTime, actions, retries.get(), provider);
                say("%d violations; report in %s", result.violations().size(), settings.reportDir());
                result.violations().stream().limit(30).forEach(v -> say("  violation: %s", v));
            }
        } finally {
            stack.close();
            proxies.values().forEach(FaultProxy::close);
            Files.deleteIfExists(clockFile);
        }
        return new Outcome(result.cases(), faults.total(), result.violations());
    }

    // ------------------------------------------------------------------------------------------------ submit

    private void submitAll(List<CaseScript> scripts, String zone) throws Exception {
        Semaphore inFlight = new Semaphore(settings.concurrency());
        Instant now = Instant.now();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (CaseScript script : scripts) {
                inFlight.acquire();
                futures.add(pool.submit(() -> {
                    try {
                        submit(script, zone, now);
                    } finally {
                        inFlight.release();
                    }
                    return null;
                }));
                if (script.index() % 100 == 99) {
                    say("submitting: %d of %d", script.index() + 1, scripts.size());
                }
            }
            for (Future<?> f : futures) {
                f.get();
            }
        }
    }

    private void submit(CaseScript script, String zone, Instant now) throws Exception {
        ObjectNode body = script.body(zone, now);
        int sends = script.sentTwice() ? 2 : 1;
        for (int s = 0; s < sends; s++) {
            HttpResponse<String> response =
                    call("POST", refunds(), body, Map.of("Idempotency-Key", script.idempotencyKey()));
            if (response == null) {
                continue;
            }
            if (response.statusCode() == 201 || response.statusCode() == 200) {
                String id = JSON.readTree(response.body()).path("case_id").asText();
                scriptOf.put(id, script);
                String before = caseIds.putIfAbsent(script.index(), id);
                if (before != null && !before.equals(id)) {
                    refusedAtSubmit.put(script.index(), "VIOLATION the same key answered two cases");
                }
            } else {
                refusedAtSubmit.put(script.index(), response.statusCode() + " " + response.body());
            }
        }
        if (response(script) == null && !refusedAtSubmit.containsKey(script.index())) {
            refusedAtSubmit.put(script.index(), "VIOLATION no answer after retries");
        }
    }

    private String response(CaseScript script) {
        return caseIds.get(script.index());
    }

    // ------------------------------------------------------------------------------------------------ drive

    /**
     * Rounds of {@link #drive} while the cases are still being submitted. A case last seen waiting on something the
     * run does not do (a parcel never shipped, evidence never sent) is read every tenth round only: at 10,000 cases
     * they number in the thousands, and reading them all every two seconds starved the submits.
     */
    private void driveWhileSubmitting(List<CaseScript> scripts) {
        int round = 0;
        while (submitting) {
            try {
                skipWaiting = round++ % 10 != 0;
                drive(scripts, false);
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                // Next round.
            }
        }
    }

    /** One round over the open cases (every case when the clock moved). */
    private Map<Integer, JsonNode> drive(List<CaseScript> scripts) throws Exception {
        return drive(scripts, false);
    }

    /**
     * One round over the cases: reads each, and acts as the customer, the reviewer or the operator would. A case
     * last seen terminal is not read again unless {@code all} (after a clock move, when paid ones close): nobody
     * acts on it, and reading thousands of them every round only slows the stack the cases run on.
     */
    private Map<Integer, JsonNode> drive(List<CaseScript> scripts, boolean all) throws Exception {
        Map<Integer, JsonNode> seen = new ConcurrentHashMap<>();
        Semaphore inFlight = new Semaphore(settings.concurrency());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (CaseScript script : scripts) {
                String id = caseIds.get(script.index());
                if (id == null) {
                    continue;
                }
                JsonNode before = lastSeen.get(script.index());
                if (!all
                        && before != null
                        && (TERMINAL.contains(before.path("status").asText()) || (skipWaiting && settled(before)))) {
                    seen.put(script.index(), before);
                    continue;
                }
                inFlight.acquire();
                pool.execute(() -> {
                    try {
                        JsonNode c = getCase(id, false);
                        if (c != null) {
                            seen.put(script.index(), act(script, id, c));
                            lastSeen.put(script.index(), c);
                        }
                    } catch (Exception e) {
                        // Read again next round.
                    } finally {
                        inFlight.release();
                    }
                });
            }
        }
        return seen;
    }

    /** Whether this round of {@link #drive} passes over cases last seen waiting (see driveWhileSubmitting). */
    private volatile boolean skipWaiting;

    /** Each case as the driver last read it. */
    private final Map<Integer, JsonNode> lastSeen = new ConcurrentHashMap<>();

    private volatile boolean submitting = true;
    private final Map<String, Integer> retriedPayouts = new ConcurrentHashMap<>();
    private final Set<String> evidenced = ConcurrentHashMap.newKeySet();
    private final Set<String> withdrawn = ConcurrentHashMap.newKeySet();
    private final Set<String> shipped = ConcurrentHashMap.newKeySet();
    private final Set<String> inspected = ConcurrentHashMap.newKeySet();
    private final Set<String> storeAnswered = ConcurrentHashMap.newKeySet();
    private String storeSecret;
    private String labelsTable;
    private String carrierSecret;

    private JsonNode act(CaseScript script, String id, JsonNode c) throws Exception {
        String status = c.path("status").asText();
        if (script.index() % 11 == 5 && !TERMINAL.contains(status) && withdrawn.add(id)) {
            // The customer changes their mind at whatever point the case has reached: refused once money moves.
            HttpResponse<String> r = call(
                    "POST",
                    URI.create(refunds() + "/" + id + "/withdraw"),
                    JSON.createObjectNode().put("note", "chaos withdrawal"),
                    Map.of());
            count("withdraw in " + status + " " + (r == null ? "no answer" : r.statusCode()));
            return c;
        }
        switch (status) {
            case "needs_evidence" -> {
                if (script.neverSendsEvidence()) {
                    waitingForClock.add(id); // reminded, then declined when the clock moves past the expiry
                } else if (evidenced.add(id)) {
                    HttpResponse<String> r =
                            call("POST", URI.create(refunds() + "/" + id + "/evidence"), script.evidence(), Map.of());
                    count("evidence added late " + (r == null ? "no answer" : r.statusCode()));
                    if (r == null || r.statusCode() >= 500) {
                        evidenced.remove(id);
                    }
                }
            }
            case "in_review" -> {
                ObjectNode decision = JSON.createObjectNode();
                boolean approve = script.index() % 5 != 0;
                if (approve) {
                    decision.put("action", "approve");
                    decision.put("amount", c.path("requested_amount").asLong());
                    decision.put(
                            "method",
                            script.method().equals("goodwill_coupon") ? "goodwill_coupon" : "original_payment");
                } else {
                    decision.put("action", "decline");
                    decision.put("decline_code", "other");
                    decision.put("explanation", "scripted reviewer declines every fifth case");
                }
                HttpResponse<String> r = asReviewer("POST", review("cases/" + id + "/decisions"), decision);
                count("review " + decision.path("action").asText() + " " + (r == null ? "no answer" : r.statusCode()));
                if (r != null && r.statusCode() == 422 && approve) {
                    decision.put("method", "store_credit");
                    r = asReviewer("POST", review("cases/" + id + "/decisions"), decision);
                    count("review approve as store credit " + (r == null ? "no answer" : r.statusCode()));
                }
                if (r != null && r.statusCode() == 422 && approve) {
                    // Nothing the reviewer may approve (the order has no share left, or no method fits): decline.
                    ObjectNode decline = JSON.createObjectNode()
                            .put("action", "decline")
                            .put("decline_code", "already_refunded")
                            .put("explanation", "the approval was refused: " + r.body());
                    r = asReviewer("POST", review("cases/" + id + "/decisions"), decline);
                    count("review decline after a refused approval " + (r == null ? "no answer" : r.statusCode()));
                }
            }
            case "awaiting_return" -> {
                if (!script.neverShipsReturn() && shipped.add(id) && !shipReturn(id)) {
                    shipped.remove(id);
                }
            }
            case "return_received" -> {
                if (inspected.add(id)) {
                    HttpResponse<String> r =
                            asReviewer("POST", review("cases/" + id + "/inspections"), inspection(script));
                    count("inspection " + (r == null ? "no answer" : r.statusCode()));
                    if (r == null || r.statusCode() >= 500) {
                        inspected.remove(id);
                    }
                }
            }
            case "replacement_pending" -> {
                if (storeAnswered.add(id) && !storeAnswers(script, id)) {
                    storeAnswered.remove(id);
                }
            }
            case "payout_failed" -> {
                if (retriedPayouts.merge(id, 1, Integer::sum) == 1) {
                    HttpResponse<String> r =
                            asReviewer("POST", review("cases/" + id + "/payout-retries"), JSON.createObjectNode());
                    count("payout retry " + (r == null ? "no answer" : r.statusCode()));
                    if (r == null || r.statusCode() >= 500) {
                        retriedPayouts.remove(id);
                    }
                }
            }
            default -> {}
        }
        return c;
    }

    /**
     * The customer ships the return: the carrier reports the parcel (EasyPost's signed {@code tracker.updated} for the
     * label's tracking code) in transit, then delivered; sometimes delivered twice, without the in-transit scan, or
     * with a stale in-transit event after the delivery. False when there is no label yet or an event went unanswered.
     */
    private boolean shipReturn(String id) throws InterruptedException {
        Map<String, AttributeValue> label;
        try {
            label = directDynamo
                    .getItem(g -> g.tableName(labelsTable)
                            .key(Map.of("label_key", AttributeValue.fromS("case#" + id)))
                            .consistentRead(true))
                    .item();
        } catch (RuntimeException e) {
            return false;
        }
        if (label == null || !label.containsKey("tracking_code")) {
            return false;
        }
        String tracking = label.get("tracking_code").s();
        List<String> events = new ArrayList<>();
        if (!faults.roll(Kind.PARCEL_NO_TRANSIT_SCAN)) {
            events.add("in_transit");
        }
        events.add("delivered");
        if (faults.roll(Kind.PARCEL_DUPLICATE)) {
            events.add("delivered");
        }
        if (faults.roll(Kind.PARCEL_OUT_OF_ORDER)) {
            events.add("in_transit");
        }
        boolean all = true;
        for (String status : events) {
            String event = SendParcelEvent.event(tracking, status);
            Map<String, String> headers;
            try {
                headers = Map.of("X-Hmac-Signature", "hmac-sha256-hex=" + SendParcelEvent.hmac(event, carrierSecret));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            HttpResponse<String> r =
                    callRaw("POST", stack.functionUrl("carrier-webhook").resolve("easypost"), event, headers);
            count("carrier event " + status + " " + (r == null ? "no answer" : r.statusCode()));
            all &= r != null && r.statusCode() == 200;
        }
        return all;
    }

    /**
     * The store answers a replacement request (ADR 0034) as its order system would: shipped, or (every seventh case)
     * out of stock, which falls back to the rule's next resolution. False when the answer went unanswered.
     */
    private boolean storeAnswers(CaseScript script, String id) throws InterruptedException {
        String body = SendStoreAnswer.answer(id, script.index() % 7 == 3 ? "out_of_stock" : "shipped");
        long at = Instant.now().getEpochSecond();
        Map<String, String> headers;
        try {
            headers =
                    Map.of("Store-Signature", "t=" + at + ",v1=" + SendStoreAnswer.hmac(at + "." + body, storeSecret));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        HttpResponse<String> r =
                callRaw("POST", stack.functionUrl("carrier-webhook").resolve("store"), body, headers);
        count("store answer " + (body.contains("out_of_stock") ? "out_of_stock " : "shipped ")
                + (r == null ? "no answer" : r.statusCode()));
        return r != null && r.statusCode() == 200;
    }

    /** The scripted reviewer inspects a returned parcel: all units resalable, or (every fourth case) all damaged. */
    private static ObjectNode inspection(CaseScript script) {
        ObjectNode body = JSON.createObjectNode();
        boolean damaged = script.index() % 4 == 1;
        body.putArray("lines")
                .addObject()
                .put("sku", script.sku())
                .put("received", script.requestedUnits())
                .put("condition", damaged ? "damaged" : "resalable")
                .put("disposition", damaged ? "dispose" : "restock");
        body.put("note", "chaos inspection");
        return body;
    }

    /** Whether the case is where it stays: terminal, or waiting on something the run does not do. */
    boolean settled(JsonNode c) {
        String status = c.path("status").asText();
        return TERMINAL.contains(status)
                || (WAITING.containsKey(status) && !driven(status, c))
                || (status.equals("needs_evidence")
                        && waitingForClock.contains(c.path("case_id").asText()))
                || (status.equals("payout_failed")
                        && retriedPayouts.containsKey(c.path("case_id").asText())
                        && c.path("payout").path("attempt").asInt() > 1);
    }

    /** Whether the driver still has something to do for a case waiting in {@code status}: a return it ships. */
    private boolean driven(String status, JsonNode c) {
        String id = c.path("case_id").asText();
        return switch (status) {
            // A hold the functions' clock has passed has its re-check due (within SQS's 15-minute delay), and the
            // reviewer then decides: a run that stopped before it audited a case moving under it (seed 1201, 2,000).
            case "on_hold" -> holdEnded(c, Instant.now().plus(clockOffset));
            case "awaiting_return" -> shippedOrDue(id);
            case "return_in_transit", "return_received", "replacement_pending" -> true;
            default -> false;
        };
    }

    /** Whether an on-hold case's hold ended by {@code clock} (null: not known, so not ended). */
    static boolean holdEnded(JsonNode c, Instant clock) {
        String until = c.path("decision").path("hold_until").asText(null);
        return until != null && clock != null && !clock.isBefore(Instant.parse(until));
    }

    private boolean shippedOrDue(String id) {
        CaseScript script = scriptOf.get(id);
        return script != null && !script.neverShipsReturn();
    }

    /**
     * Moves the functions' clock ahead step by step (the offset file ClockProducer reads on the local stack), fires
     * send-follow-up's schedule after each move as EventBridge Scheduler would, and lets the driver act on what moved
     * (a case the expiry declined, say). Each move starts a new phase of the customers' messages for the daily cap.
     */
    private void moveTheClock(List<CaseScript> scripts, SqsClient sqs) throws Exception {
        LocalFunction followUp = stack.functions().stream()
                .filter(f -> f.name().equals("send-follow-up"))
                .findFirst()
                .orElseThrow();
        int rounds = 1 + settings.cases() / 150;
        for (Duration offset : CLOCK_MOVES) {
            phaseStarts.add(stack.customerMessages().size());
            Files.writeString(clockFile, offset.toString());
            faults.injected(Kind.CLOCK_MOVED);
            Thread.sleep(1500); // the functions read the file again after half a second
            say(
                    "clock moved %s ahead; firing the schedule until a sweep finds nothing (at most %d times)",
                    offset, rounds);
            clockOffset = offset;
            int round = 0;
            while (round < rounds && fireSchedule(followUp, offset + "-" + round, "after a clock move")) {
                round++;
            }
            say("%d sweeps did something", round);
            drive(scripts, true);
            // What the driver did goes through before the next move, so each phase's messages stay in their phase.
            waitQuiet(sqs, Duration.ofMinutes(1));
        }
    }

    /** Waits until {@link #quiet} (at most {@code limit}), instead of a fixed sleep. */
    private void waitQuiet(SqsClient sqs, Duration limit) throws InterruptedException {
        Instant giveUp = Instant.now().plus(limit);
        while (Instant.now().isBefore(giveUp) && !quiet(sqs)) {
            Thread.sleep(500);
        }
    }

    private Duration clockOffset = Duration.ZERO;

    /**
     * After the last clock move the driver goes on acting (a case the expiry declined, evidence that moved a case to
     * review, a payout that failed in the last phase) until nothing it can act on is left, every queue is empty and no
     * function is at work; then the schedule fires (half an hour later each time, so that sends SES or SNS refused
     * and the outbox put off come due) until two rounds in a row find nothing more to do. No fixed sleeps: on a quiet
     * stack this takes seconds, on a loaded one as long as the pipeline needs (at most the settle timeout).
     */
    private void settleAfterTheClock(List<CaseScript> scripts, SqsClient sqs) throws Exception {
        LocalFunction followUp = stack.functions().stream()
                .filter(f -> f.name().equals("send-follow-up"))
                .findFirst()
                .orElseThrow();
        Instant deadline = Instant.now().plus(settings.settleTimeout());
        int quietRounds = 0;
        int fired = 0;
        Instant stalledSince = null;
        while (Instant.now().isBefore(deadline) && quietRounds < 2) {
            Map<Integer, JsonNode> seen = drive(scripts, false);
            boolean settled = seen.values().stream().allMatch(this::settled);
            if (!settled && quiet(sqs)) {
                // Nothing at work and a case still open: its message is dead-lettered (seed 1201's run at 4da1f0b:
                // four payouts pending at the provider, whose webhooks the moved clock refuses as stale). The
                // operator redrives, as before the clock; without it the run waited out its 200-minute settle.
                stalledSince = stalledSince == null ? Instant.now() : stalledSince;
                if (Instant.now().isAfter(stalledSince.plus(STALLED))) {
                    int moved = redriveDeadLetters(sqs);
                    count("dead letters redriven after the clock " + moved);
                    say(
                            "nothing moved for %d s after the clock: %d dead letters moved back",
                            STALLED.toSeconds(), moved);
                    stalledSince = null;
                }
            } else {
                stalledSince = null;
            }
            if (settled && quiet(sqs)) {
                int before = stack.customerMessages().size();
                clockOffset = clockOffset.plus(Duration.ofMinutes(30));
                Files.writeString(clockFile, clockOffset.toString());
                Thread.sleep(600); // the functions read the file again after half a second
                fireSchedule(followUp, "settle-" + fired++, "while settling");
                // Quiet first: what a sweep still at work sends counts in this round.
                boolean nothingMore = quiet(sqs) && stack.customerMessages().size() == before;
                quietRounds = nothingMore ? quietRounds + 1 : 0;
            } else {
                quietRounds = 0;
                Thread.sleep(1000);
            }
        }
        say("settled after the clock: %d schedule rounds, %s", fired, quietRounds >= 2 ? "quiet" : "settle timeout");
    }

    /**
     * Fires send-follow-up's schedule as EventBridge Scheduler would, at the functions' clock. Whether the sweep did
     * anything (its report, which send-follow-up returns): true also when it failed or said nothing readable.
     */
    private boolean fireSchedule(LocalFunction followUp, String id, String when) {
        ObjectNode event = JSON.createObjectNode()
                .put("version", "0")
                .put("id", "chaos-" + id)
                .put("detail-type", "Scheduled Event")
                .put("source", "aws.scheduler")
                .put("time", Instant.now().plus(clockOffset).toString());
        event.putObject("detail");
        var result = followUp.invoke(event.toString().getBytes(StandardCharsets.UTF_8), Duration.ofMinutes(2));
        lastSweepClock = Instant.now().plus(clockOffset);
        count("schedule fired " + when + (result.isError() ? ", failed" : ""));
        if (result.isError()) {
            return true;
        }
        try {
            // {"alerts":0,"progress_updates":0,...,"waiting":0,"closed":0}: anything done but messages left waiting.
            JsonNode report = JSON.readTree(result.payload());
            if (!report.has("closed")) {
                return true;
            }
            int done = 0;
            for (var field : report.properties()) {
                done += field.getKey().equals("waiting") ? 0 : field.getValue().asInt();
            }
            return done > 0;
        } catch (java.io.IOException | RuntimeException e) {
            return true;
        }
    }

    /** No message in any queue (visible or in flight; delayed re-checks wait) and no function process at work. */
    private boolean quiet(SqsClient sqs) throws InterruptedException {
        for (var q : stack.template().queues()) {
            if (q.name().endsWith("-dlq")) {
                continue;
            }
            Map<String, String> a = sqs.getQueueAttributes(r -> r.queueUrl(q.url())
                            // Not the delayed ones: an on-hold case's re-check waits up to 15 minutes in the
                            // queue, as it should (seed 2026's run waited out its settle timeout on them).
                            .attributeNamesWithStrings(
                                    "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"))
                    .attributesAsStrings();
            for (String v : a.values()) {
                if (!"0".equals(v)) {
                    return false;
                }
            }
        }
        return functionsIdle(FUNCTIONS_IDLE_WAIT);
    }

    /**
     * Waits up to {@code wait} for every function process to finish what it is doing. The stack's own schedule fires
     * send-follow-up whenever the moved clock passes its rate, and at 10,000 cases its sweep pages the open cases for
     * seconds: a one-look check met it at work after every move and never saw two quiet rounds (seed 1201's third
     * 10,000-case run fired 20 quiet sweeps in a row, on its way to a 200-minute settle timeout, and was stopped).
     */
    private boolean functionsIdle(Duration wait) throws InterruptedException {
        Instant giveUp = Instant.now().plus(wait);
        while (stack.functions().stream().anyMatch(LocalFunction::busy)) {
            if (Instant.now().isAfter(giveUp)) {
                return false;
            }
            Thread.sleep(200);
        }
        return true;
    }

    /**
     * The figures as a finance reviewer reads them (GET /figures by reason over the days the cases were made), once
     * tally-figures has caught up with the cases stream: read again until two reads agree, at most three minutes.
     */
    private Auditor.Figures readFigures(Instant submitStart) throws Exception {
        String from = submitStart
                .minus(Duration.ofDays(2))
                .atZone(ZoneOffset.UTC)
                .toLocalDate()
                .toString();
        String to = Instant.now()
                .plus(Duration.ofDays(2))
                .atZone(ZoneOffset.UTC)
                .toLocalDate()
                .toString();
        Instant giveUp = Instant.now().plus(Duration.ofMinutes(3));
        long previous = -1;
        Auditor.Figures read = new Auditor.Figures(-1, "not read");
        while (Instant.now().isBefore(giveUp)) {
            HttpResponse<String> r =
                    asReviewer("GET", review("figures?from=" + from + "&to=" + to + "&by=reason"), null);
            if (r == null || r.statusCode() != 200) {
                read = new Auditor.Figures(-1, r == null ? "no answer" : r.statusCode() + " " + r.body());
            } else {
                long requests = 0;
                for (JsonNode row : JSON.readTree(r.body()).path("rows")) {
                    requests += row.path("requests").asLong();
                }
                read = new Auditor.Figures(requests, "GET /figures?from=" + from + "&to=" + to + "&by=reason");
                boolean busy = stack.functions().stream().anyMatch(f -> f.name().equals("tally-figures") && f.busy());
                if (requests == previous && !busy) {
                    break;
                }
                previous = requests;
            }
            Thread.sleep(3000);
        }
        say("figures: %d requests counted, %d cases submitted", read.requests(), caseIds.size());
        return read;
    }

    /** Moves every dead letter back to the queue it came from (start-message-move-task, done by hand here). */
    private int redriveDeadLetters(SqsClient sqs) {
        int moved = 0;
        for (var q : stack.template().queues()) {
            if (!q.name().endsWith("-dlq")) {
                continue;
            }
            String source = stack.template().queues().stream()
                    .filter(s -> s.name().equals(q.name().substring(0, q.name().length() - 4)))
                    .map(s -> s.url())
                    .findFirst()
                    .orElse(null);
            if (source == null) {
                continue;
            }
            for (int i = 0; i < 1000; i++) {
                var batch = sqs.receiveMessage(
                                r -> r.queueUrl(q.url()).maxNumberOfMessages(10).waitTimeSeconds(0))
                        .messages();
                if (batch.isEmpty()) {
                    break;
                }
                for (var m : batch) {
                    sqs.sendMessage(r -> r.queueUrl(source).messageBody(m.body()));
                    sqs.deleteMessage(r -> r.queueUrl(q.url()).receiptHandle(m.receiptHandle()));
                    moved++;
                }
            }
        }
        return moved;
    }

    private void count(String action) {
        actions.merge(action, 1, Integer::sum);
    }

    /**
     * The case as the cases table holds it, read straight from DynamoDB (past the faults, and without asking a
     * function that a loaded machine makes slow): status, payout, items and timeline in the API's field names.
     */
    JsonNode getCase(String id) {
        return getCase(id, true);
    }

    /** The case; its request's items (a second read) only when {@code withItems}: the audit needs them, the driver not. */
    private JsonNode getCase(String id, boolean withItems) {
        try {
            Map<String, AttributeValue> item = directDynamo
                    .getItem(g -> g.tableName(casesTable)
                            .key(Map.of("case_id", AttributeValue.fromS(id)))
                            .consistentRead(true))
                    .item();
            if (item == null || item.isEmpty()) {
                return null;
            }
            ObjectNode c = JSON.createObjectNode();
            c.put("case_id", id);
            c.put("status", item.get("status").s());
            c.put(
                    "requested_amount",
                    Long.parseLong(item.get("requested_amount").n()));
            if (item.containsKey("payout")) {
                c.set("payout", JSON.readTree(item.get("payout").s()));
            }
            // The request is in the case item, or (since the item redesign) in an item of its own beside it.
            Map<String, AttributeValue> request = item.containsKey("request") || !withItems
                    ? item
                    : directDynamo
                            .getItem(g -> g.tableName(casesTable)
                                    .key(Map.of("case_id", AttributeValue.fromS(id + "#request")))
                                    .consistentRead(true))
                            .item();
            if (request != null && request.containsKey("request")) {
                c.set("items", JSON.readTree(request.get("request").s()).path("items"));
            }
            var timeline = c.putArray("timeline");
            for (Map<String, String> e : com.refundpipeline.localstack.aws.CaseTimeline.events(item)) {
                ObjectNode event = timeline.addObject();
                e.forEach(event::put);
            }
            return c;
        } catch (Exception e) {
            return null;
        }
    }

    /**
     * One call, retried on 5xx and lost connections (a killed process, a throttled table) with the same body and
     * headers (so the same Idempotency-Key), as a storefront's job queue retries: backing off from half a second to
     * {@link #RETRY_BACKOFF_CAP}, with jitter, for up to {@link #RETRY_BUDGET}. Null when that budget ran out.
     */
    private HttpResponse<String> call(String method, URI uri, JsonNode body, Map<String, String> headers)
            throws InterruptedException {
        return callRaw(method, uri, body == null ? null : body.toString(), headers);
    }

    private HttpResponse<String> callRaw(String method, URI uri, String body, Map<String, String> headers)
            throws InterruptedException {
        Instant giveUp = Instant.now().plus(RETRY_BUDGET);
        long backoff = 500;
        while (true) {
            try {
                // The stack's function URL waits up to 60 s for a process to take the request, then its timeout.
                HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                        .timeout(FUNCTION_TIMEOUT.plusSeconds(70))
                        .method(
                                method,
                                body == null
                                        ? HttpRequest.BodyPublishers.noBody()
                                        : HttpRequest.BodyPublishers.ofString(body));
                if (body != null) {
                    request.header("Content-Type", "application/json");
                }
                headers.forEach(request::header);
                HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() < 500) {
                    return response;
                }
            } catch (java.io.IOException e) {
                // Tried again.
            }
            retries.incrementAndGet();
            long pause = backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1);
            if (Instant.now().plusMillis(pause).isAfter(giveUp)) {
                return null;
            }
            Thread.sleep(pause);
            backoff = Math.min(backoff * 2, RETRY_BACKOFF_CAP.toMillis());
        }
    }

    private volatile String reviewerToken;

    /**
     * A call to review-case as the scripted reviewer. A sign-in lasts an hour and a 10,000-case run longer: turned away
     * (401, the token expired), the reviewer signs in again and tries once more, as a person in the console does.
     */
    private HttpResponse<String> asReviewer(String method, URI uri, JsonNode body) throws InterruptedException {
        String token = reviewerToken;
        HttpResponse<String> r = call(method, uri, body, reviewer());
        if (r != null && r.statusCode() == 401) {
            synchronized (this) {
                if (Objects.equals(reviewerToken, token)) {
                    reviewerToken = null; // one new sign-in for every worker turned away with the same token
                }
            }
            count("reviewer signed in again after a 401");
            r = call(method, uri, body, reviewer());
        }
        return r;
    }

    /** The scripted reviewer signs in as a person does, with the stack's LOCAL sign-in (review-case checks the JWT). */
    private synchronized Map<String, String> reviewer() throws InterruptedException {
        if (reviewerToken == null) {
            ObjectNode person = JSON.createObjectNode().put("person", REVIEWER);
            HttpResponse<String> r = call(
                    "POST",
                    URI.create("http://localhost:" + stack.port() + "/console/local-sign-in/token"),
                    person,
                    Map.of());
            try {
                reviewerToken = r == null
                        ? ""
                        : JSON.readTree(r.body()).path("id_token").asText("");
            } catch (java.io.IOException e) {
                reviewerToken = "";
            }
        }
        return Map.of("Authorization", "Bearer " + reviewerToken);
    }

    private URI refunds() {
        return stack.functionUrl("submit-refund").resolve("refunds");
    }

    private URI review(String path) {
        return stack.functionUrl("review-case").resolve(path);
    }

    // ------------------------------------------------------------------------------------------------ kills

    private void killAtRandom() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(1000);
                if (faults.armed() && faults.roll(Kind.TALLY_KILLED)) {
                    // The cases stream's consumer: its batch is retried from the stream (bisected on failure).
                    stack.functions().stream()
                            .filter(f -> f.name().equals("tally-figures"))
                            .forEach(f -> {
                                long pid = f.busyPid();
                                if (pid > 0) {
                                    ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                                    count("killed tally-figures");
                                }
                            });
                }
                if (faults.armed() && faults.roll(Kind.PROCESS_KILLED)) {
                    // Mid-invocation: only a process at work is killed (a restart takes seconds on a loaded machine).
                    List<LocalFunction> busy = stack.functions().stream()
                            .filter(LocalFunction::busy)
                            .toList();
                    if (!busy.isEmpty()) {
                        LocalFunction victim = busy.get(faults.nextInt(busy.size()));
                        long pid = victim.busyPid();
                        if (pid > 0) {
                            ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                            count("killed " + victim.name());
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            // The run is over.
        }
    }

    private void killBusy(String function) {
        stack.functions().stream().filter(f -> f.name().equals(function)).forEach(f -> {
            long pid = f.busyPid();
            if (pid > 0) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
                count("killed " + function + " after the provider paid");
            }
        });
    }

    /** A fixed-offset zone where it is day now, so customer messages are not held for quiet hours. */
    static String daytimeZone() {
        for (int offset = 0; offset <= 12; offset++) {
            for (int sign : new int[] {1, -1}) {
                String id = offset == 0 ? "UTC" : "Etc/GMT" + (sign > 0 ? "-" : "+") + offset;
                int hour = LocalTime.now(ZoneId.of(id)).getHour();
                if (hour >= 10 && hour <= 16) {
                    return id;
                }
            }
        }
        return "UTC";
    }

    @FormatMethod
    private void say(String format, Object... args) {
        out.printf(
                "%s chaos: %s%n",
                LocalTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS), String.format(format, args));
    }
}
