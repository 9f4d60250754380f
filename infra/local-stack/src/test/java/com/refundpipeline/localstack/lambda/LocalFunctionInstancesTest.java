package com.refundpipeline.localstack.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.refundpipeline.localstack.lambda.testfn.ScriptedHandler;
import com.refundpipeline.localstack.template.StackTemplate;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several instances of one function, as Lambda scales out: each its own runtime-client process taking one invocation
 * at a time from the function's queue; one instance works through concurrent invocations one after the other.
 */
class LocalFunctionInstancesTest {

    static final String ARN = "arn:aws:lambda:us-east-1:000000000000:function:local-scripted";
    static final long SLEEP_MS = 1500;

    @TempDir
    static Path taskRoot;

    @TempDir
    static Path jniDir;

    static ScheduledExecutorService timers;
    static LocalFunction two;
    static LocalFunction one;

    @BeforeAll
    static void start() throws Exception {
        ScriptedFunctions.install(taskRoot);
        timers = Executors.newScheduledThreadPool(2);
        FunctionLauncher launcher = ScriptedFunctions.launcher(taskRoot, jniDir, Map.of("AWS_REGION", "us-east-1"));
        two = new LocalFunction(spec("two"), ARN, launcher, timers, 2);
        one = new LocalFunction(spec("one"), ARN, launcher, timers, 1);
        two.start();
        one.start();
        two.ready().get(60, TimeUnit.SECONDS);
        one.ready().get(60, TimeUnit.SECONDS);
        // Both of two's processes up and asking for work before anything is timed.
        for (int i = 0; i < 600 && two.pids().contains(-1L); i++) {
            Thread.sleep(50);
        }
        warm(two);
        warm(one);
    }

    static StackTemplate.Function spec(String name) {
        return new StackTemplate.Function(
                "Scripted",
                "local-" + name,
                name,
                ScriptedHandler.class.getName() + "::handleRequest",
                "java21",
                10,
                256,
                Map.of(),
                List.of(),
                List.of(),
                Optional.empty(),
                "unused");
    }

    /** Every instance has answered once, so no init is inside a timing. */
    static void warm(LocalFunction function) {
        List<CompletableFuture<InvokeResult>> calls = List.of(
                CompletableFuture.supplyAsync(() -> invoke(function, "sleep:300")),
                CompletableFuture.supplyAsync(() -> invoke(function, "sleep:300")));
        calls.forEach(CompletableFuture::join);
    }

    @AfterAll
    static void stop() {
        two.close();
        one.close();
        timers.shutdownNow();
    }

    static InvokeResult invoke(LocalFunction function, String command) {
        return function.invoke(command.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(30));
    }

    /** Starts two slow invocations at once and returns how long until both answered. */
    static Duration twoAtOnce(LocalFunction function) {
        long t0 = System.nanoTime();
        List<CompletableFuture<InvokeResult>> calls = List.of(
                CompletableFuture.supplyAsync(() -> invoke(function, "sleep:" + SLEEP_MS)),
                CompletableFuture.supplyAsync(() -> invoke(function, "sleep:" + SLEEP_MS)));
        for (CompletableFuture<InvokeResult> call : calls) {
            InvokeResult result = call.join();
            assertFalse(result.isError(), result::toString);
        }
        return Duration.ofNanos(System.nanoTime() - t0);
    }

    @Test
    void eachInstanceIsItsOwnProcess() {
        assertEquals(2, two.instances());
        Set<Long> pids = new HashSet<>(two.pids());
        assertEquals(2, pids.size(), () -> "pids " + two.pids());
        assertFalse(pids.contains(-1L));
        assertEquals(List.of("two#1", "two#2"), two.instanceNames());
    }

    @Test
    void twoInstancesRunTwoSlowInvocationsInParallel() {
        Duration both = twoAtOnce(two);
        assertTrue(both.toMillis() < 2 * SLEEP_MS - 300, () -> "two invocations on two instances took " + both);
    }

    @Test
    void oneInstanceRunsThemOneAfterTheOther() {
        Duration both = twoAtOnce(one);
        assertTrue(both.toMillis() >= 2 * SLEEP_MS, () -> "two invocations on one instance took only " + both);
    }
}
