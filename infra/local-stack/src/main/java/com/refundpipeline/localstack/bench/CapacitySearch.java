package com.refundpipeline.localstack.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds what submit-refund sustains on this machine: open-loop probes at doubling rates until one is not sustained,
 * then a few halving steps between the last rate sustained and the first not. A rate is sustained when every request
 * was answered without error and p99 stayed within {@value #P99_LIMIT_MS} ms: offered faster than submit answers, its
 * backlog (and so its latency) grows for the whole probe, so a probe a tenth above capacity fails it.
 */
final class CapacitySearch {

    static final double P99_LIMIT_MS = 500;
    static final int FIRST_RATE = 10;
    static final int MAX_RATE = 640;
    private static final int BISECTIONS = 4;

    /** One open-loop run at a rate, in result.json's shape (rate, p50_ms, p99_ms, errors, ...). */
    interface Probe {
        Map<String, Object> at(int rate) throws InterruptedException;
    }

    private final Probe probe;
    private final Progress progress;
    private final int seconds;
    private final List<Map<String, Object>> probes = new ArrayList<>();

    CapacitySearch(Probe probe, Progress progress, int seconds) {
        this.probe = probe;
        this.progress = progress;
        this.seconds = seconds;
    }

    /**
     * Probes through the bench's open loop, each starting on empty queues: what the previous probe's cases left for
     * the other functions would compete for the same CPUs.
     */
    static CapacitySearch of(OpenLoop openLoop, BenchStack rig, Progress progress, int seconds) {
        return new CapacitySearch(
                rate -> {
                    Map<String, Object> run = openLoop.run(rate, rate * seconds, new ConcurrentHashMap<>())
                            .toMap(rate);
                    for (int i = 0; i < 10 && !rig.idleWithin(Duration.ofSeconds(3)); i++) {
                        rig.purgeQueues();
                    }
                    return run;
                },
                progress,
                seconds);
    }

    /** The capacity in requests per second (at least 1), and the probes that found it, in result.json's shape. */
    Map<String, Object> run() throws InterruptedException {
        int good = 0;
        int bad = 0;
        for (int rate = FIRST_RATE; rate <= MAX_RATE; rate *= 2) {
            if (sustained(rate)) {
                good = rate;
            } else {
                bad = rate;
                break;
            }
        }
        for (int i = 0; i < BISECTIONS && bad > 0 && bad - good > Math.max(1, good / 20); i++) {
            int mid = (good + bad) / 2;
            if (sustained(mid)) {
                good = mid;
            } else {
                bad = mid;
            }
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("capacity_per_s", Math.max(1, good));
        m.put(
                "rule",
                "every request answered without error and p99 <= " + (int) P99_LIMIT_MS + " ms, over " + seconds
                        + " s at a fixed rate");
        m.put("first_not_sustained_per_s", bad == 0 ? null : bad);
        m.put("probes", probes);
        return m;
    }

    private boolean sustained(int rate) throws InterruptedException {
        if (progress != null) {
            progress.say("capacity: probing %d req/s for %d s", rate, seconds);
        }
        Map<String, Object> run = new LinkedHashMap<>(probe.at(rate));
        boolean sustained = ((Number) run.get("errors")).intValue() == 0
                && ((Number) run.get("p99_ms")).doubleValue() <= P99_LIMIT_MS;
        run.put("sustained", sustained);
        probes.add(run);
        return sustained;
    }
}
