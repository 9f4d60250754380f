package com.refundpipeline.fuzz;

import java.util.Random;
import java.util.function.Consumer;

/**
 * The fuzz targets' short run in {@code make test}: a fixed number of pseudo-random inputs from a fixed seed, so a
 * failure reruns exactly (override with -Dfuzz.short.runs / -Dfuzz.seed). {@code make fuzz} runs each target
 * under Jazzer, coverage-guided, instead.
 */
public final class ShortRun {

    public static final long SEED = Long.getLong("fuzz.seed", 17L);
    public static final int RUNS = Integer.getInteger("fuzz.short.runs", 300);

    private ShortRun() {}

    public static void run(Consumer<byte[]> target) {
        run(RUNS, target);
    }

    public static void run(int runs, Consumer<byte[]> target) {
        Random random = new Random(SEED);
        for (int i = 0; i < runs; i++) {
            byte[] input = new byte[random.nextInt(i % 10 == 0 ? 2048 : 192)];
            random.nextBytes(input);
            try {
                target.accept(input);
            } catch (AssertionError | RuntimeException e) {
                throw new AssertionError(
                        "input " + i + " of seed " + SEED + " failed: "
                                + java.util.HexFormat.of().formatHex(input),
                        e);
            }
        }
    }
}
