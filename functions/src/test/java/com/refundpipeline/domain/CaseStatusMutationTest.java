package com.refundpipeline.domain;

import static com.refundpipeline.domain.CaseStatus.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Properties;
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

    /** Every status a payout leads to, short of closing the case: the table of moves followed from payout_pending. */
    private static Set<CaseStatus> reachedByAPayout() {
        Set<CaseStatus> reached = EnumSet.of(PAYOUT_PENDING);
        Deque<CaseStatus> next = new ArrayDeque<>(reached);
        while (!next.isEmpty()) {
            CaseStatus from = next.pop();
            for (CaseStatus to : values()) {
                if (from.canMoveTo(to) && to != CLOSED && reached.add(to)) {
                    next.push(to);
                }
            }
        }
        return reached;
    }

    @ParameterizedTest
    @EnumSource(CaseStatus.class)
    void moneyMovesFromPayoutPendingOnUntilTheCaseCloses(CaseStatus status) {
        assertEquals(reachedByAPayout().contains(status), status.moneyMoving(), status.wire());
    }

    @ParameterizedTest
    @EnumSource(CaseStatus.class)
    void theCustomerMayWithdrawOnlyAnOpenCaseWhoseMoneyHasNotMoved(CaseStatus status) {
        if (status.withdrawable()) {
            assertTrue(status.isOpen() && !status.moneyMoving(), status.wire());
        }
    }

    @Test
    void aCaseIsWithdrawableFromItsRequestUntilThePayoutStarts() {
        assertTrue(RECEIVED.withdrawable());
        assertTrue(APPROVED.withdrawable());
        assertTrue(!PAYOUT_PENDING.withdrawable());
        assertTrue(!CLOSED.withdrawable());
    }

    @Test
    void noMoveLeadsFromMovingMoneyBackToAWithdrawableCase() {
        for (CaseStatus from : values()) {
            for (CaseStatus to : values()) {
                if (from.moneyMoving() && from.canMoveTo(to)) {
                    assertTrue(!to.withdrawable(), from.wire() + " -> " + to.wire());
                }
            }
        }
    }

    /**
     * A status is news for the customer exactly when send-follow-up has a message for it: a subject in each of its
     * message catalogues. A status told without a message would send nothing; one with a message never told, never.
     */
    @ParameterizedTest
    @EnumSource(CaseStatus.class)
    void theCustomerIsToldOfAStatusExactlyWhenThereIsAMessageForIt(CaseStatus status) {
        for (String catalogue : Set.of("followup/messages_en.properties", "followup/messages_zh.properties")) {
            assertEquals(
                    messages(catalogue).containsKey(status.wire() + ".subject"),
                    status.tellsCustomer(),
                    status.wire() + " in " + catalogue);
        }
    }

    private static Properties messages(String resource) {
        Properties messages = new Properties();
        try (InputStream in = CaseStatusMutationTest.class.getClassLoader().getResourceAsStream(resource)) {
            messages.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return messages;
    }
}
