package com.refundpipeline.figures;

import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.Payout;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.RefundRequest;
import com.refundpipeline.domain.TimelineEvent;
import com.refundpipeline.store.CaseFollowUps.Feedback;
import com.refundpipeline.store.FigureKey;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What one version of a case counts in the figures, as a pure function of the case (a stream image): for its
 * case-level row and for each SKU row, the counters below. A stream record contributes
 * {@link #delta(Map, Map) the new image's counts minus the old image's}, so the contributions of a case's versions
 * add up to what its latest version counts, in whatever order they are added.
 *
 * <p>
 * Every case counts on the day its request was made (in the store's time zone): the "in review" and "open" counters
 * are the cases of that day still in that state, and a payout three days later moves that day's figures.
 */
public final class CaseFigures {

    public static final String REQUESTS = "requests";
    public static final String OPEN = "open";
    public static final String IN_REVIEW = "in_review";
    public static final String APPROVED = "approved";
    public static final String DECLINED = "declined";
    public static final String WITHDRAWN = "withdrawn";
    public static final String PAID = "paid";
    public static final String DECIDED_AUTOMATICALLY = "decided_auto";
    public static final String DECIDED_BY_PERSON = "decided_manual";
    public static final String EVIDENCE_REQUESTS = "evidence_requests";
    public static final String SLA_BREACHES = "sla_breaches";
    public static final String UNITS_REQUESTED = "units_requested";
    public static final String UNITS_REFUNDED = "units_refunded";
    /** Followed by the ISO 4217 code: {@code refunded_USD}, minor units. */
    public static final String REFUNDED = "refunded_";

    public static final String DECISION = "decision";
    public static final String MONEY = "money";
    public static final String CSAT_ANSWERS = "csat_answers";
    public static final String CSAT_SUM = "csat_sum";
    /** Followed by the score 1-5: {@code csat_4}. */
    public static final String CSAT = "csat_";

    /** The resolution of a case with no money granted (open, declined, withdrawn). */
    public static final String NO_RESOLUTION = "none";

    private CaseFigures() {}

    /** The store's day of an instant: the figures' day. */
    public static String day(Instant at, ZoneId zone) {
        return LocalDate.ofInstant(at, zone).toString();
    }

    /** Everything one version of a case counts, by row. */
    public static Map<FigureKey, Map<String, Long>> of(RefundCase c, Feedback feedback, String store, ZoneId zone) {
        String day = day(c.createdAt(), zone);
        String reason = c.request().reason().wire();
        String resolution = resolution(c);
        Map<String, Long> caseCounters = caseCounters(c, feedback);
        Map<FigureKey, Map<String, Long>> rows = new LinkedHashMap<>();
        rows.put(new FigureKey(store, day, reason, FigureKey.ALL, FigureKey.ALL, resolution), caseCounters);

        boolean refunded = refunded(c);
        long amount = refunded ? refundedAmount(c) : 0;
        List<RefundRequest.RequestedItem> items = c.request().items();
        long goods = 0;
        for (RefundRequest.RequestedItem item : items) {
            goods += lineGoods(c, item);
        }
        long shared = 0;
        for (int i = 0; i < items.size(); i++) {
            RefundRequest.RequestedItem item = items.get(i);
            RefundRequest.OrderLine line = c.request().order().line(item.sku());
            String category = line == null || line.category() == null ? "uncategorized" : line.category();
            FigureKey key = new FigureKey(store, day, reason, item.sku(), category, resolution);
            Map<String, Long> counters = new TreeMap<>(caseCounters);
            counters.remove(UNITS_REQUESTED);
            counters.remove(UNITS_REFUNDED);
            counters.keySet().removeIf(name -> name.startsWith(REFUNDED));
            counters.put(UNITS_REQUESTED, item.quantity());
            if (refunded) {
                counters.put(UNITS_REFUNDED, item.quantity());
                // The payout split over the lines by goods value; the last line takes what rounding left.
                long share = i == items.size() - 1
                        ? amount - shared
                        : goods == 0 ? 0 : Math.multiplyExact(amount, lineGoods(c, item)) / goods;
                shared += share;
                counters.put(REFUNDED + c.currency(), share);
            }
            rows.merge(key, counters, CaseFigures::sum);
        }
        return rows;
    }

    /** new − old, row by row, without the counters that did not change; either side may be empty. */
    public static Map<FigureKey, Map<String, Long>> delta(
            Map<FigureKey, Map<String, Long>> old, Map<FigureKey, Map<String, Long>> now) {
        Map<FigureKey, Map<String, Long>> delta = new LinkedHashMap<>();
        now.forEach((key, counters) -> delta.put(key, new TreeMap<>(counters)));
        old.forEach((key, counters) -> {
            Map<String, Long> row = delta.computeIfAbsent(key, k -> new TreeMap<>());
            counters.forEach((name, value) -> row.merge(name, -value, Long::sum));
        });
        delta.values().forEach(row -> row.values().removeIf(v -> v == 0));
        delta.values().removeIf(Map::isEmpty);
        return delta;
    }

    private static Map<String, Long> sum(Map<String, Long> a, Map<String, Long> b) {
        Map<String, Long> sum = new TreeMap<>(a);
        b.forEach((k, v) -> sum.merge(k, v, Long::sum));
        return sum;
    }

    static Map<String, Long> caseCounters(RefundCase c, Feedback feedback) {
        Map<String, Long> counters = new TreeMap<>();
        counters.put(REQUESTS, 1L);
        counters.put(outcome(c), 1L);
        long units = 0;
        for (RefundRequest.RequestedItem item : c.request().items()) {
            units += item.quantity();
        }
        counters.put(UNITS_REQUESTED, units);

        Optional<TimelineEvent> decided = first(c, CaseStatus.APPROVED, CaseStatus.DECLINED);
        decided.ifPresent(e -> {
            counters.put(Histogram.counter(DECISION, Duration.between(c.createdAt(), e.at())), 1L);
            boolean automatic = c.decision() != null
                    ? !String.valueOf(c.decision().decidedBy()).startsWith("reviewer")
                    : RefundCase.SYSTEM.equals(e.actor()) || "policy".equals(e.actor());
            counters.put(automatic ? DECIDED_AUTOMATICALLY : DECIDED_BY_PERSON, 1L);
        });
        Optional<TimelineEvent> paid = first(c, CaseStatus.PAID);
        paid.ifPresent(e -> {
            counters.put(PAID, 1L);
            counters.put(Histogram.counter(MONEY, Duration.between(c.createdAt(), e.at())), 1L);
            if (e.at().isAfter(c.resolutionDueAt())) {
                counters.put(SLA_BREACHES, 1L);
            }
        });
        long evidenceRequests = c.timeline().stream()
                .filter(e -> e.to() == CaseStatus.NEEDS_EVIDENCE)
                .count();
        if (evidenceRequests > 0) {
            counters.put(EVIDENCE_REQUESTS, evidenceRequests);
        }
        if (refunded(c)) {
            counters.put(UNITS_REFUNDED, units);
            counters.put(REFUNDED + c.currency(), refundedAmount(c));
        }
        if (feedback != null) {
            counters.put(CSAT_ANSWERS, 1L);
            counters.put(CSAT_SUM, (long) feedback.score());
            counters.put(CSAT + feedback.score(), 1L);
        }
        return counters;
    }

    /** approved (whatever happened to the money since), declined, withdrawn, in_review, or open. */
    static String outcome(RefundCase c) {
        if (c.status() == CaseStatus.WITHDRAWN) {
            return WITHDRAWN;
        }
        if (c.decision() != null && c.decision().outcome() == CaseStatus.APPROVED) {
            return APPROVED;
        }
        if (c.decision() != null && c.decision().outcome() == CaseStatus.DECLINED) {
            return DECLINED;
        }
        return c.status() == CaseStatus.IN_REVIEW ? IN_REVIEW : OPEN;
    }

    /** How money was granted: the approval's method, or {@link #NO_RESOLUTION}. */
    static String resolution(RefundCase c) {
        if (APPROVED.equals(outcome(c)) && c.decision().method() != null) {
            return c.decision().method().wire();
        }
        return NO_RESOLUTION;
    }

    /** The money reached the customer: the case was paid (and not since taken back by a failed payout). */
    static boolean refunded(RefundCase c) {
        boolean paid = first(c, CaseStatus.PAID).isPresent();
        return paid
                && c.status() != CaseStatus.PAYOUT_FAILED
                && (c.payout() == null || c.payout().status() != Payout.Status.FAILED);
    }

    static long refundedAmount(RefundCase c) {
        if (c.payout() != null) {
            return c.payout().amount();
        }
        return c.decision() != null && c.decision().amount() != null
                ? c.decision().amount()
                : 0;
    }

    private static long lineGoods(RefundCase c, RefundRequest.RequestedItem item) {
        RefundRequest.OrderLine line = c.request().order().line(item.sku());
        return line == null ? 0 : Math.multiplyExact(item.quantity(), line.unitAmount());
    }

    private static Optional<TimelineEvent> first(RefundCase c, CaseStatus... statuses) {
        for (TimelineEvent e : c.timeline()) {
            for (CaseStatus s : statuses) {
                if (e.to() == s) {
                    return Optional.of(e);
                }
            }
        }
        return Optional.empty();
    }

    /** For tests and docs: the counters' names a row may carry besides histograms, currencies and scores. */
    public static List<String> plainCounters() {
        return new ArrayList<>(List.of(
                REQUESTS,
                OPEN,
                IN_REVIEW,
                APPROVED,
                DECLINED,
                WITHDRAWN,
                PAID,
                DECIDED_AUTOMATICALLY,
                DECIDED_BY_PERSON,
                EVIDENCE_REQUESTS,
                SLA_BREACHES,
                UNITS_REQUESTED,
                UNITS_REFUNDED,
                CSAT_ANSWERS,
                CSAT_SUM));
    }

    static Map<String, Long> copy(Map<String, Long> m) {
        return new HashMap<>(m);
    }
}
