package com.refundpipeline.figures;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Fixed buckets for durations (time to decision, time to money), so a percentile can be read back from counters
 * alone: each bucket is one counter ({@code <prefix>_h00} ... {@code _h09}) on the figures items, added to like any
 * other. A percentile reads as the upper bound of the bucket holding that rank (an upper estimate, at most one bucket
 * off); the last bucket has no bound and reads as null ("over 7 days").
 */
public final class Histogram {

    /** Upper bounds, inclusive: 5 min, 15 min, 1 h, 4 h, 8 h, 24 h, 48 h, 72 h, 7 days, then everything longer. */
    public static final List<Duration> BOUNDS = List.of(
            Duration.ofMinutes(5),
            Duration.ofMinutes(15),
            Duration.ofHours(1),
            Duration.ofHours(4),
            Duration.ofHours(8),
            Duration.ofHours(24),
            Duration.ofHours(48),
            Duration.ofHours(72),
            Duration.ofDays(7));

    public static final int BUCKETS = BOUNDS.size() + 1;

    private Histogram() {}

    /** The counter a duration lands in, e.g. {@code decision_h03} for 2 hours. */
    public static String counter(String prefix, Duration d) {
        int bucket = BOUNDS.size();
        for (int i = 0; i < BOUNDS.size(); i++) {
            if (d.compareTo(BOUNDS.get(i)) <= 0) {
                bucket = i;
                break;
            }
        }
        return name(prefix, bucket);
    }

    public static String name(String prefix, int bucket) {
        return String.format("%s_h%02d", prefix, bucket);
    }

    /** The bucket counts of {@code prefix} in a row of counters. */
    public static long[] counts(String prefix, Map<String, Long> counters) {
        long[] counts = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] = Math.max(0, counters.getOrDefault(name(prefix, i), 0L));
        }
        return counts;
    }

    /**
     * The nearest-rank percentile's bucket bound, in seconds; null when nothing was counted or the rank falls in
     * the open last bucket.
     */
    public static Long percentileSeconds(long[] counts, int percentile) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (total == 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(percentile / 100.0 * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return i < BOUNDS.size() ? BOUNDS.get(i).toSeconds() : null;
            }
        }
        return null;
    }

    public static long total(long[] counts) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        return total;
    }
}
