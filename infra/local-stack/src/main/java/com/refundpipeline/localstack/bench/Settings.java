package com.refundpipeline.localstack.bench;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** What `make bench` runs, from its command line (BENCH_ARGS). */
record Settings(List<Integer> rates, int secondsPerRate, int cases, int caseRate, int floorWorkers, Path out,
        int submitInstances) {
    static Settings parse(String[] args, Path defaultOut) {
        List<Integer> rates = List.of(25, 50, 100, 200);
        int seconds = 6;
        int cases = 2000;
        int caseRate = 0;
        int workers = 4;
        int submitInstances = 4;
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
                case "--submit-instances" -> submitInstances = Integer.parseInt(args[++i]);
                case "--quick" -> {
                    rates = List.of(25, 100);
                    seconds = 3;
                    cases = 200;
                }
                default -> throw new IllegalArgumentException("unknown option " + a + " (--rates 25,50,100,200"
                        + " --seconds 6 --cases 2000 --case-rate N (default: what submit sustained) --floor-workers 4 --submit-instances 4 --out DIR --quick)");
            }
        }
        return new Settings(rates, seconds, cases, caseRate, workers, out, submitInstances);
    }
}
