package com.refundpipeline.localstack.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import jdk.jfr.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProfilesTest {

    @TempDir
    Path dir;

    /** Burns CPU in the project's own code, so that the samples' first own frame is this method. */
    private static double spin(Duration howLong) {
        long end = System.nanoTime() + howLong.toNanos();
        double x = 1;
        while (System.nanoTime() < end) {
            for (int i = 0; i < 10_000; i++) {
                x = Math.sqrt(x + i);
            }
        }
        return x;
    }

    @Test
    void summarizesTheCpuSamplesTopFramesAndTheFirstOwnFrame() throws Exception {
        Path file = dir.resolve("self.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(10));
            recording.start();
            assertTrue(spin(Duration.ofMillis(600)) > 0);
            recording.stop();
            recording.dump(file);
        }
        Map<String, Object> summary = Profiles.summarize(Map.of(file, "submit-refund"));
        Map<?, ?> submit = (Map<?, ?>) summary.get("submit-refund");
        assertTrue(((Integer) submit.get("samples")) > 5, () -> "samples: " + submit);
        List<?> own = (List<?>) submit.get("top_own_frames");
        assertEquals("ProfilesTest.spin", ((Map<?, ?>) own.get(0)).get("frame"), () -> "own frames: " + own);
        assertTrue(Profiles.line(own).startsWith("`ProfilesTest.spin` "), Profiles.line(own));
        List<?> libraries = (List<?>) submit.get("by_library");
        assertEquals("ours", ((Map<?, ?>) libraries.get(0)).get("frame"), () -> "libraries: " + libraries);
    }

    @Test
    void recordsAnotherProcessFromOutsideWithJcmd() throws Exception {
        // This JVM stands for a function process: jcmd attaches to it as the bench's to the functions'.
        Profiles profiles = new Profiles(dir, new Progress(new PrintStream(OutputStream.nullOutputStream())));
        profiles.start(Map.of(ProcessHandle.current().pid(), "verify-evidence"));
        assertTrue(spin(Duration.ofMillis(600)) > 0);
        Map<String, Object> summary = profiles.stop();
        assertTrue(summary.containsKey("verify-evidence"), () -> "summary: " + summary);
        try (var files = Files.list(dir)) {
            assertTrue(files.anyMatch(f -> f.getFileName().toString().startsWith("verify-evidence-")));
        }
    }
}
