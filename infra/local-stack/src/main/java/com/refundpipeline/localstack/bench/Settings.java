package com.refundpipeline.localstack.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** What `make bench` runs, from its command line (BENCH_ARGS). */
record Settings(
        List<Integer> rates,
        int secondsPerRate,
        int cases,
        int caseRate,
        int floorWorkers,
        Path out,
        int submitInstances,
        Path docs) {

    /** The fractions of the measured submit capacity the latency runs offer, unless --rates fixes the rates. */
    static final List<Double> FRACTIONS = List.of(0.25, 0.5, 0.75, 1.0);

    /** Whether the bench finds submit's capacity itself (no --rates given). */
    boolean findsCapacity() {
        return rates == null;
    }

    static Settings parse(String[] args, Path defaultOut, Path defaultDocs) {
        List<Integer> rates = null;
        int seconds = 6;
        int cases = 2000;
        int caseRate = 0;
        int workers = 4;
        int submitInstances = 4;
        Path docs = defaultDocs;
        Path out = defaultOut;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--rates" ->
                    rates = Arrays.stream(args[++i].split(","))
                            .map(Integer::parseInt)
                            .toList();
                case "--seconds" -> seconds = Integer.parseInt(args[++i]);
                case "--cases" -> cases = Integer.parseInt(args[++i]);
                case "--case-rate" -> caseRate = Integer.parseInt(args[++i]);
                case "--floor-workers" -> workers = Integer.parseInt(args[++i]);
                case "--out" -> out = Path.of(args[++i]);
                case "--submit-instances" -> submitInstances = Integer.parseInt(args[++i]);
                case "--docs" -> docs = Path.of(args[++i]);
                case "--no-docs" -> docs = null;
                case "--quick" -> {
                    seconds = 3;
                    cases = 200;
                }
                default ->
                    throw new IllegalArgumentException("unknown option " + a + " (--rates R,R,... (default:"
                            + " 25/50/75/100 % of the submit capacity it finds) --seconds 6 --cases 2000 --case-rate N"
                            + " (default: what submit sustained) --floor-workers 4 --submit-instances 4 --out DIR"
                            + " --docs DIR (default docs/) --no-docs --quick)");
            }
        }
        return new Settings(rates, seconds, cases, caseRate, workers, out, submitInstances, docs);
    }
}
