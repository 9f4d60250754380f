package com.refundpipeline.localstack.bench;

import java.util.List;
import java.util.Map;

/** The bench's result as Markdown tables: what the README's "Benchmarks" section carries. */
final class Report {

    private final Map<String, Object> result;
    private final StringBuilder md = new StringBuilder();

    Report(Map<String, Object> result) {
        this.result = result;
    }

    String markdown() {
        Map<String, Object> machine = map(result.get("machine"));
        line(
                "Machine: %s, %s CPUs, %s GB, %s; %s. Load average at start: %s. Run %s.",
                machine.get("cpu"),
                machine.get("cpus"),
                machine.get("memory_gb"),
                machine.get("os"),
                machine.get("java"),
                machine.get("load_average_at_start"),
                result.get("started_at"));
        line("");
        submitLatency();
        Map<String, Object> e2e = map(result.get("end_to_end"));
        endToEnd(e2e);
        Map<String, Object> half = map(result.get("end_to_end_at_half_capacity"));
        atHalfCapacity(half);
        functions(e2e);
        timeSplit(half, e2e);
        profile(map(e2e.get("profile")));
        cost(map(e2e.get("cost")));
        figures(map(result.get("figures")));
        targets(e2e, half);
        return md.toString();
    }

    private void submitLatency() {
        Map<String, Object> capacity = map(result.get("submit_capacity"));
        if (!capacity.isEmpty()) {
            line(
                    "**Submit capacity**: %s req/s (%s; first rate not sustained: %s). Probes:",
                    capacity.get("capacity_per_s"), capacity.get("rule"), capacity.get("first_not_sustained_per_s"));
            line("");
            line("| offered req/s | p50 ms | p99 ms | errors | sustained |");
            line("|---:|---:|---:|---:|---|");
            for (Object o : (List<?>) capacity.get("probes")) {
                Map<String, Object> r = map(o);
                line(
                        "| %s | %s | %s | %s | %s |",
                        r.get("rate"),
                        r.get("p50_ms"),
                        r.get("p99_ms"),
                        r.get("errors"),
                        Boolean.TRUE.equals(r.get("sustained")) ? "yes" : "no");
            }
            line("");
        }
        line(
                "**Submit latency** (open loop through the local function URL; from each request's planned send time%s)",
                capacity.isEmpty() ? "" : "; at fractions of the capacity found above");
        line("");
        line("| of capacity | offered req/s | answered/s | requests | p50 ms | p90 ms | p99 ms | max ms | errors |");
        line("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (Object o : (List<?>) result.get("submit_latency")) {
            Map<String, Object> r = map(o);
            Object fraction = r.get("of_capacity");
            line(
                    "| %s | %s | %s | %s | %s | %s | %s | %s | %s |",
                    fraction == null ? "" : Math.round(((Number) fraction).doubleValue() * 100) + " %",
                    r.get("rate"),
                    r.get("answered_per_s"),
                    r.get("requests"),
                    r.get("p50_ms"),
                    r.get("p90_ms"),
                    r.get("p99_ms"),
                    r.get("max_ms"),
                    r.get("errors"));
        }
        line("");
    }

    private void endToEnd(Map<String, Object> e) {
        Map<String, Object> floor = map(e.get("floor"));
        Map<String, Object> submit = map(e.get("submit"));
        line(
                "**End to end** (%s cases of %d reasons submitted open-loop at %s/s, %s taken in by submit-refund, %s"
                        + " answered within 30 s; submit p50/p99 %s/%s ms; submit to paid from the bench's send time to the"
                        + " case's `paid` timeline event)",
                e.get("submitted"),
                OpenLoop.REASONS.size(),
                e.get("offered_rate"),
                e.get("cases"),
                e.get("accepted"),
                submit.get("p50_ms"),
                submit.get("p99_ms"));
        line("");
        line("| measure | value |");
        line("|---|---:|");
        line("| outcomes | %s |", e.get("outcomes"));
        toPaid(e);
        line(
                "| sustained (paid ÷ first submit to last paid) | %s cases/s over %s s |",
                e.get("sustained_cases_per_s"), e.get("first_submit_to_last_paid_s"));
        line(
                "| end-to-end capacity: paid per second once full (cases paid after the first ÷ first to last paid)"
                        + " | %s cases/s |",
                e.get("paid_per_s_once_full"));
        line(
                "| capacity bound by the busiest function (1 ÷ its handler s per case) | %s cases/s |",
                e.get("capacity_bound_by_busiest_function_cases_per_s"));
        line(
                "| floor: the same %s DynamoDB/SQS calls, minimal client, %s threads | %s made in %s s: %s calls/s = %s"
                        + " cases/s |",
                floor.get("calls"),
                floor.get("threads"),
                floor.get("calls_made"),
                floor.get("seconds"),
                floor.get("calls_per_s"),
                floor.get("cases_per_s"));
        line("| pipeline ÷ floor | %s |", e.get("pipeline_over_floor"));
        line("| deepest queue (visible + in flight) | %s |", e.get("queue_depth_max"));
        line("| timeline events (transitions) per case | %s |", e.get("transitions_per_case"));
        line("");
    }

    private void toPaid(Map<String, Object> run) {
        line(
                "| submit to paid p50 / p90 / p99 / max | %s / %s / %s / %s ms |",
                run.get("submit_to_paid_p50_ms"),
                run.get("submit_to_paid_p90_ms"),
                run.get("submit_to_paid_p99_ms"),
                run.get("submit_to_paid_max_ms"));
    }

    /** Submit to paid at half the end-to-end capacity the run above found. */
    private void atHalfCapacity(Map<String, Object> h) {
        if (h.isEmpty()) {
            return;
        }
        Map<String, Object> submit = map(h.get("submit"));
        line(
                "**End to end at %s %% of its capacity** (%s cases/s found above: %s cases submitted open-loop at %s/s,"
                        + " %s taken in; submit p50/p99 %s/%s ms)",
                Math.round(num(h.get("of_capacity")) * 100),
                h.get("capacity_cases_per_s"),
                h.get("submitted"),
                h.get("offered_rate"),
                h.get("cases"),
                submit.get("p50_ms"),
                submit.get("p99_ms"));
        line("");
        line("| measure | value |");
        line("|---|---:|");
        line("| outcomes | %s |", h.get("outcomes"));
        toPaid(h);
        line("| deepest queue (visible + in flight) | %s |", h.get("queue_depth_max"));
        line("");
    }

    /**
     * Where each function's warm handler time goes, per invocation, in both end-to-end runs: own CPU, DynamoDB, SQS,
     * providers, the rest.
     */
    private void timeSplit(Map<String, Object> half, Map<String, Object> full) {
        line("**Where the time goes** (per invocation, ms: the handler's time as the runtime API sees it; own CPU ="
                + " the CPU of the function's threads (handler, SDK, runtime client), from /proc; its DynamoDB and SQS"
                + " calls' time at the counting proxy, there and back; the SES/SNS stand-in's; other = the rest:"
                + " waiting for one of this machine's CPUs, the runtime API, client-side I/O. JIT + GC = the JVM's own"
                + " threads' CPU (compilers, collector, VM thread, flight recorder), which runs beside the handler and is"
                + " not in its sum: it is the warm-up a new instance pays, and it shares this machine's 2 CPUs)");
        line("");
        line("| function | run | invocations | handler | own CPU | DynamoDB | SQS | providers | other | JIT + GC |");
        line("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (String name : map(full.get("functions")).keySet()) {
            for (Object[] run : new Object[][] {{"at 50 %", half}, {"at capacity", full}}) {
                Map<String, Object> f = map(map(map(run[1]).get("functions")).get(name));
                Map<String, Object> t = map(f.get("time_split"));
                if (t.isEmpty()) {
                    continue;
                }
                line(
                        "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |",
                        name,
                        run[0],
                        f.get("invocations"),
                        t.get("handler_ms"),
                        t.get("own_cpu_ms"),
                        t.get("dynamodb_ms"),
                        t.get("sqs_ms"),
                        t.get("providers_ms"),
                        t.get("other_ms"),
                        t.getOrDefault("jvm_cpu_ms", "-"));
            }
        }
        line("");
    }

    /** The JFR profile's hottest frames per function, under the capacity run's load. */
    private void profile(Map<String, Object> profile) {
        if (profile.isEmpty()) {
            return;
        }
        line("**Top frames under load** (JDK Flight Recorder, `profile` settings, started and stopped with jcmd in"
                + " every function process for the run at capacity; share of the CPU samples, the profiler's own"
                + " threads left out: whose code they are in, the first frame of the project's own code, the top"
                + " frame)");
        line("");
        line("| function | CPU samples | by library (first frame outside the JDK) | first own frames | top frames |");
        line("|---|---:|---|---|---|");
        profile.forEach((name, o) -> {
            Map<String, Object> p = map(o);
            line(
                    "| %s | %s | %s | %s | %s |",
                    name,
                    p.get("samples"),
                    Profiles.line(p.get("by_library")),
                    Profiles.line(p.get("top_own_frames")),
                    Profiles.line(p.get("top_frames")));
        });
        line("");
    }

    private void functions(Map<String, Object> e) {
        int cases = ((Number) e.get("cases")).intValue();
        Map<String, Object> cold = map(result.get("cold_start"));
        line("**Per function** (per case; budget from the README's \"Calls per case\" in brackets; DynamoDB units as"
                + " AWS bills them: DynamoDB Local's ReturnConsumedCapacity, a transaction's halved, ADR 0012)");
        line("");
        line("| function | invocations | mean handler ms | cold start ms (init + first) | peak RSS MB | DynamoDB reads"
                + " [budget] | writes [budget] | RRU | WRU [budget] | SQS sends [budget] | other SQS calls |");
        line("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Map<String, Object> functions = map(e.get("functions"));
        for (Map.Entry<String, Object> entry : functions.entrySet()) {
            Map<String, Object> f = map(entry.getValue());
            Map<String, Object> c = map(cold.get(entry.getKey()));
            int[] budget = CallBudget.of(entry.getKey());
            Calls d = Calls.of(map(f.get("dynamodb")), cases);
            Calls s = Calls.of(map(f.get("sqs")), cases);
            line(
                    "| %s | %s | %s | %s (%s + %s) | %s | %s [%s] | %s [%s] | %s | %s [%s] | %s [%s] | %s |",
                    entry.getKey(),
                    f.get("invocations_per_case"),
                    f.get("mean_handler_ms"),
                    c.get("cold_start_ms"),
                    c.get("init_ms"),
                    c.get("first_invocation_ms"),
                    f.get("peak_rss_mb"),
                    r(d.reads),
                    budget[0],
                    r(d.writes),
                    budget[1],
                    r(d.readUnits),
                    r(d.writeUnits),
                    CallBudget.writeUnits(entry.getKey()) < 0 ? "-" : r(CallBudget.writeUnits(entry.getKey())),
                    r(s.sends),
                    budget[2],
                    r(s.other));
        }
        Map<String, Object> stack = map(e.get("stack_calls"));
        Calls s = Calls.of(map(stack.get("sqs")), cases);
        line(
                "| SQS pollers (the event source mappings, in the stack) | | | | | | | | | %s | %s |",
                r(s.sends), r(s.other));
        line("");
    }

    private void cost(Map<String, Object> c) {
        Map<String, Object> prices = map(c.get("prices"));
        line(
                "**Cost per 1,000 refunds on AWS** (USD; %s prices, %s; measured calls and warm handler durations at the"
                        + " template's memory, arm64)",
                prices.get("region"), prices.get("as_of"));
        line("");
        line("| runtime | Lambda requests | Lambda GB-s | SQS | DynamoDB reads | DynamoDB writes | total |");
        line("|---|---:|---:|---:|---:|---:|---:|");
        for (String[] row : new String[][] {
            {"java21 (measured)", "per_1000_refunds_java21"},
            {"native (estimate: the JVM's warm durations)", "per_1000_refunds_native_estimate"},
            {"of which tally-figures (java21; stream reads free)", "per_1000_refunds_tally_figures"}
        }) {
            Map<String, Object> m = map(c.get(row[1]));
            if (m.isEmpty()) {
                continue;
            }
            line(
                    "| %s | %s | %s | %s | %s | %s | **%s** |",
                    row[0],
                    usd(m.get("lambda_requests")),
                    usd(m.get("lambda_compute")),
                    usd(m.get("sqs")),
                    usd(m.get("dynamodb_reads")),
                    usd(m.get("dynamodb_writes")),
                    usd(m.get("total")));
        }
        line("");
        line(
                "Per case: %s SQS requests, %s read and %s write request units, %s Lambda GB-s. A java21 cold start of every"
                        + " function the run started (init + first invocation, billed since 2025-08) adds %s each time.",
                c.get("sqs_requests_per_case"),
                c.get("read_request_units_per_case"),
                c.get("write_request_units_per_case"),
                String.format("%.4f", (Double) c.get("lambda_gb_seconds_per_case")),
                usd(c.get("java21_cold_start_of_every_function")));
        if (c.containsKey("per_1000_refunds_tally_figures")) {
            line("");
            line("tally-figures' row is part of the totals above: its invocations and compute, and its DynamoDB units"
                    + " (the request item's GetItem, one transaction per figure-changing version). Its stream reads cost"
                    + " nothing: DynamoDB does not bill GetRecords calls made by a Lambda trigger (DynamoDB pricing, and"
                    + " \"Evaluate your DynamoDB Streams usage\" in its developer guide); DynamoDB Local reports a"
                    + " transaction's items at more units than AWS bills (docs/figures.md).");
        }
        line("");
    }

    /** The "Figures read back" section alone (tests). */
    String figuresMarkdown(Map<String, Object> figures) {
        figures(figures);
        return md.toString();
    }

    /** The month's figures, read back through review-case's GET /figures after the run, and the count check. */
    private void figures(Map<String, Object> f) {
        if (f.isEmpty()) {
            return;
        }
        line("**Figures read back** (review-case's `GET /figures`, signed in through the stack's LOCAL sign-in as the"
                + " console is; counted by tally-figures from the cases stream)");
        line("");
        if (f.containsKey("error")) {
            line("| check | result |");
            line("|---|---|");
            line("| figures read | **failed**: %s |", f.get("error"));
            line("");
            return;
        }
        line(
                "From %s to %s (%s), as %s. Money in major units; decision and payout times are the histogram"
                        + " bucket's upper bound (p50 / p90, seconds).",
                f.get("from"), f.get("to"), f.get("time_zone"), f.get("signed_in_as"));
        line("");
        for (String by : List.of("reason", "day")) {
            Map<String, Object> read = map(f.get("by_" + by));
            if (!read.containsKey("rows")) {
                line("`by=%s`: HTTP %s %s", by, read.get("status"), read.get("error"));
                line("");
                continue;
            }
            line("| %s | requests | approved | paid | refunded | decision p50 / p90 s | payout p50 / p90 s |", by);
            line("|---|---:|---:|---:|---:|---:|---:|");
            for (Object o : (List<?>) read.get("rows")) {
                Map<String, Object> r = map(o);
                line(
                        "| %s | %s | %s | %s | %s | %s / %s | %s / %s |",
                        r.get(by),
                        r.get("requests"),
                        r.get("approved"),
                        r.get("paid"),
                        r.get("refunded"),
                        r.get("decision_p50_s"),
                        r.get("decision_p90_s"),
                        r.get("money_p50_s"),
                        r.get("money_p90_s"));
            }
            line("");
        }
        boolean match = Boolean.TRUE.equals(f.get("requests_match"));
        line("| check | result |");
        line("|---|---|");
        line(
                "| requests counted = cases the bench submitted | %s = %s: %s |",
                f.get("requests_counted"), f.get("cases_submitted"), match ? "ok" : "**failed**");
        if (f.get("cases_found_by_resending") instanceof Number resent && resent.intValue() > 0) {
            line(
                    "| of those cases, found by resending a request whose answer was lost (same Idempotency-Key) | %s |",
                    resent);
        }
        if (!Boolean.TRUE.equals(f.get("stream_drained"))) {
            line("| the stream ran dry before the read | **failed**: tally-figures was still busy |");
        }
        line("");
    }

    private void targets(Map<String, Object> e, Map<String, Object> half) {
        int cases = ((Number) e.get("cases")).intValue();
        // The submit latency target: at half the capacity the bench found, or at 100 req/s when --rates fixed them.
        boolean byCapacity = result.get("submit_capacity") != null;
        double p99AtTarget = Double.NaN;
        String targetRate = byCapacity ? "50 % of capacity" : "100 req/s";
        for (Object o : (List<?>) result.get("submit_latency")) {
            Map<String, Object> r = map(o);
            boolean atTarget = byCapacity
                    ? Double.valueOf(0.5).equals(r.get("of_capacity"))
                    : ((Number) r.get("rate")).intValue() == 100;
            if (atTarget) {
                p99AtTarget = ((Number) r.get("p99_ms")).doubleValue();
                targetRate = byCapacity ? "50 % of capacity (" + r.get("rate") + " req/s)" : targetRate;
            }
        }
        double p50 = num(e.get("submit_to_paid_p50_ms"));
        // Percentiles of no paid case read 0: a run where nothing was paid meets no time target.
        long paid = ((Number) map(e.get("outcomes")).getOrDefault("paid", 0)).longValue();
        double sustained = num(e.get("sustained_cases_per_s"));
        double ratio = num(e.get("pipeline_over_floor"));
        double writes = 0;
        double caseWrites = 0;
        for (Object f : map(e.get("functions")).values()) {
            Map<String, Object> dynamo = map(map(f).get("dynamodb"));
            Calls d = Calls.of(dynamo, cases);
            writes += d.writes;
            caseWrites += d.caseTableWrites;
        }
        double transitions = num(e.get("transitions_per_case"));
        line("**Targets**");
        line("");
        line("| target | measured | met |");
        line("|---|---:|:---:|");
        line("| submit p99 < 50 ms at %s | %s ms | %s |", targetRate, p99AtTarget, yes(p99AtTarget < 50));
        if (half.isEmpty()) {
            line(
                    "| submit to paid p50 < 1 s | %s ms (%d of %d cases paid) | %s |",
                    p50, paid, cases, yes(paid > 0 && p50 < 1000));
        } else {
            double halfP50 = num(half.get("submit_to_paid_p50_ms"));
            long halfPaid = ((Number) map(half.get("outcomes")).getOrDefault("paid", 0)).longValue();
            line(
                    "| submit to paid p50 < 1 s at 50 %% of end-to-end capacity (%s/s of %s cases/s) | %s ms (%d of %s"
                            + " cases paid; at capacity: %s ms) | %s |",
                    half.get("offered_rate"),
                    half.get("capacity_cases_per_s"),
                    halfP50,
                    halfPaid,
                    half.get("cases"),
                    p50,
                    yes(halfPaid > 0 && halfP50 < 1000));
            Map<String, Object> submitSplit =
                    map(map(map(half.get("functions")).get("submit-refund")).get("time_split"));
            double ownCpu = num(submitSplit.get("own_cpu_ms"));
            line(
                    "| a warm submit spends < 5 ms of its own (its threads' CPU per invocation at 50 %%; the JVM's JIT"
                            + " and GC beside it: %s ms) | %s ms | %s |",
                    submitSplit.getOrDefault("jvm_cpu_ms", "-"), ownCpu, yes(ownCpu < 5));
        }
        line("| >= 100 cases/s sustained | %s cases/s | %s |", sustained, yes(sustained >= 100));
        line("| pipeline >= half the floor | %s | %s |", ratio, yes(ratio >= 0.5));
        line(
                "| <= 1 DynamoDB write per state transition | %s case-table writes / %s transitions = %s (all tables: %s"
                        + " writes, %s per transition) | %s |",
                r(caseWrites),
                transitions,
                r(caseWrites / transitions),
                r(writes),
                r(writes / transitions),
                yes(caseWrites / transitions <= 1.0001));
        line("");
    }

    /** DynamoDB or SQS calls of one caller, per case. */
    record Calls(
            double reads,
            double writes,
            double caseTableWrites,
            double readUnits,
            double writeUnits,
            double sends,
            double other) {
        static Calls of(Map<String, Object> ops, int cases) {
            double reads = 0;
            double writes = 0;
            double caseWrites = 0;
            double ru = 0;
            double wu = 0;
            double sends = 0;
            double other = 0;
            for (Map.Entry<String, Object> op : ops.entrySet()) {
                String name = op.getKey().split(" ")[0];
                double[] v = (double[]) op.getValue();
                if (CallBudget.READS.contains(name)) {
                    reads += v[0];
                } else if (CallBudget.WRITES.contains(name)) {
                    writes += v[0];
                    if (op.getKey().matches(".* (.*\\+)?cases(\\+.*)?")) {
                        caseWrites += v[0];
                    }
                } else if (name.startsWith("SendMessage")) {
                    sends += v[0];
                } else {
                    other += v[0];
                }
                ru += v[2];
                wu += v[3];
            }
            return new Calls(
                    reads / cases,
                    writes / cases,
                    caseWrites / cases,
                    ru / cases,
                    wu / cases,
                    sends / cases,
                    other / cases);
        }
    }

    private static String usd(Object amount) {
        return String.format("$%.4f", num(amount));
    }

    private static String yes(boolean met) {
        return met ? "yes" : "**no**";
    }

    private static double num(Object o) {
        return o == null ? Double.NaN : ((Number) o).doubleValue();
    }

    private static String r(double v) {
        return String.format("%.2f", v);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return o == null ? Map.of() : (Map<String, Object>) o;
    }

    @SuppressWarnings("AnnotateFormatMethod") // a line without arguments is written as it is, not as a format
    private void line(String format, Object... args) {
        md.append(args.length == 0 ? format : String.format(format, args)).append('\n');
    }
}
