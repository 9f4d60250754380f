package com.refundpipeline.localstack.bench;

import static com.refundpipeline.localstack.bench.Stats.ms;
import static com.refundpipeline.localstack.bench.Stats.percentile;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Refund requests sent open-loop to submit-refund's function URL: arrivals on a fixed schedule. */
final class OpenLoop {

    static final Pattern CASE_ID = Pattern.compile("\"case_id\"\\s*:\\s*\"([^\"]+)\"");
    /** Reasons the policy approves at once with a photo (not_received only when the order never shipped). */
    static final List<String> REASONS =
            List.of("damaged", "wrong_item", "quality_defect", "not_as_described", "missing_item", "not_received");

    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI refunds;
    /** Every case submit-refund accepted from this bench, over all its runs. */
    private final Set<String> everAccepted = ConcurrentHashMap.newKeySet();
    /** Requests that got no case id back: submit may still have taken them (an answer lost, not the case). */
    private final Set<HttpRequest> unanswered = ConcurrentHashMap.newKeySet();

    OpenLoop(URI refunds) {
        this.refunds = refunds;
    }

    /** Latencies of one open-loop run: arrivals on a fixed schedule, whether or not earlier answers came. */
    @SuppressWarnings("ArrayRecordComponent") // a bag of samples, never compared or hashed
    record Run(long[] latencyNanos, int errors, String firstError, double seconds) {
        Map<String, Object> toMap(int rate) {
            return toMap((Number) rate);
        }

        /** With a rate that need not be whole (the end-to-end run at a fraction of its capacity). */
        Map<String, Object> toMap(double rate) {
            return toMap((Number) rate);
        }

        private Map<String, Object> toMap(Number rate) {
            Map<String, Object> m = new LinkedHashMap<>();
            long[] sorted = latencyNanos.clone();
            Arrays.sort(sorted);
            m.put("rate", rate);
            m.put("requests", sorted.length);
            m.put("answered_per_s", Math.round(sorted.length / seconds * 10) / 10.0);
            m.put("p50_ms", ms(percentile(sorted, 50)));
            m.put("p90_ms", ms(percentile(sorted, 90)));
            m.put("p99_ms", ms(percentile(sorted, 99)));
            m.put("max_ms", ms(sorted.length == 0 ? 0 : sorted[sorted.length - 1]));
            m.put("errors", errors);
            if (firstError != null) {
                m.put("first_error", firstError);
            }
            return m;
        }
    }

    /**
     * Sends {@code count} refund requests at {@code rate} per second, each at its planned time (so a slow answer
     * delays no later request), and measures each from its planned time to its answer. Accepted cases go into
     * {@code accepted} with the wall-clock time they were sent.
     */
    Run run(int rate, int count, Map<String, Instant> accepted) throws InterruptedException {
        return run((double) rate, count, accepted);
    }

    /** The same at a rate that need not be whole (above 0). */
    Run run(double rate, int count, Map<String, Instant> accepted) throws InterruptedException {
        long period = (long) (1_000_000_000L / rate);
        long[] latencies = new long[count];
        AtomicInteger next = new AtomicInteger();
        AtomicInteger errors = new AtomicInteger();
        AtomicReference<String> firstError = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(count);
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        long start = System.nanoTime() + 10_000_000L;
        String run = UUID.randomUUID().toString().substring(0, 8);
        ScheduledFuture<?> ticks = scheduler.scheduleAtFixedRate(
                () -> {
                    int k = next.getAndIncrement();
                    if (k >= count) {
                        return;
                    }
                    long planned = start + k * period;
                    Instant wall = Instant.now();
                    HttpRequest request = HttpRequest.newBuilder(refunds)
                            .header("Content-Type", "application/json")
                            .header("Idempotency-Key", "bench-" + run + "-" + k)
                            .timeout(Duration.ofSeconds(30))
                            .POST(HttpRequest.BodyPublishers.ofString(
                                    refundRequest("ord_b" + run + "_" + k, REASONS.get(k % REASONS.size()), wall)))
                            .build();
                    var unused = http.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                            .whenComplete((response, error) -> {
                                latencies[k] = System.nanoTime() - planned;
                                if (error != null || response.statusCode() != 201) {
                                    errors.incrementAndGet();
                                    unanswered.add(request);
                                    firstError.compareAndSet(
                                            null,
                                            error != null
                                                    ? error.toString()
                                                    : response.statusCode() + " " + response.body());
                                } else {
                                    Matcher m = CASE_ID.matcher(response.body());
                                    if (m.find()) {
                                        accepted.put(m.group(1), wall);
                                        everAccepted.add(m.group(1));
                                    }
                                }
                                done.countDown();
                            });
                },
                10_000_000L,
                period,
                TimeUnit.NANOSECONDS);
        boolean finished = done.await((long) (count / rate) + 60L, TimeUnit.SECONDS);
        ticks.cancel(false);
        scheduler.shutdownNow();
        double seconds = (System.nanoTime() - start) / 1e9;
        int missing = (int) done.getCount();
        if (!finished) {
            firstError.compareAndSet(null, missing + " requests never answered");
        }
        return new Run(latencies, errors.get() + missing, firstError.get(), seconds);
    }

    /** How many cases submit-refund accepted from this bench so far, over all its runs. */
    long acceptedSoFar() {
        return everAccepted.size();
    }

    /**
     * Sends each request that got no case id once more with its Idempotency-Key, as a storefront retries: submit answers
     * a case it already took with that case, so a case whose first answer was lost is counted. Returns how many were
     * found that way.
     */
    int resendUnanswered() throws InterruptedException {
        int found = 0;
        for (HttpRequest request : List.copyOf(unanswered)) {
            try {
                HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
                Matcher m = CASE_ID.matcher(response.body());
                if (response.statusCode() / 100 == 2 && m.find() && everAccepted.add(m.group(1))) {
                    found++;
                }
                unanswered.remove(request);
            } catch (IOException e) {
                // still no answer: the case stays uncounted, and the check says so
            }
        }
        return found;
    }

    /**
     * A valid request the policy approves at once: delivered two days ago (or never shipped), with a photo, from a
     * customer of its own (a customer with several recent requests goes to a person, as a frequent refunder).
     */
    static String refundRequest(String orderId, String reason, Instant now) {
        boolean notShipped = reason.equals("not_received");
        Instant placed = now.minus(5, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
        String shipment = notShipped
                ? "\"shipment_status\":\"not_shipped\","
                : "\"shipment_status\":\"delivered\",\"shipped_at\":\"" + placed.plus(1, ChronoUnit.DAYS)
                        + "\",\"delivered_at\":\"" + placed.plus(3, ChronoUnit.DAYS) + "\",";
        // 2999 ends in 99: the sandbox payment provider pays it at once.
        return "{\"order\":{\"id\":\"" + orderId + "\",\"customer_id\":\"cus_" + orderId + "\",\"currency\":\"USD\","
                + "\"captured_amount\":5998,\"placed_at\":\"" + placed + "\"," + shipment
                + "\"payment_reference\":\"pi_bench\",\"lines\":[{\"sku\":\"TSHIRT-M\",\"quantity\":2,"
                + "\"unit_amount\":2999,\"category\":\"apparel\"}]},\"items\":[{\"sku\":\"TSHIRT-M\",\"quantity\":1}],"
                + "\"reason\":\"" + reason + "\",\"note\":\"bench\",\"evidence\":[{\"type\":\"photo\","
                + "\"url\":\"https://evidence.example/" + orderId + "/1.jpg\",\"content_type\":\"image/jpeg\","
                + "\"bytes\":48211}],\"preferred_method\":\"original_payment\",\"customer\":{\"email\":"
                + "\"bench@example.com\",\"locale\":\"en-US\",\"time_zone\":\"UTC\",\"channel\":\"email\"}}";
    }
}
