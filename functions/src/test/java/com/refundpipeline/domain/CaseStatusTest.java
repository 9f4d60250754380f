package com.refundpipeline.domain;

import static com.refundpipeline.domain.CaseStatus.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CaseStatusTest {

    /**
     * Every move, allowed (x) or not (.), from the status of the row to the status of the column: the lifecycle as a
     * reviewer reads it, written out by hand so a change to {@link CaseStatus} must change this table too.
     */
    private static final String LIFECYCLE = """
                               rec ver evi rev hol app dec pen pai fai clo wit awa tra rrc rpl rpd
            received            .   .   x   x   x   x   x   .   .   .   .   x   x   .   .   x   .
            verifying           .   .   x   x   x   x   x   .   .   .   .   x   x   .   .   x   .
            needs_evidence      .   x   .   .   .   .   x   .   .   .   .   x   .   .   .   .   .
            in_review           .   .   x   .   .   x   x   .   .   .   .   x   x   .   .   x   .
            on_hold             .   .   x   x   .   x   x   .   .   .   .   x   x   .   .   x   .
            approved            .   .   .   .   .   .   .   x   .   .   .   x   .   .   .   .   .
            declined            .   .   .   .   .   .   .   .   .   .   x   .   .   .   .   .   .
            payout_pending      .   .   .   .   .   .   .   .   x   x   .   .   .   .   .   .   .
            paid                .   .   .   .   .   .   .   .   .   .   x   .   .   .   .   .   .
            payout_failed       .   .   .   .   .   .   .   x   .   .   x   .   .   .   .   .   .
            closed              .   .   .   .   .   .   .   .   .   .   .   .   .   .   .   .   .
            withdrawn           .   .   .   .   .   .   .   .   .   .   .   .   .   .   .   .   .
            awaiting_return     .   .   .   .   .   .   .   .   .   .   x   x   .   x   x   .   .
            return_in_transit   .   .   .   .   .   .   .   .   .   .   .   x   .   .   x   .   .
            return_received     .   .   .   .   .   x   x   .   .   .   .   x   .   .   .   x   .
            replacement_pending .   .   .   .   .   x   .   .   .   .   .   .   .   .   .   .   x
            replaced            .   .   .   .   .   .   .   .   .   .   x   .   .   .   .   .   .
            """;

    /** The table's 289 cells: (from, to, allowed); columns are the statuses in declaration order. */
    @SuppressWarnings("EnumOrdinal") // the columns are the statuses in declaration order, by design
    static Stream<Arguments> everyMove() {
        List<String> rows = LIFECYCLE.lines().skip(1).toList();
        return rows.stream().flatMap(row -> {
            String[] cells = row.trim().split("\\s+");
            CaseStatus from = CaseStatus.fromWire(cells[0]);
            return Stream.of(values()).map(to -> Arguments.of(from, to, cells[1 + to.ordinal()].equals("x")));
        });
    }

    @ParameterizedTest(name = "{0} -> {1}: {2}")
    @MethodSource("everyMove")
    void onlyTheMovesOfTheLifecycleAreAllowed(CaseStatus from, CaseStatus to, boolean allowed) {
        assertEquals(allowed, from.canMoveTo(to));
    }

    @Test
    void theTableCoversEveryPairOfStatuses() {
        List<Arguments> moves = everyMove().toList();
        assertEquals(values().length * values().length, moves.size());
        assertEquals(
                289,
                moves.stream()
                        .map(a -> List.of(a.get()[0], a.get()[1]))
                        .distinct()
                        .count());
        List<CaseStatus> rows = LIFECYCLE
                .lines()
                .skip(1)
                .map(r -> CaseStatus.fromWire(r.trim().split(" ")[0]))
                .toList();
        assertEquals(List.of(values()), rows, "one row per status, in declaration order");
    }

    @Test
    void aCaseRefusesAMoveTheLifecycleDoesNotAllow() {
        RefundCase received = new RefundCase(
                "rc_00000000000000000000",
                RECEIVED,
                1,
                Instant.EPOCH,
                Instant.EPOCH,
                Instant.EPOCH.plus(Duration.ofDays(1)),
                null,
                "h",
                100,
                null,
                null,
                List.of());
        IllegalStateException refused = assertThrows(
                IllegalStateException.class, () -> received.moveTo(PAID, "test", "skip ahead", Instant.EPOCH));
        assertEquals("case rc_00000000000000000000 cannot move from received to paid", refused.getMessage());
    }

    @Test
    void openCasesAreThoseStillOwedAResolution() {
        assertEquals(
                List.of(
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
                        REPLACEMENT_PENDING),
                List.of(values()).stream().filter(CaseStatus::isOpen).toList());
    }

    @Test
    void caseIdsFollowTheIdempotencyKey() {
        assertEquals(RefundCase.caseIdFor("key-1"), RefundCase.caseIdFor("key-1"));
        org.junit.jupiter.api.Assertions.assertNotEquals(RefundCase.caseIdFor("key-1"), RefundCase.caseIdFor("key-2"));
        org.junit.jupiter.api.Assertions.assertTrue(
                RefundCase.caseIdFor("key-1").matches("rc_[0-9a-f]{20}"));
    }
}
