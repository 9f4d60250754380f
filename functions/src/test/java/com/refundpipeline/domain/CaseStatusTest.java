package com.refundpipeline.domain;

import static com.refundpipeline.domain.CaseStatus.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class CaseStatusTest {

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @CsvSource({
            "RECEIVED, APPROVED, true",
            "RECEIVED, NEEDS_EVIDENCE, true",
            "RECEIVED, PAYOUT_PENDING, false",
            "RECEIVED, PAID, false",
            "VERIFYING, DECLINED, true",
            "NEEDS_EVIDENCE, VERIFYING, true",
            "NEEDS_EVIDENCE, APPROVED, false",
            "IN_REVIEW, APPROVED, true",
            "APPROVED, PAYOUT_PENDING, true",
            "APPROVED, PAID, false",
            "APPROVED, DECLINED, false",
            "PAYOUT_PENDING, PAID, true",
            "PAYOUT_PENDING, PAYOUT_FAILED, true",
            "PAYOUT_PENDING, WITHDRAWN, false",
            "PAYOUT_FAILED, PAYOUT_PENDING, true",
            "PAID, CLOSED, true",
            "PAID, PAYOUT_PENDING, false",
            "DECLINED, APPROVED, false",
            "CLOSED, RECEIVED, false",
            "WITHDRAWN, VERIFYING, false",
            "RECEIVED, ON_HOLD, true",
            "VERIFYING, ON_HOLD, true",
            "ON_HOLD, IN_REVIEW, true",
            "ON_HOLD, APPROVED, true",
            "ON_HOLD, ON_HOLD, false",
            "ON_HOLD, PAYOUT_PENDING, false",
            "IN_REVIEW, ON_HOLD, false",
    })
    void onlyTheMovesOfTheLifecycleAreAllowed(CaseStatus from, CaseStatus to, boolean allowed) {
        assertEquals(allowed, from.canMoveTo(to));
    }

    @Test
    void aCaseRefusesAMoveTheLifecycleDoesNotAllow() {
        RefundCase received = new RefundCase("rc_00000000000000000000", RECEIVED, 1, Instant.EPOCH, Instant.EPOCH,
                Instant.EPOCH.plus(Duration.ofDays(1)), null, "h", 100, null, null, List.of());
        IllegalStateException refused = assertThrows(IllegalStateException.class,
                () -> received.moveTo(PAID, "test", "skip ahead", Instant.EPOCH));
        assertEquals("case rc_00000000000000000000 cannot move from received to paid", refused.getMessage());
    }

    @Test
    void openCasesAreThoseStillOwedAResolution() {
        assertEquals(List.of(RECEIVED, VERIFYING, NEEDS_EVIDENCE, IN_REVIEW, ON_HOLD, APPROVED, PAYOUT_PENDING, PAYOUT_FAILED,
                AWAITING_RETURN, RETURN_IN_TRANSIT, RETURN_RECEIVED),
                List.of(values()).stream().filter(CaseStatus::isOpen).toList());
    }

    @Test
    void caseIdsFollowTheIdempotencyKey() {
        assertEquals(RefundCase.caseIdFor("key-1"), RefundCase.caseIdFor("key-1"));
        org.junit.jupiter.api.Assertions.assertNotEquals(RefundCase.caseIdFor("key-1"), RefundCase.caseIdFor("key-2"));
        org.junit.jupiter.api.Assertions.assertTrue(RefundCase.caseIdFor("key-1").matches("rc_[0-9a-f]{20}"));
    }
}
