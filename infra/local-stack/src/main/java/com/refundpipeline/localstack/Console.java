package com.refundpipeline.localstack;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/**
 * The stack's output: one line per event, each prefixed with where it came from, like docker compose does, so the
 * interleaved output of the stack and its function processes stays readable.
 */
public final class Console {

    public static final String STACK = "local-stack";
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static final PrintStream OUT = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    private static volatile int width = 16;

    private Console() {}

    /** Pads every source to the longest function name, so the separators line up. */
    public static void widenTo(int sourceWidth) {
        width = Math.max(width, sourceWidth + 1);
    }

    /**
     * Gives stray output lines of the embedded servers (DynamoDB Local prints its configuration, libraries and the
     * JDK print warnings) the same layout, under "embedded"; the stack's own lines keep the real stdout.
     */
    public static void captureStrayOutput() {
        System.setOut(new PrintStream(new LineStream("embedded"), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new LineStream("embedded"), true, StandardCharsets.UTF_8));
    }

    /** A line the stack itself says, with the time. */
    public static void info(String message) {
        print(STACK, LocalTime.now(ZoneId.systemDefault()).format(TIME) + " " + message);
    }

    public static void warn(String message) {
        print(STACK, LocalTime.now(ZoneId.systemDefault()).format(TIME) + " WARN " + message);
    }

    /** A line of a function process's output: a JSON log line made readable, anything else as written. */
    public static synchronized void line(String source, String text) {
        for (String line : FunctionLogLine.readable(text)) {
            print(source, line);
        }
    }

    /** Text printed as is (the start banner). */
    public static synchronized void raw(String text) {
        OUT.println(text);
    }

    private static synchronized void print(String source, String text) {
        OUT.println(String.format("%-" + width + "s| %s", source, text));
    }

    /** Collects bytes into lines and prints each under a source; blank lines are dropped. */
    private static final class LineStream extends OutputStream {
        private final String source;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();

        LineStream(String source) {
            this.source = source;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.UTF_8).stripTrailing();
                line.reset();
                if (!text.isEmpty()) {
                    print(source, text);
                }
            } else {
                line.write(b);
            }
        }
    }
}
