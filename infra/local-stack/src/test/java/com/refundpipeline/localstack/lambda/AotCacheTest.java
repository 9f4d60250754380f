package com.refundpipeline.localstack.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.refundpipeline.localstack.lambda.testfn.ScriptedHandler;
import com.refundpipeline.localstack.template.StackTemplate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The AOT cache a function's first instance trains (JDK 25+, docs/adr/0060): published only when the training JVM
 * exited as a stopped one does, used by the next start, and named for the JDK and jars it was made from.
 */
class AotCacheTest {

    static final String ARN = "arn:aws:lambda:us-east-1:000000000000:function:local-scripted";
    static final StackTemplate.Function SPEC =
            LocalFunctionTest.spec("scripted", ScriptedHandler.class.getName() + "::handleRequest", 30);

    @TempDir
    static Path build;

    @TempDir
    static Path jniDir;

    /** The function unpacked as the stack does: kept, its classes in a jar beside it (TaskRoot). */
    static Path taskRoot;

    @TempDir
    Path classData;

    static ScheduledExecutorService timers;

    @BeforeAll
    static void install() throws Exception {
        assumeTrue(Runtime.version().feature() >= 25, "the AOT cache is JDK 25's");
        Path classes = Files.createDirectories(build.resolve("classes"));
        ScriptedFunctions.install(classes);
        Path zip = build.resolve("function.zip");
        try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip));
                var files = Files.walk(classes)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                out.putNextEntry(new ZipEntry(classes.relativize(file).toString()));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
        taskRoot =
                TaskRoot.of(zip, Files.createDirectories(build.resolve("kept"))).dir();
        timers = Executors.newScheduledThreadPool(2);
    }

    @AfterAll
    static void stopTimers() {
        if (timers != null) {
            timers.shutdownNow();
        }
    }

    FunctionLauncher launcher() throws IOException {
        return ScriptedFunctions.launcher(taskRoot, jniDir, Map.of("AWS_REGION", "us-east-1"), classData);
    }

    static void answers(LocalFunction function) {
        InvokeResult result = function.invoke("echo:hi".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(60));
        assertFalse(result.isError(), result::toString);
        assertEquals("hi", result.text());
    }

    @Test
    void aStoppedTrainingPublishesTheCacheAndTheNextStartReadsIt() throws Exception {
        FunctionLauncher launcher = launcher();
        Path cache = launcher.aotCache(SPEC);
        assertTrue(option(launcher, "-XX:AOTCacheOutput=").startsWith(cache + ".training-"), "the first start trains");

        LocalFunction training = new LocalFunction(SPEC, ARN, launcher, timers);
        training.start();
        answers(training);
        assertFalse(Files.exists(cache), "nothing is published while the training runs");
        training.close();
        assertTrue(Files.isRegularFile(cache), "published when the training JVM stopped");
        assertEquals(List.of(cache), files(), "and only the cache is left");
        assertTrue(
                launcher.command(SPEC, "127.0.0.1:1", ARN, 1, false).command().stream()
                        .anyMatch(o -> o.contains(TaskRoot.classesJar(taskRoot).toString())),
                "the function's classes come from the jar beside the task root, which a cache can be made of");

        assertEquals(cache.toString(), option(launcher, "-XX:AOTCache="), "the next start reads it");
        LocalFunction warm = new LocalFunction(SPEC, ARN, launcher, timers);
        try {
            warm.start();
            answers(warm);
        } finally {
            warm.close();
        }
    }

    @Test
    void aKilledTrainingLeavesNoCache() throws Exception {
        FunctionLauncher launcher = launcher();
        LocalFunction training = new LocalFunction(SPEC, ARN, launcher, timers);
        try {
            training.start();
            answers(training);
            ProcessHandle process = ProcessHandle.of(training.pid()).orElseThrow();
            process.destroyForcibly();
            process.onExit().get(30, TimeUnit.SECONDS);
            Thread.sleep(500);
            assertFalse(Files.exists(launcher.aotCache(SPEC)));
            List<Path> left = files();
            assertTrue(
                    left.stream().noneMatch(f -> f.getFileName().toString().contains(".training-")),
                    () -> "the killed training's output is removed: " + left);
        } finally {
            training.close();
        }
    }

    @Test
    void aCacheIsNamedForTheJarsItWasMadeFrom() throws Exception {
        Path cache = launcher().aotCache(SPEC);
        assertTrue(cache.getFileName().toString().matches("scripted-[0-9a-f]{12}\\.aot"), cache::toString);
        assertEquals(cache, launcher().aotCache(SPEC), "the same JDK and jars, the same cache");
        Path classFile;
        try (var files = Files.walk(taskRoot)) {
            classFile = files.filter(f -> f.toString().endsWith(".class"))
                    .findFirst()
                    .orElseThrow();
        }
        FileTime before = Files.getLastModifiedTime(classFile);
        try {
            Files.setLastModifiedTime(classFile, FileTime.from(Instant.now().plusSeconds(60)));
            assertNotEquals(cache, launcher().aotCache(SPEC), "a changed jar or class, another cache");
        } finally {
            Files.setLastModifiedTime(classFile, before);
        }
    }

    private static String option(FunctionLauncher launcher, String prefix) {
        return launcher.command(SPEC, "127.0.0.1:1", ARN, 1, true).command().stream()
                .filter(o -> o.startsWith(prefix))
                .map(o -> o.substring(prefix.length()))
                .findFirst()
                .orElse("");
    }

    private List<Path> files() throws IOException {
        try (var files = Files.list(classData)) {
            return files.sorted().toList();
        }
    }
}
