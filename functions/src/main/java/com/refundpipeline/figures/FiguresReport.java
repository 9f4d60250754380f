package com.refundpipeline.figures;

import com.refundpipeline.domain.Refusal;
import com.refundpipeline.policy.RefundPolicy;
import com.refundpipeline.store.FiguresStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The figures over a range of days, grouped by reason, SKU, category or day: what {@code GET /figures} answers, as
 * JSON rows or CSV. Reading costs one Query per day (two with the sales feed, for SKUs): O(days × rows), never a
 * scan.
 */
@ApplicationScoped
public class FiguresReport {

    /** The longest range one request may read. */
    public static final int MAX_DAYS = 366;

    static final Set<String> GROUPINGS = Set.of("reason", "sku", "category", "day");
    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");
    private static final Set<String> PARAMETERS = Set.of("from", "to", "by", "currency", "format");

    private final FiguresStore figures;
    private final RefundPolicy policy;

    public FiguresReport(FiguresStore figures, RefundPolicy policy) {
        this.figures = figures;
        this.policy = policy;
    }

    /** A validated question. */
    public record Query(LocalDate from, LocalDate to, String by, String currency) {}

    /** Checks the query parameters; a bad one is a 400 naming it. */
    public static Query query(Map<String, String> parameters) {
        Map<String, String> p = parameters == null ? Map.of() : parameters;
        for (String name : p.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw Refusal.malformed(
                        "parameter_unknown", "unknown parameter " + name + "; use " + new TreeSet<>(PARAMETERS), name);
            }
        }
        LocalDate from = date(p, "from");
        LocalDate to = date(p, "to");
        if (to.isBefore(from)) {
            throw Refusal.malformed("parameter_invalid", "to must not be before from", "to");
        }
        if (ChronoUnit.DAYS.between(from, to) >= MAX_DAYS) {
            throw Refusal.malformed("parameter_invalid", "at most " + MAX_DAYS + " days at once", "to");
        }
        String by = p.getOrDefault("by", "day");
        if (!GROUPINGS.contains(by)) {
            throw Refusal.malformed("parameter_invalid", "by must be one of reason, sku, category, day", "by");
        }
        String currency = p.get("currency");
        if (currency != null && !CURRENCY.matcher(currency).matches()) {
            throw Refusal.malformed("parameter_invalid", "currency must be an ISO 4217 code such as USD", "currency");
        }
        String format = p.get("format");
        if (format != null && !Set.of("json", "csv").contains(format)) {
            throw Refusal.malformed("parameter_invalid", "format must be json or csv", "format");
        }
        return new Query(from, to, by, currency);
    }

    private static LocalDate date(Map<String, String> p, String name) {
        String value = p.get(name);
        if (value == null || value.isBlank()) {
            throw Refusal.malformed("parameter_missing", name + " is required (YYYY-MM-DD)", name);
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw Refusal.malformed("parameter_invalid", name + " must be a date as YYYY-MM-DD", name);
        }
    }

    /** The answer: the question, whether refund rates could be computed, and the rows. */
    public Map<String, Object> read(Query q) {
        String store = policy.document().store();
        boolean lineLevel = q.by().equals("sku") || q.by().equals("category");
        Map<String, Group> groups = new TreeMap<>();
        Map<String, Long> sold = new TreeMap<>();
        for (LocalDate day = q.from(); !day.isAfter(q.to()); day = day.plusDays(1)) {
            for (FiguresStore.Row row : figures.day(store, day.toString())) {
                if (row.key().caseLevel() == lineLevel) {
                    continue;
                }
                String group = switch (q.by()) {
                    case "reason" -> row.key().reason();
                    case "sku" -> row.key().sku();
                    case "category" -> row.key().category();
                    default -> row.key().day();
                };
                groups.computeIfAbsent(group, g -> new Group()).add(row);
            }
            if (q.by().equals("sku")) {
                figures.sales(store, day.toString()).forEach((sku, units) -> sold.merge(sku, units, Long::sum));
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        groups.forEach((key, group) -> rows.add(group.row(q, key, q.by().equals("sku") ? sold.get(key) : null)));
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("store", store);
        answer.put("from", q.from().toString());
        answer.put("to", q.to().toString());
        answer.put("by", q.by());
        answer.put("currency", q.currency());
        answer.put(
                "counted",
                lineLevel
                        ? "lines: a case counts once for each SKU it asks about"
                        : "cases: each case once, on the day of its request in the store's time zone");
        if (q.by().equals("sku")) {
            answer.put(
                    "refund_rate",
                    sold.isEmpty()
                            ? "unavailable: the store sent no sales for these days (POST /sales on submit-refund); counts and"
                                    + " amounts only"
                            : "units refunded / units sold, for the SKUs with sales");
        }
        answer.put("rows", rows);
        return answer;
    }

    /** The sum of the rows of one group. */
    static final class Group {
        final Map<String, Long> counters = new TreeMap<>();
        final Map<String, Long> requestsByReason = new TreeMap<>();
        final Map<String, Map<String, Long>> byResolution = new TreeMap<>();

        void add(FiguresStore.Row row) {
            row.counters().forEach((k, v) -> counters.merge(k, v, Long::sum));
            requestsByReason.merge(
                    row.key().reason(), row.counters().getOrDefault(CaseFigures.REQUESTS, 0L), Long::sum);
            Map<String, Long> resolution =
                    byResolution.computeIfAbsent(row.key().resolution(), r -> new TreeMap<>());
            for (String c : List.of(CaseFigures.REQUESTS, CaseFigures.CSAT_ANSWERS, CaseFigures.CSAT_SUM)) {
                resolution.merge(c, row.counters().getOrDefault(c, 0L), Long::sum);
            }
        }

        long get(String counter) {
            return counters.getOrDefault(counter, 0L);
        }

        Map<String, Object> row(Query q, String key, Long unitsSold) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put(q.by(), key);
            for (String c : List.of(
                    CaseFigures.REQUESTS,
                    CaseFigures.OPEN,
                    CaseFigures.IN_REVIEW,
                    CaseFigures.APPROVED,
                    CaseFigures.DECLINED,
                    CaseFigures.WITHDRAWN,
                    CaseFigures.PAID,
                    CaseFigures.EVIDENCE_REQUESTS,
                    CaseFigures.SLA_BREACHES,
                    CaseFigures.UNITS_REQUESTED,
                    CaseFigures.UNITS_REFUNDED)) {
                row.put(c, get(c));
            }
            long automatic = get(CaseFigures.DECIDED_AUTOMATICALLY);
            long manual = get(CaseFigures.DECIDED_BY_PERSON);
            row.put("decided_automatically", automatic);
            row.put("decided_by_person", manual);
            row.put("automatic_share", automatic + manual == 0 ? null : ratio(automatic, automatic + manual));
            Map<String, Long> refunded = new TreeMap<>();
            counters.forEach((name, value) -> {
                if (name.startsWith(CaseFigures.REFUNDED) && value != 0) {
                    String currency = name.substring(CaseFigures.REFUNDED.length());
                    if (q.currency() == null || q.currency().equals(currency)) {
                        refunded.put(currency, value);
                    }
                }
            });
            row.put("refunded", refunded);
            row.put("decision_time", timing(CaseFigures.DECISION));
            row.put("time_to_money", timing(CaseFigures.MONEY));
            row.put("csat", csat(get(CaseFigures.CSAT_ANSWERS), get(CaseFigures.CSAT_SUM), true));
            Map<String, Object> csatByResolution = new TreeMap<>();
            byResolution.forEach((resolution, c) -> {
                if (c.getOrDefault(CaseFigures.CSAT_ANSWERS, 0L) > 0) {
                    csatByResolution.put(
                            resolution, csat(c.get(CaseFigures.CSAT_ANSWERS), c.get(CaseFigures.CSAT_SUM), false));
                }
            });
            row.put("csat_by_resolution", csatByResolution);
            if (q.by().equals("sku")) {
                row.put("units_sold", unitsSold);
                row.put(
                        "refund_rate",
                        unitsSold == null || unitsSold == 0 ? null : ratio(get(CaseFigures.UNITS_REFUNDED), unitsSold));
            }
            if (!q.by().equals("reason")) {
                List<Map<String, Object>> top = new ArrayList<>();
                requestsByReason.entrySet().stream()
                        .filter(e -> e.getValue() > 0)
                        .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())
                                .thenComparing(Map.Entry.comparingByKey()))
                        .limit(3)
                        .forEach(e -> top.add(Map.of("reason", e.getKey(), "requests", e.getValue())));
                row.put("top_reasons", top);
            }
            return row;
        }

        private Map<String, Object> timing(String prefix) {
            long[] counts = Histogram.counts(prefix, counters);
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("count", Histogram.total(counts));
            t.put("p50_seconds", Histogram.percentileSeconds(counts, 50));
            t.put("p90_seconds", Histogram.percentileSeconds(counts, 90));
            Map<String, Long> buckets = new LinkedHashMap<>();
            for (int i = 0; i < counts.length; i++) {
                buckets.put(
                        i < Histogram.BOUNDS.size()
                                ? "le_" + Histogram.BOUNDS.get(i).toSeconds()
                                : "over",
                        counts[i]);
            }
            t.put("buckets", buckets);
            return t;
        }

        private Map<String, Object> csat(long answers, long sum, boolean distribution) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("answers", answers);
            c.put("average", answers == 0 ? null : ratio(sum, answers));
            if (distribution) {
                Map<String, Long> scores = new LinkedHashMap<>();
                for (int s = 1; s <= 5; s++) {
                    scores.put(Integer.toString(s), get(CaseFigures.CSAT + s));
                }
                c.put("scores", scores);
            }
            return c;
        }
    }

    static Double ratio(long a, long b) {
        return Math.round((double) a / b * 1000) / 1000.0;
    }

    /** The CSV's plain columns after the row's name, in the order the JSON rows carry them. */
    private static final List<String> CSV_COUNTS = List.of(
            "requests",
            "open",
            "in_review",
            "approved",
            "declined",
            "withdrawn",
            "paid",
            "evidence_requests",
            "sla_breaches",
            "units_requested",
            "units_refunded",
            "decided_automatically",
            "decided_by_person",
            "automatic_share");

    /** The same rows as CSV: one line per row, nested figures flattened into columns. */
    @SuppressWarnings("unchecked")
    public static String csv(Map<String, Object> answer) {
        List<Map<String, Object>> rows = (List<Map<String, Object>>) answer.get("rows");
        Set<String> currencies = new TreeSet<>();
        rows.forEach(r -> currencies.addAll(((Map<String, Long>) r.get("refunded")).keySet()));
        String by = (String) answer.get("by");
        List<String> header = new ArrayList<>(List.of(by));
        header.addAll(CSV_COUNTS);
        currencies.forEach(c -> header.add("refunded_" + c));
        header.addAll(List.of(
                "decision_p50_seconds",
                "decision_p90_seconds",
                "money_p50_seconds",
                "money_p90_seconds",
                "csat_answers",
                "csat_average",
                "csat_1",
                "csat_2",
                "csat_3",
                "csat_4",
                "csat_5"));
        if (by.equals("sku")) {
            header.addAll(List.of("units_sold", "refund_rate"));
        }
        if (!by.equals("reason")) {
            header.add("top_reasons");
        }
        StringBuilder out = new StringBuilder(String.join(",", header)).append("\r\n");
        for (Map<String, Object> r : rows) {
            List<Object> cells = new ArrayList<>();
            cells.add(r.get(by));
            for (String h : CSV_COUNTS) {
                cells.add(r.get(h));
            }
            Map<String, Long> refunded = (Map<String, Long>) r.get("refunded");
            currencies.forEach(c -> cells.add(refunded.getOrDefault(c, 0L)));
            Map<String, Object> decision = (Map<String, Object>) r.get("decision_time");
            Map<String, Object> money = (Map<String, Object>) r.get("time_to_money");
            Map<String, Object> csat = (Map<String, Object>) r.get("csat");
            cells.addAll(List.of(
                    nullable(decision.get("p50_seconds")),
                    nullable(decision.get("p90_seconds")),
                    nullable(money.get("p50_seconds")),
                    nullable(money.get("p90_seconds")),
                    csat.get("answers"),
                    nullable(csat.get("average"))));
            ((Map<String, Long>) csat.get("scores")).values().forEach(cells::add);
            if (by.equals("sku")) {
                cells.add(nullable(r.get("units_sold")));
                cells.add(nullable(r.get("refund_rate")));
            }
            if (!by.equals("reason")) {
                StringBuilder top = new StringBuilder();
                for (Map<String, Object> t : (List<Map<String, Object>>) r.get("top_reasons")) {
                    top.append(top.isEmpty() ? "" : ";")
                            .append(t.get("reason"))
                            .append(':')
                            .append(t.get("requests"));
                }
                cells.add(top.toString());
            }
            List<String> text = new ArrayList<>();
            cells.forEach(c -> text.add(cell(String.valueOf(c))));
            out.append(String.join(",", text)).append("\r\n");
        }
        return out.toString();
    }

    private static Object nullable(Object value) {
        return value == null ? "" : value;
    }

    /** RFC 4180 quoting; a leading = + - @ is defused so a spreadsheet does not run it as a formula. */
    static String cell(String value) {
        String v = value;
        if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0 && !v.matches("-?[0-9.]+")) {
            v = "'" + v;
        }
        if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
            return "\"" + v.replace("\"", "\"\"") + "\"";
        }
        return v;
    }
}
