package com.refundpipeline.localstack.bench;

import java.io.PrintStream;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;

/** The bench's progress lines on the terminal (the stack's own output goes to a file). */
final class Progress {

    private final PrintStream console;

    Progress(PrintStream console) {
        this.console = console;
    }

    void say(String format, Object... args) {
        console.printf("%s bench: %s%n", LocalTime.now().truncatedTo(ChronoUnit.SECONDS), String.format(format, args));
    }

    PrintStream console() {
        return console;
    }
}
