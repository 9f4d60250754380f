package com.refundpipeline.localstack;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.refundpipeline.localstack.chaos.ChaosRun;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * make chaos's quick mode: a few dozen cases with a fixed seed through the whole stack while faults are injected
 * (DynamoDB and SQS faults, duplicate and late messages, killed processes, provider faults, webhooks twice, late,
 * early and out of order), then the audit; any violation fails the build. The report goes to target/chaos.
 */
class ChaosIT {

    static final long SEED = 17;
    static final int CASES = 20;

    @Test
    void aQuickChaosRunEndsWithNoViolation() throws Exception {
        ChaosRun.Settings settings =
                new ChaosRun.Settings(CASES, SEED, 4, Duration.ofMinutes(3), 1.0, Path.of("target/chaos"));
        ChaosRun.Outcome outcome = new ChaosRun(settings, System.out).run(StackHome.locate());
        assertTrue(outcome.cases() > CASES / 2, () -> "only " + outcome.cases() + " cases were accepted");
        assertTrue(outcome.faults() > 0, "no fault was injected");
        assertTrue(
                outcome.violations().isEmpty(), () -> "seed " + SEED + ": " + String.join("\n", outcome.violations()));
    }
}
