package com.refundpipeline.localstack.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.refundpipeline.localstack.console.LocalSignIn;
import com.refundpipeline.localstack.lambda.LocalFunction;
import java.io.IOException;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Currency;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * After the end-to-end run: the figures of the month holding the run, read the way the console reads them (review-case's
 * {@code GET /figures} through the local function URL, with an ID token from the stack's LOCAL sign-in, which
 * review-case's JWT check accepts), by reason and by day, and a check that they counted every case the bench
 * submitted. The figures come from the cases table's stream through tally-figures, so the stream is first let run dry.
 */
final class FiguresReadBack {

    static final String FUNCTION = "tally-figures";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The stream mapping waits up to its batching window (1 s) and a poll pause between batches. */
    private static final Duration QUIET = Duration.ofSeconds(4);

    private final BenchStack rig;
    private final Progress progress;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    FiguresReadBack(BenchStack rig, Progress progress) {
        this.rig = rig;
        this.progress = progress;
    }

    /** Waits until tally-figures has had nothing to do for a few seconds (at most {@code timeout}). */
    static boolean awaitStreamDrained(BenchStack rig, Duration timeout) throws InterruptedException {
        LocalFunction tally = rig.functions().stream()
                .filter(f -> f.name().equals(FUNCTION))
                .findFirst()
                .orElse(null);
        if (tally == null) {
            return true;
        }
        Instant deadline = Instant.now().plus(timeout);
        long seen = -1;
        Instant quietSince = Instant.now();
        while (Instant.now().isBefore(deadline)) {
            long invocations = tally.usage().invocations();
            if (invocations != seen || tally.busy()) {
                seen = invocations;
                quietSince = Instant.now();
            } else if (Duration.between(quietSince, Instant.now()).compareTo(QUIET) >= 0) {
                return true;
            }
            Thread.sleep(250);
        }
        return false;
    }

    /**
     * @param from      when the bench started (the month is the one holding the run, in the store's time zone)
     * @param submitted the cases submit-refund accepted from the bench, over the whole run
     */
    Map<String, Object> run(Instant from, long submitted) throws Exception {
        progress.say("figures: waiting for the cases stream to run dry, then reading GET /figures");
        boolean drained = awaitStreamDrained(rig, Duration.ofMinutes(3));
        LocalFunction review = rig.functions().stream()
                .filter(f -> f.name().equals("review-case"))
                .findFirst()
                .orElseThrow();
        ZoneId zone = storeZone();
        LocalDate first = from.atZone(zone).toLocalDate().with(TemporalAdjusters.firstDayOfMonth());
        LocalDate last = Instant.now().atZone(zone).toLocalDate().with(TemporalAdjusters.lastDayOfMonth());
        String person = LocalSignIn.parse(review.spec().environment().get("REFUNDS_REVIEW_REVIEWERS"))
                .get(0)
                .name();
        String token = token(person);

        Map<String, Object> m = new LinkedHashMap<>();
        m.put("from", first.toString());
        m.put("to", last.toString());
        m.put("time_zone", zone.getId());
        m.put("signed_in_as", person);
        m.put("stream_drained", drained);
        Map<String, Object> byReason = read(review, token, first, last, "reason");
        Map<String, Object> byDay = read(review, token, first, last, "day");
        m.put("by_reason", byReason);
        m.put("by_day", byDay);
        long counted = requests(byDay);
        m.put("requests_counted", counted);
        m.put("cases_submitted", submitted);
        m.put("requests_match", counted == submitted && requests(byReason) == submitted);
        return m;
    }

    private static long requests(Map<String, Object> read) {
        long n = 0;
        for (Object row : (List<?>) read.getOrDefault("rows", List.of())) {
            n += ((Number) Report.map(row).getOrDefault("requests", 0L)).longValue();
        }
        return n;
    }

    /** The rows of one grouping, reduced to what the report shows; money in major units with its currency. */
    private Map<String, Object> read(LocalFunction review, String token, LocalDate first, LocalDate last, String by)
            throws IOException, InterruptedException {
        URI uri = rig.stack().functionUrl(review.name()).resolve("figures?from=" + first + "&to=" + last + "&by=" + by);
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri)
                        .header("Authorization", "Bearer " + token)
                        .timeout(Duration.ofSeconds(60))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", response.statusCode());
        if (response.statusCode() != 200) {
            m.put("error", response.body());
            return m;
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        for (JsonNode row : JSON.readTree(response.body()).path("rows")) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put(by, row.path(by).asText());
            r.put("requests", row.path("requests").asLong());
            r.put("approved", row.path("approved").asLong());
            r.put("paid", row.path("paid").asLong());
            List<String> refunded = new ArrayList<>();
            row.path("refunded")
                    .properties()
                    .forEach(e ->
                            refunded.add(majorUnits(e.getKey(), e.getValue().asLong())));
            r.put("refunded", String.join(", ", refunded));
            r.put("decision_p50_s", seconds(row.path("decision_time").path("p50_seconds")));
            r.put("decision_p90_s", seconds(row.path("decision_time").path("p90_seconds")));
            r.put("money_p50_s", seconds(row.path("time_to_money").path("p50_seconds")));
            r.put("money_p90_s", seconds(row.path("time_to_money").path("p90_seconds")));
            rows.add(r);
        }
        m.put("rows", rows);
        return m;
    }

    /** An amount kept in minor units, as a person reads it: 1234 USD is "12.34 USD", 500 JPY is "500 JPY". */
    static String majorUnits(String currency, long minor) {
        int digits;
        try {
            digits = Math.max(0, Currency.getInstance(currency).getDefaultFractionDigits());
        } catch (IllegalArgumentException e) {
            digits = 2;
        }
        return BigDecimal.valueOf(minor).movePointLeft(digits).toPlainString() + " " + currency;
    }

    private static Object seconds(JsonNode value) {
        return value.isNumber() ? value.asLong() : null;
    }

    private ZoneId storeZone() {
        String zone = rig.functions().stream()
                .filter(f -> f.name().equals(FUNCTION))
                .findFirst()
                .map(f -> f.spec().environment().get("REFUNDS_FIGURES_TIME_ZONE"))
                .orElse(null);
        try {
            return zone == null || zone.isBlank() ? ZoneId.of("UTC") : ZoneId.of(zone);
        } catch (RuntimeException e) {
            return ZoneId.of("UTC");
        }
    }

    /** An ID token from the stack's LOCAL sign-in, as the console's sign-in page gets one. */
    private String token(String person) throws IOException, InterruptedException {
        URI uri = URI.create("http://localhost:" + rig.stack().port() + "/console/local-sign-in/token");
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri)
                        .header("Content-Type", "application/json")
                        .timeout(Duration.ofSeconds(30))
                        .POST(HttpRequest.BodyPublishers.ofString(
                                JSON.createObjectNode().put("person", person).toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        String token = response.statusCode() == 200
                ? JSON.readTree(response.body()).path("id_token").asText("")
                : "";
        if (token.isEmpty()) {
            throw new IOException("the LOCAL sign-in gave no token: " + response.statusCode() + " " + response.body());
        }
        return token;
    }
}
