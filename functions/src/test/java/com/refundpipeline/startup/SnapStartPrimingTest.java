package com.refundpipeline.startup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.refundpipeline.testing.LocalAws;
import com.refundpipeline.testing.SubmitRefundProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.Map;
import org.crac.Core;
import org.junit.jupiter.api.Test;

/**
 * The SnapStart hook's work, run here as Lambda would run it before the snapshot (no CRaC JVM here, so the test
 * calls it): every step primes against DynamoDB Local and ElasticMQ, and nothing is written or queued.
 */
@QuarkusTest
@TestProfile(SubmitRefundProfile.class)
class SnapStartPrimingTest {

    @Inject
    SnapStartPriming priming;

    @Inject
    LocalAws aws;

    @Test
    void primesJacksonDynamoDbAndSqsWithoutSideEffects() throws Exception {
        long casesBefore = aws.caseCount();
        aws.drain(aws.verifyQueue());
        int queuedBefore = aws.drain(aws.verifyQueue()).size();

        Map<String, String> outcome = priming.prime();

        assertEquals(Map.of("jackson", "ok", "dynamodb", "ok", "sqs", "ok"), outcome);
        assertEquals(casesBefore, aws.caseCount(), "priming wrote a case");
        assertEquals(queuedBefore, aws.drain(aws.verifyQueue()).size(), "priming queued a message");
    }

    @Test
    void theHookRunsThroughCracsContextAndPrimingFailuresNeverThrow() throws Exception {
        // The context call Lambda makes; org.crac's fallback context here, so this is the hook's own body.
        priming.beforeCheckpoint(Core.getGlobalContext());
        priming.afterRestore(Core.getGlobalContext());
        assertTrue(priming.prime().values().stream().allMatch(v -> v.equals("ok") || v.startsWith("skipped")));
    }
}
