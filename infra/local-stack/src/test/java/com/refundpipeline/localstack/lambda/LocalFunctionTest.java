package com.refundpipeline.localstack.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.refundpipeline.localstack.lambda.testfn.ScriptedHandler;
import com.refundpipeline.localstack.template.StackTemplate;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real function process under the real runtime interface client, against the stack's Runtime API: responses,
 * errors, timeouts, crashes and restarts.
 */
class LocalFunctionTest {

    static final String ARN = "arn:aws:lambda:us-east-1:000000000000:function:local-scripted";

    @TempDir
    static Path taskRoot;

    @TempDir
    static Path jniDir;

    static ScheduledExecutorService timers;
    static LocalFunction function;

    @BeforeAll
    static void start() throws Exception {
        ScriptedFunctions.install(taskRoot);
        timers = Executors.newScheduledThreadPool(2);
        function = new LocalFunction(
                spec("scripted", ScriptedHandler.class.getName() + "::handleRequest", 3), ARN, launcher(), timers);
        function.start();
        Duration init = function.ready().get(30, TimeUnit.SECONDS);
        assertTrue(init.toMillis() > 0);
    }

    static FunctionLauncher launcher() throws IOException {
        return ScriptedFunctions.launcher(
                taskRoot, jniDir, Map.of("AWS_REGION", "us-east-1", "STACK_VALUE", "from-stack"));
    }

    static StackTemplate.Function spec(String name, String handler, int timeout) {
        return new StackTemplate.Function(
                "Scripted",
                "local-" + name,
                name,
                handler,
                "java21",
                timeout,
                256,
                Map.of("TEMPLATE_VALUE", "from-template"),
                List.of(),
                List.of(),
                Optional.empty(),
                "unused");
    }

    @AfterAll
    static void stop() {
        function.close();
        timers.shutdownNow();
    }

    static InvokeResult invoke(String command) {
        return function.invoke(command.getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(30));
    }

    @Test
    void answersWithTheFunctionsResponse() {
        InvokeResult result = invoke("echo:héllo");
        assertFalse(result.isError(), result::toString);
        assertEquals("héllo", result.text());
    }

    @Test
    void givesTheFunctionTheTemplatesAndTheReservedEnvironment() {
        assertEquals("from-template", invoke("env:TEMPLATE_VALUE").text());
        assertEquals("from-stack", invoke("env:STACK_VALUE").text());
        assertEquals("local-scripted", invoke("env:AWS_LAMBDA_FUNCTION_NAME").text());
        assertEquals("256", invoke("env:AWS_LAMBDA_FUNCTION_MEMORY_SIZE").text());
        assertEquals(
                ScriptedHandler.class.getName() + "::handleRequest",
                invoke("env:_HANDLER").text());
        assertEquals("null", invoke("env:HOME").text(), "the developer's environment must not leak in");
    }

    @Test
    void passesTheInvocationContext() {
        String[] context = invoke("context").text().split(" ");
        assertEquals(36, context[0].length());
        assertEquals(ARN, context[1]);
        assertEquals("local-scripted", context[2]);
        assertEquals("256", context[3]);
        assertEquals("true", context[4]);
    }

    @Test
    void reportsAFunctionError() {
        InvokeResult result = invoke("fail");
        assertTrue(result.isError());
        assertTrue(result.text().contains("scripted failure"), result::toString);
        assertEquals("echo", invoke("echo:echo").text(), "the process survives a function error");
    }

    @Test
    void timesOutAndRestartsTheProcess() throws Exception {
        long pid = function.pid();
        InvokeResult result = invoke("sleep:10000");
        assertEquals("Sandbox.Timedout", result.errorType(), result::toString);
        assertEquals("back", invoke("echo:back").text());
        assertNotEquals(pid, function.pid());
    }

    @Test
    void aProcessThatExitsMidInvocationFailsItAndIsRestarted() {
        long pid = function.pid();
        InvokeResult result = invoke("exit:3");
        assertEquals("Runtime.ExitError", result.errorType(), result::toString);
        assertTrue(result.text().contains("exit status 3"), result::toString);
        assertEquals("again", invoke("echo:again").text());
        assertNotEquals(pid, function.pid());
    }

    @Test
    void aKilledIdleProcessIsRestartedAndLosesNothing() throws Exception {
        long pid = function.pid();
        ProcessHandle process = ProcessHandle.of(pid).orElseThrow();
        process.destroyForcibly();
        process.onExit().get(10, TimeUnit.SECONDS);
        // Sent while no process runs: it waits for the restarted one rather than failing.
        assertEquals("alive", invoke("echo:alive").text());
        assertNotEquals(pid, function.pid());
    }
}
