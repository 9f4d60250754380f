package com.refundpipeline.followup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.PayoutMethod;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.RefundReason;
import com.refundpipeline.domain.RefundRequest;
import com.refundpipeline.domain.ShipmentStatus;
import com.refundpipeline.domain.TimelineEvent;
import com.refundpipeline.store.CaseFollowUps.CaseWithFeedback;
import com.refundpipeline.store.CaseFollowUps.Feedback;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FiguresTest {

    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");
    static final Instant START = Instant.parse("2026-11-20T08:00:00Z");

    /** A case requested at START + offset that went through {@code path}, each step {@code step} after the last. */
    static RefundCase walked(
            RefundReason reason, String sku, long quantity, Duration offset, Duration step, CaseStatus... path) {
        Instant created = START.plus(offset);
        RefundRequest.Order order = new RefundRequest.Order(
                "ord_" + UUID.randomUUID(),
                "cus_1",
                "EUR",
                10_000,
                created,
                ShipmentStatus.DELIVERED,
                null,
                null,
                "pi_1",
                List.of(new RefundRequest.OrderLine(sku, 5, 1000, "apparel")));
        RefundRequest request = new RefundRequest(
                order,
                List.of(new RefundRequest.RequestedItem(sku, quantity)),
                reason,
                null,
                List.of(),
                PayoutMethod.ORIGINAL_PAYMENT,
                new RefundRequest.CustomerContact("c@example.com", null, "en", "UTC", "email"));
        RefundCase c = RefundCase.open(UUID.randomUUID().toString(), request, "h", created, Duration.ofHours(24));
        List<TimelineEvent> timeline = new ArrayList<>(c.timeline());
        CaseStatus from = CaseStatus.RECEIVED;
        Instant at = created;
        for (CaseStatus to : path) {
            at = at.plus(step);
            timeline.add(new TimelineEvent(at, "case." + to.wire(), from, to, "system", null));
            from = to;
        }
        return new RefundCase(
                c.caseId(),
                from,
                timeline.size(),
                created,
                at,
                c.resolutionDueAt(),
                request,
                "h",
                c.requestedAmount(),
                null,
                null,
                List.copyOf(timeline));
    }

    static CaseWithFeedback paid(int minutesPerStep, Integer score) {
        RefundCase c = walked(
                RefundReason.DAMAGED,
                "TSHIRT-M",
                1,
                Duration.ZERO,
                Duration.ofMinutes(minutesPerStep),
                CaseStatus.APPROVED,
                CaseStatus.PAYOUT_PENDING,
                CaseStatus.PAID);
        return new CaseWithFeedback(c, score == null ? null : new Feedback(score, null, NOW, score <= 2, null, null));
    }

    @Test
    void mediansPercentilesBreachesAndSatisfaction() {
        List<CaseWithFeedback> all = new ArrayList<>();
        // Ten cases paid: decided after 1..10 hours, paid after 3..30 hours (three equal steps).
        for (int hours = 1; hours <= 10; hours++) {
            Integer score = hours == 1
                    ? Integer.valueOf(5)
                    : hours == 2 ? Integer.valueOf(2) : hours == 3 ? Integer.valueOf(4) : null;
            all.add(paid(hours * 60, score));
        }
        // Open and undecided for days: a decision and a payout breach.
        all.add(new CaseWithFeedback(
                walked(
                        RefundReason.NOT_RECEIVED,
                        "MUG",
                        2,
                        Duration.ZERO,
                        Duration.ofMinutes(1),
                        CaseStatus.VERIFYING,
                        CaseStatus.IN_REVIEW),
                null));
        // Declined quickly: no payout owed, no breach.
        all.add(new CaseWithFeedback(
                walked(RefundReason.CHANGED_MIND, "MUG", 1, Duration.ZERO, Duration.ofMinutes(5), CaseStatus.DECLINED),
                null));
        // Paid, then the payout failed: not refunded, not surveyed.
        all.add(new CaseWithFeedback(
                walked(
                        RefundReason.DAMAGED,
                        "TSHIRT-M",
                        1,
                        Duration.ZERO,
                        Duration.ofMinutes(5),
                        CaseStatus.APPROVED,
                        CaseStatus.PAYOUT_PENDING,
                        CaseStatus.PAID,
                        CaseStatus.PAYOUT_FAILED),
                null));

        Figures f = Figures.of(all, NOW, Duration.ofHours(4), Duration.ofDays(3), Map.of("TSHIRT-M", 200L));

        assertEquals(13, f.cases());
        assertEquals(
                Map.of("paid", 10, "payout_failed", 1), f.byReasonAndStatus().get("damaged"));
        assertEquals(Map.of("in_review", 1), f.byReasonAndStatus().get("not_received"));
        assertEquals(1, f.byStatus().get("declined"));
        // Decisions: 1..10 hours, 5 minutes twice (declined, reversed) -> 12 values.
        assertEquals(12, f.timeToDecision().count());
        assertEquals(
                Duration.ofHours(4).toSeconds(),
                f.timeToDecision().medianSeconds()); // rank 6 of 12 (two 5-minute ones first)
        assertEquals(Duration.ofHours(9).toSeconds(), f.timeToDecision().p90Seconds()); // rank 11 of 12
        // Payouts: 3..30 hours and 15 minutes -> 11 values.
        assertEquals(11, f.timeToPayout().count());
        assertEquals(Duration.ofHours(15).toSeconds(), f.timeToPayout().medianSeconds()); // rank 6 of 11
        assertEquals(Duration.ofHours(27).toSeconds(), f.timeToPayout().p90Seconds()); // rank 10 of 11
        // Decided after more than 4 hours: 5..10 (6 cases), plus the undecided one.
        assertEquals(7, f.slaBreaches().decision());
        // Paid after more than 24 hours: 27 and 30 (2 cases), plus the one still owed.
        assertEquals(3, f.slaBreaches().payout());
        // Surveys due: the ten paid cases (the reversed one is not surveyed); three answered.
        assertEquals(10, f.satisfaction().surveysDue());
        assertEquals(3, f.satisfaction().answers());
        assertEquals(3.667, f.satisfaction().average());
        assertEquals(0.3, f.satisfaction().responseRate());
        assertEquals(1, f.satisfaction().reopened());
        // Per SKU: eleven T-shirt cases, ten refunded; 10 of 200 sold.
        Figures.Sku shirts = f.bySku().get("TSHIRT-M");
        assertEquals(11, shirts.cases());
        assertEquals(10, shirts.unitsRefunded());
        assertEquals(Map.of("EUR", 10_000L), shirts.amountRefunded());
        assertEquals(0.05, shirts.refundRate());
        Figures.Sku mugs = f.bySku().get("MUG");
        assertEquals(3, mugs.unitsRequested());
        assertEquals(0, mugs.unitsRefunded());
        assertNull(mugs.refundRate(), "no sales figure, no rate");
    }

    @Test
    void nothingToMeasureIsNullNotZero() {
        Figures f = Figures.of(List.of(), NOW, Duration.ofHours(4), Duration.ofDays(3), Map.of());
        assertEquals(0, f.cases());
        assertNull(f.timeToDecision().medianSeconds());
        assertNull(f.satisfaction().average());
        assertNull(f.satisfaction().responseRate());
    }
}
