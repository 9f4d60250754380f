package com.refundpipeline.store.dynamo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.TestOrders;
import com.refundpipeline.fuzz.LocalDynamo;
import com.refundpipeline.store.CaseRepository.DuePage;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The sweep's read of open cases by their promise pages through all of them. It used to return the oldest 200 and
 * nothing after: cases that stay due for days (failed payouts, holds) filled every sweep, and cases behind them were
 * never reminded (the 10,000-case chaos run, seed 1201).
 */
class OpenCasesDueTest {

    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    static LocalDynamo local;
    static DynamoCaseRepository cases;

    @BeforeAll
    static void start() {
        local = new LocalDynamo("SendFollowUpFunction");
        cases = new DynamoCaseRepository(local.dynamo(), local.config());
    }

    @AfterAll
    static void stop() {
        if (local != null) {
            local.close();
        }
    }

    static String openedAt(Instant at) {
        RefundCase c =
                RefundCase.open(UUID.randomUUID().toString(), TestOrders.request(), "hash", at, Duration.ofHours(24));
        cases.createOrGetExisting(c);
        return c.caseId();
    }

    @Test
    void pagesReachEveryDueCaseOnceOldestPromiseFirstAndStopAtTheBound() {
        List<String> due = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            due.add(openedAt(NOW.plusSeconds(i)));
        }
        openedAt(NOW.plus(Duration.ofDays(3))); // promised after the bound: not read
        Instant bound = NOW.plus(Duration.ofHours(25));

        List<String> read = new ArrayList<>();
        DuePage.Cursor from = null;
        int pages = 0;
        do {
            DuePage page = cases.openCasesDueBefore(bound, from, 3);
            read.addAll(page.caseIds());
            from = page.next();
            pages++;
        } while (from != null && pages < 10);

        assertEquals(due, read);
        assertNull(from, "the last page says there is no more");
        assertEquals(3, pages, "7 cases in pages of 3");
    }
}
