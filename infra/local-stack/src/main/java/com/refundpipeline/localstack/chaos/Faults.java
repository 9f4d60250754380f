package com.refundpipeline.localstack.chaos;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Which faults the chaos run injects, at what rate each, from one seeded {@link Random} (so a seed names a run), and
 * how many of each it injected. Faults are injected only while armed: not during the stack's start, not during the
 * audit. Thread interleaving is not seeded, so a rerun draws the same sequence of decisions, not the same timing.
 */
public final class Faults {

    /** The kinds, with their rates: the chance per call (or per second for kills) that the fault is injected. */
    public enum Kind {
        DYNAMODB_THROTTLE(0.02, "DynamoDB 400 ThrottlingException / ProvisionedThroughputExceededException"),
        DYNAMODB_500(0.01, "DynamoDB 500 InternalServerError"),
        DYNAMODB_TIMEOUT_AFTER_WRITE(0.005, "DynamoDB call applied, its answer lost (connection dropped)"),
        SQS_THROTTLE(0.01, "SQS 400 ThrottlingException"),
        SQS_500(0.01, "SQS 500 InternalError"),
        SQS_DUPLICATE_SEND(0.03, "a message sent twice"),
        SQS_LATE_SEND(0.03, "a message delayed 1-10 s (late, reordered)"),
        SQS_SHORT_VISIBILITY(0.03, "a receive with a 1 s visibility timeout (redelivered while in work)"),
        SQS_REPLAY_OLD(0.02, "an old message sent again (replayed)"),
        PROCESS_KILLED(0.03, "a busy function process killed with SIGKILL (chance per second)"),
        PROVIDER_KILL_AFTER_PAYING(0.03, "issue-payout killed after the provider paid, before it answered"),
        PROVIDER_429(0.03, "provider 429 rate_limit"),
        PROVIDER_500(0.03, "provider 500 before paying"),
        PROVIDER_500_AFTER_PAYING(0.02, "provider 500 after paying"),
        PROVIDER_TIMEOUT(0.02, "provider paid, answer held past the client's timeout"),
        WEBHOOK_DUPLICATE(0.3, "webhook delivered twice (per pending refund, faults armed or not)"),
        WEBHOOK_OUT_OF_ORDER(0.2, "a stale pending webhook after the settled one (per pending refund)"),
        WEBHOOK_EARLY(0.2, "webhook sent before the refund call returned (per pending refund)"),
        WEBHOOK_LOST(0.1, "webhook never sent, settled by asking the provider (per pending refund)"),
        CARRIER_LABEL_FAILURE(
                0.1, "EasyPost stand-in answers a label call with 500 or 429, or holds it past the client's timeout"),
        CHANNEL_FAILURE(0.05, "SES/SNS stand-in answers a send with 500 or 429 throttling (sent later, once)"),
        TALLY_KILLED(0.05, "tally-figures (the cases stream's consumer) killed while at work (chance per second)"),
        PARCEL_DUPLICATE(0.3, "a return parcel's carrier event (EasyPost tracker.updated) delivered twice"),
        PARCEL_OUT_OF_ORDER(0.3, "a stale in_transit carrier event after the delivered one"),
        PARCEL_NO_TRANSIT_SCAN(0.2, "a return parcel delivered without an in_transit scan"),
        CLOCK_MOVED(1.0, "the functions' clock moved ahead (1, 2, 8, 40 days), then the schedule fired: once per move");

        public final double rate;
        public final String description;

        Kind(double rate, String description) {
            this.rate = rate;
            this.description = description;
        }
    }

    private final long seed;
    private final Random random;
    private final double scale;
    private final Map<Kind, LongAdder> injected = new ConcurrentHashMap<>();
    private volatile boolean armed;
    private volatile Instant lastInjected;

    /** @param scale multiplies every rate (0 turns chaos off, 1 is the stated rates) */
    public Faults(long seed, double scale) {
        this.seed = seed;
        this.random = new Random(seed);
        this.scale = scale;
    }

    public long seed() {
        return seed;
    }

    public double scale() {
        return scale;
    }

    public void arm(boolean on) {
        armed = on;
    }

    public boolean armed() {
        return armed;
    }

    /** Draws whether to inject {@code kind} now; counts it when so. */
    public boolean roll(Kind kind) {
        if (!armed) {
            return false;
        }
        boolean hit;
        synchronized (random) {
            hit = random.nextDouble() < kind.rate * scale;
        }
        if (hit) {
            injected.computeIfAbsent(kind, k -> new LongAdder()).increment();
            lastInjected = Instant.now();
        }
        return hit;
    }

    /**
     * Draws whether to inject {@code kind} whether armed or not: the webhook faults ride on pending refunds, which
     * come mostly from reviews and retries after the cases arrived, when the other faults are off.
     */
    public boolean rollAnyway(Kind kind) {
        boolean hit;
        synchronized (random) {
            hit = random.nextDouble() < kind.rate * scale;
        }
        if (hit) {
            injected.computeIfAbsent(kind, k -> new LongAdder()).increment();
            lastInjected = Instant.now();
        }
        return hit;
    }

    /** Counts a fault the run injects by plan rather than by chance (a clock move). */
    public void injected(Kind kind) {
        injected.computeIfAbsent(kind, k -> new LongAdder()).increment();
        lastInjected = Instant.now();
    }

    /** A number from the seeded sequence, 0 to bound - 1. */
    public int nextInt(int bound) {
        synchronized (random) {
            return random.nextInt(bound);
        }
    }

    public Instant lastInjected() {
        return lastInjected;
    }

    public Map<String, Long> injected() {
        Map<String, Long> out = new TreeMap<>();
        for (Kind k : Kind.values()) {
            LongAdder a = injected.get(k);
            out.put(k.name().toLowerCase(Locale.ROOT), a == null ? 0 : a.sum());
        }
        return out;
    }

    public long total() {
        return injected.values().stream().mapToLong(LongAdder::sum).sum();
    }
}
