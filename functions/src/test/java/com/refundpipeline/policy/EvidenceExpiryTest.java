package com.refundpipeline.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.CaseTransition;
import com.refundpipeline.domain.Decision;
import com.refundpipeline.domain.DeclineCode;
import com.refundpipeline.domain.RefundCase;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A case waiting on evidence waits as long as the store's policy says (the default: 7 days from the last time it was
 * asked), then is declined for no_evidence by the system, under the policy version that asked.
 */
class EvidenceExpiryTest {

    private static final Instant T0 = Instant.parse("2026-11-06T12:00:00Z");
    private static final EvidenceExpiry EXPIRY = new EvidenceExpiry(PolicyFixtures.DEFAULT);

    /** A damaged-item case asked for photos at {@code asked}, by the policy (so its decision names the version). */
    private static RefundCase askedForPhotosAt(Instant asked) {
        RefundCase received = PolicyFixtures.damaged(0, T0);
        Decision ask = new Decision(
                CaseStatus.NEEDS_EVIDENCE,
                null,
                null,
                EvidenceValidator.NAME,
                "2026-11-v2",
                null,
                "Please send photos",
                RefundPolicy.DECIDED_BY,
                asked);
        return received.after(received.moveTo(CaseStatus.NEEDS_EVIDENCE, "verify-evidence", "photos", asked)
                .withDecision(ask));
    }

    @Test
    void theWaitIsThePolicys() {
        assertEquals(Duration.ofDays(7), EXPIRY.waits());
        assertEquals(T0.plus(Duration.ofDays(7)), EXPIRY.expiresAt(T0));
    }

    @Test
    void theWaitRunsFromTheLastTimeEvidenceWasAskedFor() {
        RefundCase first = askedForPhotosAt(T0);
        assertEquals(T0, EvidenceExpiry.askedAt(first));
        RefundCase verifying =
                first.after(first.moveTo(CaseStatus.VERIFYING, "add-evidence", "1 photo", T0.plusSeconds(60)));
        assertEquals(T0, EvidenceExpiry.askedAt(verifying), "sending evidence does not restart the wait");
        Instant again = T0.plus(Duration.ofDays(2));
        RefundCase askedAgain =
                verifying.after(verifying.moveTo(CaseStatus.NEEDS_EVIDENCE, "verify-evidence", "more", again));
        assertEquals(again, EvidenceExpiry.askedAt(askedAgain));
    }

    @Test
    void aCaseWhoseTimelineNeverAskedWaitsFromItsLastUpdate() {
        RefundCase received = PolicyFixtures.damaged(0, T0);
        assertEquals(received.updatedAt(), EvidenceExpiry.askedAt(received));
    }

    @Test
    void theEvidenceIsAwaitedUntilTheWaitIsOverAndNotAMomentLonger() {
        RefundCase waiting = askedForPhotosAt(T0);
        Instant end = T0.plus(Duration.ofDays(7));
        assertFalse(EXPIRY.hasExpired(waiting, end.minusNanos(1)));
        assertTrue(EXPIRY.hasExpired(waiting, end));
        assertTrue(EXPIRY.hasExpired(waiting, end.plusSeconds(1)));
    }

    @Test
    void anExpiredWaitDeclinesForNoEvidenceUnderThePolicyVersionThatAsked() {
        RefundCase waiting = askedForPhotosAt(T0);
        Instant now = T0.plus(Duration.ofDays(8));
        CaseTransition declined = EXPIRY.decline(waiting, now);
        assertEquals(CaseStatus.NEEDS_EVIDENCE, declined.from());
        assertEquals(CaseStatus.DECLINED, declined.to());
        assertEquals(RefundCase.SYSTEM, declined.event().actor());
        assertEquals("no evidence within 7 days", declined.event().reason());
        assertEquals(now, declined.event().at());
        assertEquals(
                new Decision(
                        CaseStatus.DECLINED,
                        null,
                        null,
                        EvidenceExpiry.RULE,
                        "2026-11-v2",
                        DeclineCode.NO_EVIDENCE,
                        DeclineCode.NO_EVIDENCE.explanation(),
                        RefundCase.SYSTEM,
                        now),
                declined.decision());
    }

    @Test
    void aCaseAskedWithoutADecisionIsDeclinedWithoutAPolicyVersion() {
        RefundCase received = PolicyFixtures.damaged(0, T0);
        RefundCase waiting = received.after(received.moveTo(CaseStatus.NEEDS_EVIDENCE, "agent", "photos", T0));
        assertNull(
                EXPIRY.decline(waiting, T0.plus(Duration.ofDays(7))).decision().policyVersion());
    }
}
