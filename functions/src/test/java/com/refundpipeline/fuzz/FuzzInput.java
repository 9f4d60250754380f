package com.refundpipeline.fuzz;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Reads choices out of the fuzzer's bytes, deterministically: the same bytes give the same input, so a crash file
 * under a fuzz test's Inputs directory replays exactly. When the bytes run out every choice is the first one.
 */
public final class FuzzInput {

    private final byte[] data;
    private int at;

    public FuzzInput(byte[] data) {
        this.data = data == null ? new byte[0] : data;
    }

    public boolean exhausted() {
        return at >= data.length;
    }

    public int nextByte() {
        return exhausted() ? 0 : data[at++] & 0xFF;
    }

    /** 0 to bound-1. */
    public int nextInt(int bound) {
        if (bound <= 1) {
            return 0;
        }
        int value = bound > 256 ? (nextByte() << 8) | nextByte() : nextByte();
        return Math.floorMod(value, bound);
    }

    public boolean nextBoolean() {
        return (nextByte() & 1) == 1;
    }

    public long nextLong() {
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value = (value << 8) | nextByte();
        }
        return value;
    }

    public <T> T pick(List<T> choices) {
        return choices.get(nextInt(choices.size()));
    }

    /** A string of up to {@code max} bytes, read as UTF-8 (malformed sequences become U+FFFD, as a server would). */
    public String nextString(int max) {
        int length = Math.min(nextInt(max + 1), data.length - at);
        String text = new String(data, at, Math.max(0, length), StandardCharsets.UTF_8);
        at += Math.max(0, length);
        return text;
    }

    /** Whatever bytes are left. */
    public byte[] rest() {
        byte[] rest = java.util.Arrays.copyOfRange(data, Math.min(at, data.length), data.length);
        at = data.length;
        return rest;
    }

    public String restAsString() {
        return new String(rest(), StandardCharsets.UTF_8);
    }
}
