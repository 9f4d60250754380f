package com.refundpipeline.domain;

import static com.refundpipeline.domain.CaseStatus.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What each status says about itself beyond its moves: open or not, awaiting verification, its wire name. */
class CaseStatusMutationTest {

    // A return in progress is open: the case is not settled, though the SLA clock waits on the parcel.
    private static final Set<CaseStatus> OPEN = EnumSet.of(
            RECEIVED,
            VERIFYING,
            NEEDS_EVIDENCE,
            IN_REVIEW,
            ON_HOLD,
            APPROVED,
            PAYOUT_PENDING,
            PAYOUT_FAILED,
            AWAITING_RETURN,
            RETURN_IN_TRANSIT,
            RETURN_RECEIVED,
            REPLACEMENT_PENDING);

    private static final Set<CaseStatus> AWAITING_VERIFICATION = EnumSet.of(RECEIVED, VERIFYING, ON_HOLD);

    @ParameterizedTest
    @EnumSource(CaseStatus.class)
    void aCaseIsOpenUntilPaidDeclinedReplacedClosedOrWithdrawn(CaseStatus status) {
        assertEquals(OPEN.contains(status), status.isOpen(), status.wire());
    }

    @ParameterizedTest
    @EnumSource(CaseStatus.class)
    void onlyReceivedVerifyingAndOnHoldAwaitVerification(CaseStatus status) {
        assertEquals(AWAITING_VERIFICATION.contains(status), status.awaitsVerification(), status.wire());
    }

    @ParameterizedTest
    @EnumSource(CaseStatus.class)
    void onlyPaidDeclinedAndReplacedAreSettledAndOnlyAnOwedParcelStopsTheClock(CaseStatus status) {
        assertEquals(status == PAID || status == DECLINED || status == REPLACED, status.settled(), status.wire());
        assertEquals(status == AWAITING_RETURN || status == RETURN_IN_TRANSIT, status.awaitsParcel(), status.wire());
    }

    @Test
    void wireNamesAreTheLowerCaseNames() {
        assertEquals("received", RECEIVED.wire());
        assertEquals("needs_evidence", NEEDS_EVIDENCE.wire());
        assertEquals("on_hold", ON_HOLD.wire());
        assertEquals("payout_failed", PAYOUT_FAILED.wire());
    }

    @ParameterizedTest
    @EnumSource(CaseStatus.class)
    void everyStatusIsReadBackFromItsWireName(CaseStatus status) {
        assertEquals(status, CaseStatus.fromWire(status.wire()));
        assertEquals(Optional.of(status), CaseStatus.parse(status.wire()));
    }

    @Test
    void anUnknownOrUpperCaseNameIsNotAStatus() {
        assertEquals(Optional.empty(), CaseStatus.parse("PAID"));
        assertEquals(Optional.empty(), CaseStatus.parse("refunded"));
        assertEquals(Optional.empty(), CaseStatus.parse(null));
        IllegalArgumentException refused =
                assertThrows(IllegalArgumentException.class, () -> CaseStatus.fromWire("refunded"));
        assertEquals("unknown case status: refunded", refused.getMessage());
    }

    @Test
    void closedAndWithdrawnAreFinalAndEveryOtherStatusCanMoveOn() {
        for (CaseStatus from : values()) {
            boolean movesOn = EnumSet.allOf(CaseStatus.class).stream().anyMatch(from::canMoveTo);
            assertEquals(from != CLOSED && from != WITHDRAWN, movesOn, from.wire());
        }
        assertTrue(ON_HOLD.canMoveTo(WITHDRAWN));
    }
}
