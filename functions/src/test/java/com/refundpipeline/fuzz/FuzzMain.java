package com.refundpipeline.fuzz;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;

import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * make fuzz's runner: runs one fuzz test ({@code com.refundpipeline.pkg.Class#method}) on the JUnit platform in
 * this JVM, so each target costs a JVM start rather than a Maven build (Jazzer fuzzes one test per JVM). Exit code 0
 * when it passed, 1 when Jazzer found something or the test could not run.
 */
public final class FuzzMain {

    private FuzzMain() {}

    public static void main(String[] args) throws Exception {
        String[] target = args[0].split("#");
        Class<?> type = Class.forName(target[0]);
        Method method = Arrays.stream(type.getDeclaredMethods())
                .filter(m -> m.getName().equals(target[1]))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no method " + args[0]));
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectMethod(type, method))
                .build();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create().execute(request, listener);
        TestExecutionSummary summary = listener.getSummary();
        PrintWriter out = new PrintWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        summary.printTo(out);
        summary.printFailuresTo(out, 40);
        boolean passed = summary.getTestsSucceededCount() > 0 && summary.getTotalFailureCount() == 0;
        System.exit(passed ? 0 : 1);
    }
}
