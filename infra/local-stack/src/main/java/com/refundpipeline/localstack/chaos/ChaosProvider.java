package com.refundpipeline.localstack.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.refundpipeline.localstack.aws.CustomerChannels;
import com.refundpipeline.localstack.aws.StripeWebhookSender;
import com.refundpipeline.localstack.chaos.Faults.Kind;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The sandbox payment provider as a server of its own, speaking the part of Stripe's refunds API that
 * StripePaymentGateway uses (POST /v1/refunds with an Idempotency-Key, GET /v1/refunds?payment_intent=...), so that
 * it keeps its own ledger outside the function processes (which the chaos run kills) and can misbehave: deterministic
 * by amount as the in-process sandbox (91 pending then settled by a signed webhook, 92 declined, 93 pays and times
 * out on the first call), plus the provider faults of {@link Faults}. {@code GET /ledger} shows every refund made.
 */
final class ChaosProvider implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One refund in the provider's ledger: made once per idempotency key. */
    static final class Refund {
        final String id;
        final String key;
        final String caseId;
        final String paymentIntent;
        final long amount;
        final long created;
        final AtomicInteger calls = new AtomicInteger();
        volatile String status;

        Refund(String id, String key, String caseId, String paymentIntent, long amount, long created, String status) {
            this.id = id;
            this.key = key;
            this.caseId = caseId;
            this.paymentIntent = paymentIntent;
            this.amount = amount;
            this.created = created;
            this.status = status;
        }
    }

    private final Faults faults;
    private final Duration clientTimeout;
    private final Runnable killPayer;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "chaos-provider");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Refund> ledger = new LinkedHashMap<>();
    private final AtomicLong sequence = new AtomicLong();
    private final AtomicLong webhooksSent = new AtomicLong();
    private final AtomicLong webhooksRefused = new AtomicLong();
    private final AtomicLong mismatchedRetries = new AtomicLong();
    private volatile StripeWebhookSender webhook;
    private volatile String webhookSecret;

    /**
     * @param clientTimeout how long issue-payout waits for an answer (a timeout fault holds the answer longer)
     * @param killPayer     SIGKILLs issue-payout's busy process (the caller of this refund)
     */
    ChaosProvider(Faults faults, Duration clientTimeout, Runnable killPayer) throws IOException {
        this.faults = faults;
        this.clientTimeout = clientTimeout;
        this.killPayer = killPayer;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
        server.setExecutor(executor);
        server.createContext("/v1/refunds", this::refunds);
        server.createContext("/ledger", this::ledgerEndpoint);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/");
    }

    /** Where pending refunds are reported once they settle, signed with the endpoint's secret. */
    void webhooks(URI url, String secret) {
        this.webhook = new StripeWebhookSender(url);
        this.webhookSecret = secret;
    }

    List<Refund> ledger() {
        synchronized (ledger) {
            return new ArrayList<>(ledger.values());
        }
    }

    long webhooksSent() {
        return webhooksSent.get();
    }

    long webhooksRefused() {
        return webhooksRefused.get();
    }

    /** Calls that reused a key with another amount or payment (Stripe answers those with idempotency_error). */
    long mismatchedRetries() {
        return mismatchedRetries.get();
    }

    private void refunds(HttpExchange exchange) throws IOException {
        try (exchange;
                InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            if (faults.roll(Kind.PROVIDER_429)) {
                answer(exchange, 429, error("invalid_request_error", "rate_limit", "Too many requests"));
                return;
            }
            if (faults.roll(Kind.PROVIDER_500)) {
                answer(exchange, 500, error("api_error", "", "injected by the chaos run"));
                return;
            }
            if (exchange.getRequestMethod().equals("GET")) {
                list(exchange);
                return;
            }
            Map<String, String> form = form(new String(body, StandardCharsets.UTF_8));
            String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
            String payment = form.getOrDefault("payment_intent", form.get("charge"));
            long amount = Long.parseLong(form.getOrDefault("amount", "0"));
            Refund refund;
            boolean created = false;
            synchronized (ledger) {
                refund = ledger.get(key);
                if (refund == null) {
                    String status = switch ((int) (amount % 100)) {
                        case 91 -> "pending";
                        case 92 -> "failed";
                        default -> "succeeded";
                    };
                    refund = new Refund(
                            "re_chaos_" + sequence.incrementAndGet(),
                            key,
                            form.get("metadata[case_id]"),
                            payment,
                            amount,
                            sequence.get(),
                            status);
                    ledger.put(key, refund);
                    created = true;
                } else if (refund.amount != amount || !refund.paymentIntent.equals(payment)) {
                    mismatchedRetries.incrementAndGet();
                    answer(
                            exchange,
                            400,
                            error(
                                    "idempotency_error",
                                    "",
                                    "Keys for idempotent requests can only be used with the same parameters"));
                    return;
                }
            }
            int call = refund.calls.incrementAndGet();
            if (created && refund.status.equals("pending")) {
                Refund settling = refund;
                if (faults.rollAnyway(Kind.WEBHOOK_EARLY)) {
                    // Settled and reported while the refund call is still open: the webhook goes first and the answer
                    // is held a moment, so payout-webhook sees the payout before issue-payout hears of it.
                    var unused = executor.submit(() -> settle(settling));
                    sleep(Duration.ofMillis(300));
                } else {
                    var unused =
                            timers.schedule(() -> settle(settling), 500 + faults.nextInt(2500), TimeUnit.MILLISECONDS);
                }
            }
            if (faults.roll(Kind.PROVIDER_KILL_AFTER_PAYING)) {
                killPayer.run();
                answer(exchange, 500, error("api_error", "", "the caller is gone"));
                return;
            }
            if (faults.roll(Kind.PROVIDER_500_AFTER_PAYING)) {
                answer(exchange, 500, error("api_error", "", "injected after paying"));
                return;
            }
            if ((refund.amount % 100 == 93 && call == 1) || faults.roll(Kind.PROVIDER_TIMEOUT)) {
                sleep(clientTimeout.plusMillis(500));
            }
            answer(exchange, 200, view(refund));
        } catch (RuntimeException e) {
            answer(exchange, 500, error("api_error", "", String.valueOf(e)));
        }
    }

    private void list(HttpExchange exchange) throws IOException {
        Map<String, String> query = form(exchange.getRequestURI().getRawQuery());
        String payment = query.getOrDefault("payment_intent", query.get("charge"));
        int limit = Integer.parseInt(query.getOrDefault("limit", "10"));
        String after = query.get("starting_after");
        List<Refund> matching = new ArrayList<>();
        for (Refund r : ledger()) {
            if (r.paymentIntent.equals(payment)) {
                matching.add(r);
            }
        }
        matching.sort((a, b) -> Long.compare(b.created, a.created));
        int from = 0;
        if (after != null) {
            for (int i = 0; i < matching.size(); i++) {
                if (matching.get(i).id.equals(after)) {
                    from = i + 1;
                }
            }
        }
        ObjectNode list = JSON.createObjectNode();
        list.put("object", "list");
        ArrayNode data = list.putArray("data");
        int to = Math.min(matching.size(), from + limit);
        for (int i = from; i < to; i++) {
            data.add(view(matching.get(i)));
        }
        list.put("has_more", to < matching.size());
        answer(exchange, 200, list);
    }

    /** A pending refund settles; the provider tells the webhook endpoint (unless the delivery is lost). */
    private void settle(Refund refund) {
        refund.status = "succeeded";
        if (faults.rollAnyway(Kind.WEBHOOK_LOST)) {
            return;
        }
        deliver(event(refund, "succeeded"));
        if (faults.rollAnyway(Kind.WEBHOOK_DUPLICATE)) {
            deliver(event(refund, "succeeded"));
        }
        if (faults.rollAnyway(Kind.WEBHOOK_OUT_OF_ORDER)) {
            deliver(event(refund, "pending"));
        }
    }

    /** Delivers as Stripe does: retried with backoff until a 2xx (payout-webhook may be killed meanwhile). */
    private void deliver(String event) {
        StripeWebhookSender sender = webhook;
        if (sender == null) {
            return;
        }
        for (int attempt = 0; attempt < 8; attempt++) {
            try {
                HttpResponse<String> response =
                        sender.send(event, StripeWebhookSender.signature(webhookSecret, event, Instant.now()));
                webhooksSent.incrementAndGet();
                if (response.statusCode() / 100 == 2) {
                    return;
                }
                webhooksRefused.incrementAndGet();
            } catch (Exception e) {
                // Not delivered: tried again.
            }
            sleep(Duration.ofMillis(500L << Math.min(attempt, 4)));
        }
    }

    private String event(Refund refund, String status) {
        ObjectNode event = JSON.createObjectNode();
        event.put("id", "evt_chaos_" + sequence.incrementAndGet());
        event.put("object", "event");
        event.put("type", "refund.updated");
        event.put("created", Instant.now().getEpochSecond());
        event.put("livemode", false);
        ObjectNode object = event.putObject("data").putObject("object");
        object.setAll(view(refund));
        object.put("status", status);
        return event.toString();
    }

    private static ObjectNode view(Refund refund) {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", refund.id);
        node.put("object", "refund");
        node.put("amount", refund.amount);
        node.put("currency", "usd");
        node.put("payment_intent", refund.paymentIntent);
        node.put("status", refund.status);
        if (refund.status.equals("failed")) {
            node.put("failure_reason", "card_declined");
        }
        node.putObject("metadata").put("idempotency_key", refund.key).put("case_id", refund.caseId);
        return node;
    }

    private void ledgerEndpoint(HttpExchange exchange) throws IOException {
        try (exchange) {
            ArrayNode all = JSON.createArrayNode();
            ledger().forEach(r -> all.add(view(r).put("calls", r.calls.get())));
            answer(exchange, 200, all);
        }
    }

    private static ObjectNode error(String type, String code, String message) {
        ObjectNode node = JSON.createObjectNode();
        ObjectNode error = node.putObject("error");
        error.put("type", type);
        if (!code.isEmpty()) {
            error.put("code", code);
        }
        error.put("message", message);
        return node;
    }

    static void answer(HttpExchange exchange, int status, Object body) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        try {
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
        } catch (IOException e) {
            // The caller gave up (timed out, or was killed).
        }
    }

    private static Map<String, String> form(String encoded) {
        return encoded == null || encoded.isEmpty() ? Map.of() : CustomerChannels.form(encoded);
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        timers.shutdownNow();
        server.stop(0);
        executor.shutdownNow();
    }
}
