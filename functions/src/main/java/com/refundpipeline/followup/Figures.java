package com.refundpipeline.followup;

import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.RefundRequest;
import com.refundpipeline.domain.TimelineEvent;
import com.refundpipeline.store.CaseFollowUps.CaseWithFeedback;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The figures operations read, and the product and logistics teams learn from: volumes by reason and status, time to
 * decide and to pay (median and p90, nearest rank), SLA breaches, satisfaction, and refunds per SKU.
 */
@RegisterForReflection
public record Figures(
        Instant generatedAt,
        int cases,
        Map<String, Map<String, Integer>> byReasonAndStatus,
        Map<String, Integer> byStatus,
        Timing timeToDecision,
        Timing timeToPayout,
        Breaches slaBreaches,
        Satisfaction satisfaction,
        Map<String, Sku> bySku) {

    /** Durations in seconds; null when there is nothing to measure. */
    @RegisterForReflection
    public record Timing(int count, Long medianSeconds, Long p90Seconds) {}

    /** Cases decided later than the decision target, and cases paid (or still unpaid) past the promise. */
    @RegisterForReflection
    public record Breaches(int decision, int payout) {}

    /** Answers among the cases whose survey was due; the average of their scores. */
    @RegisterForReflection
    public record Satisfaction(
            int surveysDue,
            int answers,
            Double average,
            Double responseRate,
            Map<Integer, Integer> scores,
            int reopened) {}

    /**
     * Per SKU: cases and units asked for, units and money refunded (minor units, per currency), and the refund rate
     * when the units sold are known (the commerce system has them; the refund cases alone do not).
     */
    @RegisterForReflection
    public record Sku(
            int cases,
            long unitsRequested,
            long unitsRefunded,
            Map<String, Long> amountRefunded,
            Long unitsSold,
            Double refundRate) {}

    public static Figures of(
            List<CaseWithFeedback> all,
            Instant now,
            Duration decisionTarget,
            Duration surveyDelay,
            Map<String, Long> unitsSold) {
        Map<String, Map<String, Integer>> byReasonAndStatus = new TreeMap<>();
        Map<String, Integer> byStatus = new TreeMap<>();
        List<Long> toDecision = new ArrayList<>();
        List<Long> toPayout = new ArrayList<>();
        int decisionBreaches = 0;
        int payoutBreaches = 0;
        int surveysDue = 0;
        int answers = 0;
        int reopened = 0;
        long scoreSum = 0;
        Map<Integer, Integer> scores = new TreeMap<>();
        Map<String, SkuTally> skus = new TreeMap<>();

        for (CaseWithFeedback entry : all) {
            RefundCase c = entry.refundCase();
            String status = c.status().wire();
            byReasonAndStatus
                    .computeIfAbsent(c.request().reason().wire(), r -> new TreeMap<>())
                    .merge(status, 1, Integer::sum);
            byStatus.merge(status, 1, Integer::sum);

            Optional<Instant> decided = first(c, CaseStatus.APPROVED, CaseStatus.DECLINED);
            Optional<Instant> paid = first(c, CaseStatus.PAID);
            decided.ifPresent(
                    at -> toDecision.add(Duration.between(c.createdAt(), at).toSeconds()));
            paid.ifPresent(
                    at -> toPayout.add(Duration.between(c.createdAt(), at).toSeconds()));

            Instant decisionDue = c.createdAt().plus(decisionTarget);
            boolean undecided = decided.isEmpty() && c.status().isOpen();
            if (decided.map(at -> at.isAfter(decisionDue)).orElse(undecided && now.isAfter(decisionDue))) {
                decisionBreaches++;
            }
            boolean owed = paid.isEmpty() && c.status().isOpen() && c.status() != CaseStatus.NEEDS_EVIDENCE;
            if (paid.map(at -> at.isAfter(c.resolutionDueAt())).orElse(owed && now.isAfter(c.resolutionDueAt()))) {
                payoutBreaches++;
            }

            if (paid.isPresent() && !paid.get().plus(surveyDelay).isAfter(now) && Courier.payoutSettled(c)) {
                surveysDue++;
            }
            if (entry.feedback() != null) {
                answers++;
                scoreSum += entry.feedback().score();
                scores.merge(entry.feedback().score(), 1, Integer::sum);
                reopened += entry.feedback().reopened() ? 1 : 0;
            }

            boolean refunded = paid.isPresent() && Courier.payoutSettled(c);
            for (RefundRequest.RequestedItem item : c.request().items()) {
                SkuTally tally = skus.computeIfAbsent(item.sku(), s -> new SkuTally());
                tally.cases++;
                tally.requested += item.quantity();
                if (refunded) {
                    tally.refunded += item.quantity();
                    long share = Math.multiplyExact(
                            item.quantity(),
                            c.request().order().line(item.sku()).unitAmount());
                    tally.amount.merge(c.currency(), share, Long::sum);
                }
            }
        }

        Map<String, Sku> bySku = new TreeMap<>();
        skus.forEach((sku, t) -> {
            Long sold = unitsSold == null ? null : unitsSold.get(sku);
            bySku.put(
                    sku,
                    new Sku(
                            t.cases,
                            t.requested,
                            t.refunded,
                            Map.copyOf(t.amount),
                            sold,
                            sold == null || sold == 0 ? null : round((double) t.refunded / sold)));
        });
        Satisfaction satisfaction = new Satisfaction(
                surveysDue,
                answers,
                answers == 0 ? null : round((double) scoreSum / answers),
                surveysDue == 0 ? null : round((double) answers / surveysDue),
                scores,
                reopened);
        return new Figures(
                now,
                all.size(),
                byReasonAndStatus,
                byStatus,
                timing(toDecision),
                timing(toPayout),
                new Breaches(decisionBreaches, payoutBreaches),
                satisfaction,
                bySku);
    }

    private static final class SkuTally {
        int cases;
        long requested;
        long refunded;
        final Map<String, Long> amount = new TreeMap<>();
    }

    /** The first time the case reached any of the statuses. */
    private static Optional<Instant> first(RefundCase c, CaseStatus... statuses) {
        for (TimelineEvent e : c.timeline()) {
            for (CaseStatus s : statuses) {
                if (e.to() == s) {
                    return Optional.of(e.at());
                }
            }
        }
        return Optional.empty();
    }

    static Timing timing(List<Long> seconds) {
        if (seconds.isEmpty()) {
            return new Timing(0, null, null);
        }
        List<Long> sorted = seconds.stream().sorted().toList();
        return new Timing(sorted.size(), nearestRank(sorted, 50), nearestRank(sorted, 90));
    }

    /** The nearest-rank percentile: the smallest value with at least p% of the values at or below it. */
    static long nearestRank(List<Long> sorted, int percentile) {
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
        return sorted.get(Math.max(rank, 1) - 1);
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }
}
