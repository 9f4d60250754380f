package com.refundpipeline.localstack.lambda;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/** The bench's split of a function's CPU: the JVM's own threads apart from the function's (issue 13). */
class JvmThreadTest {

    @Test
    void theJvmsServiceThreadsAreItsOwnAndTheHandlersAreNot() {
        for (String name : List.of(
                "C1 CompilerThre",
                "C2 CompilerThre",
                "VM Thread",
                "GC Thread#0",
                "G1 Conc#0",
                "VM Periodic Tas",
                "JFR Periodic Ta")) {
            assertTrue(LocalFunction.jvmThread(name), name);
        }
        for (String name : List.of("main", "java", "Thread-0", "sdk-async-respo", "executor-thread", "Finalizer")) {
            assertFalse(LocalFunction.jvmThread(name), name);
        }
    }

    /** The names as /proc spells them, from this very JVM: a compiler thread is found, the main thread is not. */
    @Test
    @EnabledOnOs(OS.LINUX)
    void thisJvmsThreadsAsProcNamesThem() throws Exception {
        List<String> names;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            names = tasks.map(t -> {
                        try {
                            return Files.readString(t.resolve("comm")).strip();
                        } catch (java.io.IOException e) {
                            return "";
                        }
                    })
                    .toList();
        }
        assertTrue(names.stream().anyMatch(LocalFunction::jvmThread), names.toString());
        assertTrue(names.stream().anyMatch(n -> !LocalFunction.jvmThread(n)), names.toString());
    }
}
