package com.refundpipeline.localstack.bench;

/** The bench's figures: percentiles and the roundings its report uses. */
final class Stats {

    private Stats() {}

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
}
