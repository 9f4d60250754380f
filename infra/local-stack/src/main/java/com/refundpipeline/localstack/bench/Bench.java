package com.refundpipeline.localstack.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.refundpipeline.localstack.Logging;
import com.refundpipeline.localstack.StackHome;
import com.refundpipeline.localstack.lambda.LocalFunction;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code make bench}: the local stack on free ports, with a counting proxy in front of DynamoDB Local and ElasticMQ,
 * driven over its function URL. Finds what submit sustains ({@link CapacitySearch}) and measures submit latency at
 * fractions of it, open loop ({@link OpenLoop}); runs a batch of cases end to end ({@link EndToEnd}: submit to paid,
 * throughput, queue depths, memory); makes the same DynamoDB and SQS calls with a minimal client ({@link Floor});
 * counts calls per case and per function against the budget ({@link CallBudget}), cold starts, and what 1,000 refunds
 * would cost on AWS ({@link CostModel}); reads the month's figures back through review-case ({@link FiguresReadBack}). Writes result.json and result.md under infra/local-stack/target/bench and
 * the same to docs/benchmarks.md (+ .json, .png) with the machine, commit and date ({@link DocsReport}), and prints
 * the tables.
 */
public final class Bench {

    /** The share of the end-to-end capacity found at which submit to paid is measured (issue 13). */
    static final double END_TO_END_FRACTION = 0.5;

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final Settings settings;
    private final Progress progress;
    private final Map<String, Object> result = new LinkedHashMap<>();
    private final BenchStack rig;

    Bench(Settings settings, PrintStream console) {
        this.settings = settings;
        this.progress = new Progress(console);
        this.rig = new BenchStack(progress);
    }

    public static void main(String[] args) throws Exception {
        StackHome home = StackHome.locate();
        Settings settings = Settings.parse(
                args,
                home.moduleDir().resolve("target/bench"),
                home.moduleDir().resolve("../../docs").normalize());
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
        rig.start(home, settings.submitInstances());
        OpenLoop openLoop = new OpenLoop(rig.refunds());

        result.put("machine", Machine.describe());
        Map<String, Object> settingsUsed = new LinkedHashMap<>();
        settingsUsed.put(
                "rates",
                settings.findsCapacity()
                        ? "fractions " + Settings.FRACTIONS + " of the capacity found"
                        : settings.rates());
        settingsUsed.put("seconds_per_rate", settings.secondsPerRate());
        settingsUsed.put("cases", settings.cases());
        settingsUsed.put("case_rate", settings.caseRate());
        settingsUsed.put("floor_workers", settings.floorWorkers());
        settingsUsed.put("submit_instances", settings.submitInstances());
        result.put("settings", settingsUsed);
        Instant startedAt = Instant.now();
        result.put("started_at", startedAt.toString());
        result.put("stack_startup_ms", rig.stack().startup().toMillis());

        Map<String, Map<String, Object>> cold = coldStarts(openLoop);
        result.put("cold_start", cold);
        progress.say("warming up: 100 cases at 25/s");
        openLoop.run(25, 100, new ConcurrentHashMap<>());
        rig.awaitIdle(Duration.ofMinutes(2));

        List<Integer> rates = settings.rates();
        List<Double> fractions = null;
        // Submit is measured alone: on Lambda the consumers of its cases run on CPUs of their own, here they would
        // take this machine's two from it. Their messages and stream records wait, and are purged below.
        rig.stack().eventSourceMappingsEnabled(false);
        if (settings.findsCapacity()) {
            Map<String, Object> capacity = CapacitySearch.of(openLoop, rig, progress, settings.secondsPerRate())
                    .run();
            result.put("submit_capacity", capacity);
            int found = ((Number) capacity.get("capacity_per_s")).intValue();
            progress.say("submit capacity: %d req/s", found);
            fractions = Settings.FRACTIONS;
            rates = fractions.stream()
                    .map(f -> (int) Math.max(1, Math.round(f * found)))
                    .toList();
        }
        List<Map<String, Object>> latency = new ArrayList<>();
        double sustainedSubmits = 0;
        for (int k = 0; k < rates.size(); k++) {
            int rate = rates.get(k);
            progress.say("submit latency at %d req/s for %d s", rate, settings.secondsPerRate());
            Map<String, Object> run = openLoop.run(rate, rate * settings.secondsPerRate(), new ConcurrentHashMap<>())
                    .toMap(rate);
            if (fractions != null) {
                run.put("of_capacity", fractions.get(k));
            }
            latency.add(run);
            if (((Number) run.get("errors")).intValue() == 0) {
                sustainedSubmits = Math.max(sustainedSubmits, ((Number) run.get("answered_per_s")).doubleValue());
            }
        }
        result.put("submit_latency", latency);
        // Those cases are not measured further: their messages are dropped, so that the end-to-end run starts on
        // empty queues instead of behind minutes of backlog.
        progress.say("purging the queues of those cases");
        for (int i = 0; i < 10 && !rig.idleWithin(Duration.ofSeconds(3)); i++) {
            rig.purgeQueues();
        }
        rig.stack().eventSourceMappingsEnabled(true);

        // Unless told, the end-to-end run offers what submit answered without errors (at most 100/s): offered
        // faster than that, requests only wait in front of submit and time out, which measures nothing new.
        int caseRate = settings.caseRate() > 0
                ? settings.caseRate()
                : (int) Math.max(5, Math.min(100, Math.floor(sustainedSubmits * 0.9)));
        // ...and no more cases than that rate submits in 90 s, to stay within ten minutes on a slow machine.
        int cases = settings.caseRate() > 0 ? settings.cases() : Math.min(settings.cases(), caseRate * 90);
        Floor floor = new Floor(rig, settings.floorWorkers(), progress);
        EndToEnd endToEnd = new EndToEnd(rig, openLoop, floor, progress, cold);
        // Offered faster than the pipeline pays, this run finds its capacity (what it pays per second once full),
        // with a JFR profile of every function under that load; its calls are counted and priced.
        Map<String, Object> e2e =
                endToEnd.run(cases, caseRate, true, new Profiles(settings.out().resolve("jfr"), progress));
        result.put("end_to_end", e2e);
        // Then submit to paid at half that capacity, as the target asks (at the capacity itself the queues
        // only grow, and the time to paid with them): at most 50 %, at least one case a second.
        double capacity = ((Number) e2e.get("paid_per_s_once_full")).doubleValue();
        // In tenths of a case per second, rounded down: at most the fraction, never above it.
        double halfRate = Math.max(0.1, Math.floor(capacity * END_TO_END_FRACTION * 10) / 10);
        int halfCases = (int) Math.max(10, Math.min(settings.cases(), halfRate * settings.secondsPerRate() * 10));
        for (int i = 0; i < 10 && !rig.idleWithin(Duration.ofSeconds(3)); i++) {
            rig.purgeQueues();
        }
        progress.say(
                "end to end at %.0f %% of its capacity (%.2f cases/s): %s/s",
                END_TO_END_FRACTION * 100, capacity, halfRate);
        Map<String, Object> atHalf = endToEnd.run(halfCases, halfRate, false, null);
        atHalf.put("of_capacity", END_TO_END_FRACTION);
        atHalf.put("capacity_cases_per_s", capacity);
        result.put("end_to_end_at_half_capacity", atHalf);
        try {
            int resent = openLoop.resendUnanswered();
            progress.say("figures: %d case(s) whose first answer was lost found by resending their request", resent);
            Map<String, Object> figures =
                    new LinkedHashMap<>(new FiguresReadBack(rig, progress).run(startedAt, openLoop.acceptedSoFar()));
            figures.put("cases_found_by_resending", resent);
            result.put("figures", figures);
        } catch (Exception e) {
            progress.say("figures: not read: %s", e);
            result.put("figures", Map.of("error", e.toString(), "cases_submitted", openLoop.acceptedSoFar()));
        }
        result.put("finished_at", Instant.now().toString());
        Report report = new Report(result);
        Files.writeString(settings.out().resolve("result.json"), JSON.writeValueAsString(result));
        String markdown = report.markdown();
        Files.writeString(settings.out().resolve("result.md"), markdown);
        try {
            System.setProperty("java.awt.headless", "true");
            Chart.write(result, settings.out().resolve("result.png"));
        } catch (Exception | Error e) {
            progress.say("no chart: %s", e);
        }
        if (settings.docs() != null) {
            Path repo = home.moduleDir().resolve("../..").normalize();
            DocsReport.write(
                    settings.docs(),
                    repo,
                    result,
                    markdown,
                    settings.out().resolve("result.json"),
                    settings.out().resolve("result.png"));
        }
        PrintStream console = progress.console();
        console.println();
        console.println(markdown);
        console.println("written: " + settings.out().resolve("result.json") + ", "
                + settings.out().resolve("result.md")
                + ", " + settings.out().resolve("result.png")
                + (settings.docs() == null
                        ? ""
                        : " and " + settings.docs().resolve("benchmarks.md") + " (+ .json, .png)"));
    }

    /** One case through the idle stack right after startup: each one's init plus its first invocation. */
    private Map<String, Map<String, Object>> coldStarts(OpenLoop openLoop) throws Exception {
        progress.say("cold starts: one case through the idle stack");
        openLoop.run(1, 1, new ConcurrentHashMap<>());
        rig.awaitIdle(Duration.ofMinutes(2));
        Map<String, Map<String, Object>> cold = new LinkedHashMap<>();
        for (LocalFunction f : rig.functions()) {
            Duration init = f.ready().getNow(null);
            Duration first = f.usage().firstInvocation();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("init_ms", init == null ? null : init.toMillis());
            m.put("first_invocation_ms", first == null ? null : first.toMillis());
            m.put(
                    "cold_start_ms",
                    init == null || first == null ? null : init.plus(first).toMillis());
            m.put("memory_mb", f.spec().memorySize());
            cold.put(f.name(), m);
        }
        return cold;
    }

    void close() {
        rig.close();
    }
}
