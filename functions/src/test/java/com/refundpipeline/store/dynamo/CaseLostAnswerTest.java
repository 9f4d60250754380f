package com.refundpipeline.store.dynamo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.CaseTransition;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.RefundRequest;
import com.refundpipeline.domain.TestOrders;
import com.refundpipeline.fuzz.LocalDynamo;
import com.refundpipeline.store.TransitionResult;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The chaos run's defect (seed 1130: two declined customers never told): a case move is applied but its answer lost,
 * and the SDK repeats it, as it does after a timeout or a dropped connection. The repeat fails its condition against
 * the move it made itself. Before the fix that read as "someone else moved the case": review-case answered 409
 * case_changed for a decision it had written and sent no message; nothing ever told the customer (ADR 0035).
 */
class CaseLostAnswerTest {

    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    static LocalDynamo local;
    /** When set, the next write is made twice and only the second answer returned, as an SDK retry after a loss. */
    static final AtomicBoolean loseNextAnswer = new AtomicBoolean();

    static DynamoCaseRepository cases;

    @BeforeAll
    static void start() {
        local = new LocalDynamo("ReviewCaseFunction");
        DynamoDbClient real = local.dynamo();
        DynamoDbClient losing = LosingDynamo.around(real, loseNextAnswer);
        cases = new DynamoCaseRepository(losing, local.config());
    }

    @AfterAll
    static void stop() {
        if (local != null) {
            local.close();
        }
    }

    static RefundCase newCase() {
        RefundRequest request = TestOrders.request();
        RefundCase c = RefundCase.open(UUID.randomUUID().toString(), request, "hash", NOW, Duration.ofHours(24));
        cases.createOrGetExisting(c);
        return cases.find(c.caseId()).orElseThrow();
    }

    @Test
    void aMoveWhoseAnswerWasLostIsStillTheMoversAndOnlyOnce() {
        RefundCase c = newCase();
        CaseTransition verifying = c.moveTo(CaseStatus.IN_REVIEW, "policy:test", "checking", NOW.plusSeconds(1));
        loseNextAnswer.set(true);

        assertEquals(TransitionResult.APPLIED, cases.apply(verifying), "the mover must know its move was made");

        RefundCase now = cases.find(c.caseId()).orElseThrow();
        assertEquals(CaseStatus.IN_REVIEW, now.status());
        assertEquals(c.version() + 1, now.version(), "made once");
        // Anyone else making the same move from the same read is refused.
        CaseTransition other = c.moveTo(CaseStatus.IN_REVIEW, "policy:test", "checking", NOW.plusSeconds(2));
        assertEquals(TransitionResult.STALE, cases.apply(other));
    }

    @Test
    void aLastMoveInATransactionWhoseAnswerWasLostIsStillTheMovers() {
        RefundCase c = newCase();
        CaseTransition withdrawn = c.moveTo(CaseStatus.WITHDRAWN, "storefront", "withdrawn", NOW.plusSeconds(1))
                .withExpiresAt(NOW.plus(Duration.ofDays(400)));
        loseNextAnswer.set(true);

        assertEquals(TransitionResult.APPLIED, cases.apply(withdrawn));
        assertEquals(CaseStatus.WITHDRAWN, cases.find(c.caseId()).orElseThrow().status());
    }
}
