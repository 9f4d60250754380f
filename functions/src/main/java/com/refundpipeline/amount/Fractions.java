package com.refundpipeline.amount;

import java.math.BigInteger;

/** Integer share arithmetic that never overflows silently and always rounds toward the store. */
final class Fractions {

    private Fractions() {}

    /** floor(value * numerator / denominator), for non-negative operands and a positive denominator. */
    static long floorShare(long value, long numerator, long denominator) {
        if (denominator <= 0) {
            throw new IllegalArgumentException("denominator must be positive");
        }
        long high = Math.multiplyHigh(value, numerator);
        long product = value * numerator;
        if (high == 0 && product >= 0) {
            return product / denominator;
        }
        return BigInteger.valueOf(value)
                .multiply(BigInteger.valueOf(numerator))
                .divide(BigInteger.valueOf(denominator))
                .longValueExact();
    }

    /**
     * The part of {@code total} that units {@code [prior, prior + count)} of {@code units} carry, so that the parts
     * of every unit add up to {@code total} exactly, however the units are split over refunds.
     */
    static long cumulativeShare(long total, long prior, long count, long units) {
        return floorShare(total, prior + count, units) - floorShare(total, prior, units);
    }

    /**
     * Splits {@code total} over {@code weights} in proportion, by largest remainder: the parts add up to
     * {@code total} exactly and each is within one minor unit of its exact share. Ties go to the earlier weight.
     */
    static long[] allocate(long total, long[] weights) {
        long[] parts = new long[weights.length];
        if (total == 0 || weights.length == 0) {
            return parts;
        }
        long sum = 0;
        for (long w : weights) {
            sum = Math.addExact(sum, w);
        }
        if (sum == 0) {
            // Nothing to weigh by: split evenly, remainder to the first.
            weights = new long[weights.length];
            java.util.Arrays.fill(weights, 1);
            sum = weights.length;
        }
        BigInteger bigTotal = BigInteger.valueOf(total);
        BigInteger bigSum = BigInteger.valueOf(sum);
        BigInteger[] remainders = new BigInteger[weights.length];
        long given = 0;
        for (int i = 0; i < weights.length; i++) {
            BigInteger[] qr = bigTotal.multiply(BigInteger.valueOf(weights[i])).divideAndRemainder(bigSum);
            parts[i] = qr[0].longValueExact();
            remainders[i] = qr[1];
            given += parts[i];
        }
        long left = total - given;
        while (left > 0) {
            int best = -1;
            for (int i = 0; i < weights.length; i++) {
                if (remainders[i].signum() >= 0 && (best < 0 || remainders[i].compareTo(remainders[best]) > 0)) {
                    best = i;
                }
            }
            parts[best]++;
            remainders[best] = BigInteger.valueOf(-1);
            left--;
        }
        return parts;
    }
}
