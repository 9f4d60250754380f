package com.refundpipeline.localstack.bench;

import com.google.errorprone.annotations.FormatMethod;
import com.google.errorprone.annotations.FormatString;
import java.io.PrintStream;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;

/** The bench's progress lines on the terminal (the stack's own output goes to a file). */
final class Progress {

    private final PrintStream console;

    Progress(PrintStream console) {
        this.console = console;
    }

    @FormatMethod
    void say(@FormatString String format, Object... args) {
        console.printf(
                "%s bench: %s%n",
                LocalTime.now(ZoneId.systemDefault()).truncatedTo(ChronoUnit.SECONDS), String.format(format, args));
    }

    PrintStream console() {
        return console;
    }
}
