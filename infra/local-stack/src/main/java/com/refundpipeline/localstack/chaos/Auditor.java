package com.refundpipeline.localstack.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.refundpipeline.localstack.LocalStack;
import com.refundpipeline.localstack.aws.CustomerChannels;
import com.refundpipeline.localstack.template.StackTemplate;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/**
 * Reads everything back after a chaos run and checks the invariants, each against a record the pipeline does not
 * write itself where one exists: the provider's ledger (money out), the SES/SNS stand-in's record (messages sent),
 * the store-credit table (credit and coupons), the dead-letter queues, and every case's timeline against the
 * allowed moves in docs/lifecycle-and-policy.md (which LifecycleDocTest keeps equal to CaseStatus.canMoveTo).
 */
final class Auditor {

    private static final Pattern MOVE_ROW = Pattern.compile("^\\| `([a-z_]+)` \\| (.*) \\|$");
    private static final Pattern CASE_ID = Pattern.compile("\"case_id\"\\s*:\\s*\"([^\"]+)\"");
    /** SES's Email Sent event names its case by the outbox id on its tag ({@code rc_...-approved}, ADR 0063). */
    private static final Pattern OUTBOX_TAG = Pattern.compile("\"outbox_id\"\\s*:\\s*\\[\\s*\"([A-Za-z0-9_]+)-");
    /** Status messages a customer gets at most once per case. */
    private static final Set<String> ONCE = Set.of(
            "We received your refund request",
            "We need a photo to continue",
            "Your refund is approved",
            "About your refund request",
            "Your refund is on its way",
            "How did we do?");

    private static final String REMINDER = "Reminder: we still need a photo";
    /** The received message's subject, and how its body starts when it is told with the first decision. */
    private static final String RECEIVED = "We received your refund request";
    /** The default policy's closing.feedback_window: a settled case closes this many days after it settled. */
    private static final int FEEDBACK_WINDOW_DAYS = 30;

    private static final int DAILY_CAP = 4;

    /** The figures as GET /figures counted the requests (-1 when they could not be read), and how they were read. */
    record Figures(long requests, String read) {}

    /** What the audit found. */
    record Result(
            int cases,
            int refusedAtSubmit,
            Map<String, Integer> statuses,
            Map<String, Integer> waiting,
            Map<String, Integer> checks,
            List<String> violations,
            int deadLetters,
            int providerRefunds,
            int storeCreditEntries,
            int coupons,
            int messages,
            long figuresRequests) {}

    private final LocalStack stack;
    private final DynamoDbClient dynamo;
    private final SqsClient sqs;
    private final ChaosProvider provider;
    private final Map<String, Set<String>> allowed;
    private final Function<String, JsonNode> read;
    private final List<String> violations = new ArrayList<>();
    private final Map<String, Integer> checks = new TreeMap<>();
    private final List<Integer> phaseStarts;
    private final java.time.Instant lastSweepClock;
    private final Figures figures;

    Auditor(
            LocalStack stack,
            DynamoDbClient dynamo,
            SqsClient sqs,
            ChaosProvider provider,
            Path lifecycleDoc,
            Function<String, JsonNode> read,
            List<Integer> phaseStarts,
            java.time.Instant lastSweepClock,
            Figures figures)
            throws IOException {
        this.phaseStarts = phaseStarts;
        this.lastSweepClock = lastSweepClock;
        this.figures = figures;
        this.stack = stack;
        this.dynamo = dynamo;
        this.sqs = sqs;
        this.provider = provider;
        this.allowed = allowedMoves(lifecycleDoc);
        this.read = read;
    }

    /** The table of allowed moves, as the documentation states it. */
    static Map<String, Set<String>> allowedMoves(Path doc) throws IOException {
        Map<String, Set<String>> moves = new HashMap<>();
        for (String line : Files.readAllLines(doc)) {
            Matcher m = MOVE_ROW.matcher(line.trim());
            if (m.matches()) {
                Set<String> to = new HashSet<>();
                Matcher each = Pattern.compile("`([a-z_]+)`").matcher(m.group(2));
                while (each.find()) {
                    to.add(each.group(1));
                }
                moves.put(m.group(1), to);
            }
        }
        if (!moves.containsKey("payout_pending")) {
            throw new IOException(doc + " has no table of allowed moves");
        }
        return moves;
    }

    Result audit(List<CaseScript> scripts, Map<Integer, String> caseIds, Map<Integer, String> refused) {
        Map<String, Integer> statuses = new TreeMap<>();
        Map<String, Integer> waiting = new TreeMap<>();
        Map<String, List<ChaosProvider.Refund>> ledger = new HashMap<>();
        provider.ledger()
                .forEach(r ->
                        ledger.computeIfAbsent(r.caseId, k -> new ArrayList<>()).add(r));
        Map<String, int[]> credit = storeCredit();
        Map<String, Map<String, Integer>> messages = new HashMap<>();
        List<CustomerChannels.Sent> sent = stack.customerMessages();
        Map<String, Integer> exact = new HashMap<>();
        // Messages per customer and clock phase: each phase is a day (or more) after the one before, so the daily
        // cap holds per phase.
        Map<String, Map<Integer, Integer>> perPhase = new HashMap<>();
        for (int i = 0; i < sent.size(); i++) {
            CustomerChannels.Sent s = sent.get(i);
            int phase = 0;
            while (phase + 1 < phaseStarts.size() && phaseStarts.get(phase + 1) <= i) {
                phase++;
            }
            perPhase.computeIfAbsent(s.to(), k -> new HashMap<>()).merge(phase, 1, Integer::sum);
            messages.computeIfAbsent(s.to(), k -> new HashMap<>()).merge(s.subject(), 1, Integer::sum);
            if (!RECEIVED.equals(s.subject()) && s.body() != null && s.body().startsWith(RECEIVED)) {
                // "Received" told with the first decision, in its message (ADR 0036): counted as told once more.
                messages.get(s.to()).merge(RECEIVED, 1, Integer::sum);
            }
            exact.merge(s.to() + "\n" + s.subject() + "\n" + s.body(), 1, Integer::sum);
        }
        Map<String, long[]> orders = new HashMap<>();
        Map<String, JsonNode> finals = new HashMap<>();
        Set<String> known = new HashSet<>(caseIds.values());

        refused.forEach((index, why) -> {
            check("submit answered");
            if (why.startsWith("VIOLATION")) {
                violation("case " + index + ": " + why);
            }
        });
        for (CaseScript script : scripts) {
            String id = caseIds.get(script.index());
            if (id == null) {
                continue;
            }
            JsonNode c = null;
            for (int i = 0; i < 5 && c == null; i++) {
                c = read.apply(id);
            }
            if (c == null) {
                violation(id + ": cannot be read back");
                continue;
            }
            finals.put(id, c);
            String status = c.path("status").asText();
            statuses.merge(status, 1, Integer::sum);
            // 1. Terminal, or waiting on something named.
            check("ends terminal or waiting");
            switch (status) {
                case "paid", "declined", "replaced", "closed", "withdrawn" -> {}
                case "on_hold" -> {
                    // The run waits for every hold the clock has passed (ChaosRun#settled): its re-check is due.
                    if (ChaosRun.holdEnded(c, lastSweepClock)) {
                        violation(id + ": on_hold past its hold (until "
                                + c.path("decision").path("hold_until").asText() + "), re-check never came");
                    } else {
                        waiting.merge(ChaosRun.WAITING.get(status), 1, Integer::sum);
                    }
                }
                case "awaiting_return", "return_in_transit", "return_received" ->
                    waiting.merge(ChaosRun.WAITING.get(status), 1, Integer::sum);
                case "payout_failed" -> {
                    if (c.path("payout").path("attempt").asInt() > 1) {
                        waiting.merge(
                                "payout_failed after an operator's retry: the provider declines this amount; "
                                        + "waits on an operator",
                                1,
                                Integer::sum);
                    } else {
                        violation(id + ": payout_failed and never retried");
                    }
                }
                default -> violation(id + ": stuck in " + status + " (last move " + last(c) + ")");
            }
            // 2. The timeline follows the allowed moves, each from where the one before ended.
            check("timeline follows CaseStatus");
            String at = null;
            for (JsonNode e : c.path("timeline")) {
                String from = e.path("from").asText(null);
                String to = e.path("to").asText(null);
                if (to == null || to.equals(from)) {
                    continue;
                }
                if (from != null && !allowed.getOrDefault(from, Set.of()).contains(to)) {
                    violation(id + ": timeline moves " + from + " -> " + to + ", not an allowed move");
                }
                if (from != null && at != null && !from.equals(at)) {
                    violation(id + ": timeline moves from " + from + " but the case was " + at);
                }
                at = to;
            }
            if (at != null && !at.equals(status)) {
                violation(id + ": timeline ends in " + at + " but the case is " + status);
            }
            // 3. Money: exactly one successful provider refund per paid case, none for the rest.
            boolean paid = status.equals("paid") || (status.equals("closed") && paidBefore(c));
            String method = c.path("payout").path("method").asText("");
            List<ChaosProvider.Refund> refunds = ledger.getOrDefault(id, List.of());
            long succeeded =
                    refunds.stream().filter(r -> r.status.equals("succeeded")).count();
            int[] grants = credit.getOrDefault(id, new int[2]);
            check("paid exactly once");
            if (paid && method.equals("original_payment")) {
                if (succeeded != 1) {
                    violation(id + ": paid, and the provider made " + succeeded + " successful refunds");
                } else {
                    long amount = refunds.stream()
                            .filter(r -> r.status.equals("succeeded"))
                            .findFirst()
                            .orElseThrow()
                            .amount;
                    if (amount != c.path("payout").path("amount").asLong()) {
                        violation(id + ": the provider refunded " + amount + ", the case says "
                                + c.path("payout").path("amount").asLong());
                    }
                }
            } else if (succeeded > 0) {
                violation(id + ": " + status + " (" + method + "), yet the provider made " + succeeded
                        + " successful refunds");
            }
            if (paid && method.equals("store_credit") && grants[0] != 1) {
                violation(id + ": paid as store credit with " + grants[0] + " ledger entries");
            } else if (!(paid && method.equals("store_credit")) && grants[0] > 0) {
                violation(id + ": " + status + " (" + method + ") with " + grants[0] + " store-credit entries");
            }
            if (paid && method.equals("goodwill_coupon") && grants[1] != 1) {
                violation(id + ": paid as a coupon with " + grants[1] + " coupons");
            } else if (!(paid && method.equals("goodwill_coupon")) && grants[1] > 0) {
                violation(id + ": " + status + " (" + method + ") with " + grants[1] + " coupons");
            }
            if (paid) {
                long[] o = orders.computeIfAbsent(script.orderId(), k ->
                        new long[] {0, 0, script.unitAmount() * script.orderedUnits(), script.orderedUnits()});
                o[0] += c.path("payout").path("amount").asLong();
                for (JsonNode item : c.path("items")) {
                    o[1] += item.path("quantity").asLong();
                }
            }
            // 4. Messages: each status message at most once, the required ones sent, the daily cap kept.
            check("messages at most once, required sent");
            Map<String, Integer> got = messages.getOrDefault(script.customerEmail(), Map.of());
            got.forEach((subject, n) -> {
                if (n > 1 && ONCE.contains(subject)) {
                    violation(id + ": \"" + subject + "\" sent " + n + " times");
                }
            });
            perPhase.getOrDefault(script.customerEmail(), Map.of()).forEach((phase, n) -> {
                if (n > DAILY_CAP) {
                    violation(id + ": " + n + " messages in a day (clock phase " + phase + "), over the cap of "
                            + DAILY_CAP);
                }
            });
            if (got.getOrDefault(REMINDER, 0) > 2) {
                violation(id + ": " + got.get(REMINDER) + " evidence reminders, over the policy's 2");
            }
            // A customer who withdraws before verification is told of the withdrawal alone (FollowUpService: the
            // first move out of received tells "received" too, except a withdrawal, in the same message when that move
            // has one; see docs/follow-up.md).
            if (!got.containsKey(RECEIVED) && !withdrawnFromReceived(c)) {
                String wait = waitingMessage(id, "received", !got.isEmpty());
                if (wait == null && firstMove(c) != null) {
                    // Told with the first move's message (its record is keyed by that status): superseded or put off
                    // with it (ADR 0061).
                    wait = waitingMessage(id, firstMove(c), !got.isEmpty());
                }
                if (wait == null) {
                    violation(id + ": the customer was never told the request was received");
                } else {
                    waiting.merge(wait, 1, Integer::sum);
                }
            }
            // Every paid or declined the case went through was told (a closed case was one of them first), or the
            // message waits in the outbox for a time after the last sweep (the daily cap, quiet hours).
            for (String reached : List.of("paid", "declined")) {
                String required = reached.equals("paid") ? "Your refund is on its way" : "About your refund request";
                if (reachedEver(c, reached) && !got.containsKey(required)) {
                    String wait = waitingMessage(id, reached, !got.isEmpty());
                    if (wait == null) {
                        violation(id + ": " + reached + " and \"" + required + "\" never sent");
                    } else {
                        waiting.merge(wait, 1, Integer::sum);
                    }
                }
            }
            // A replacement or exchange the store shipped was told ("Your replacement is on its way"), or the
            // message waits in the outbox.
            if (reachedEver(c, "replaced")
                    && got.keySet().stream()
                            .noneMatch(k -> k.startsWith("Your ")
                                    && k.endsWith(" is on its way")
                                    && !k.equals("Your refund is on its way"))) {
                String wait = waitingMessage(id, "replaced", !got.isEmpty());
                if (wait == null) {
                    violation(id + ": replaced and \"Your replacement is on its way\" never sent");
                } else {
                    waiting.merge(wait, 1, Integer::sum);
                }
            }
            // 4b. The sweep closed every case settled a feedback window before its last run; a case settled later
            // waits for it (a decision, payout or shipment in the last clock phase).
            if (phaseStarts.size() > 1
                    && (status.equals("paid") || status.equals("declined") || status.equals("replaced"))) {
                check("settled cases closed after the feedback window");
                java.time.Instant settledAt = arrivedAt(c, status);
                if (settledAt == null
                        || lastSweepClock == null
                        || !settledAt
                                .plus(java.time.Duration.ofDays(FEEDBACK_WINDOW_DAYS))
                                .isAfter(lastSweepClock)) {
                    violation(id + ": still " + status + " at the last sweep (" + lastSweepClock + "), settled "
                            + settledAt + ", past the " + FEEDBACK_WINDOW_DAYS + "-day feedback window");
                } else {
                    waiting.merge(
                            status + ", settled in the last clock phase: closes " + FEEDBACK_WINDOW_DAYS
                                    + " days after settling",
                            1,
                            Integer::sum);
                }
            } else if (phaseStarts.size() > 1 && status.equals("closed")) {
                check("settled cases closed after the feedback window");
            }
        }
        // 4c. The figures (tally-figures, fed by the cases stream, killed now and then) count every case once.
        check("figures requests counted = cases submitted");
        if (figures == null || figures.requests() != caseIds.size()) {
            violation("figures: "
                    + (figures == null ? "not read" : figures.requests() + " requests counted (" + figures.read() + ")")
                    + ", " + caseIds.size() + " cases submitted");
        }
        exact.forEach((k, n) -> {
            if (n > 1 && !ONCE.contains(k.split("\n")[1])) {
                check("identical message repeated (allowed kinds)");
            }
        });
        // 5. No order refunded beyond what it captured, by amount and by units.
        orders.forEach((order, o) -> {
            check("order within captured");
            if (o[0] > o[2]) {
                violation(order + ": refunded " + o[0] + " of " + o[2] + " captured");
            }
            if (o[1] > o[3]) {
                violation(order + ": refunded " + o[1] + " units of " + o[3]);
            }
        });
        // 6. Provider refunds and grants for cases the run does not know of.
        ledger.keySet().stream()
                .filter(id -> !known.contains(id))
                .forEach(id -> violation("the provider refunded for an unknown case " + id));
        // 7. Every dead letter accounted for: about a case that nonetheless ended where it should.
        int deadLetters = 0;
        for (StackTemplate.Queue q : stack.template().queues()) {
            if (!q.name().endsWith("-dlq")) {
                continue;
            }
            for (Message m : drain(q.url())) {
                deadLetters++;
                check("dead letter accounted for");
                Matcher cm = CASE_ID.matcher(m.body());
                Matcher tag = OUTBOX_TAG.matcher(m.body());
                String id = cm.find() ? cm.group(1) : tag.find() ? tag.group(1) : null;
                JsonNode c = id == null ? null : finals.get(id);
                if (c == null) {
                    violation(q.name() + ": a dead letter about no known case: " + abbreviate(m.body()));
                } else if (!ChaosRun.TERMINAL.contains(c.path("status").asText())
                        && !ChaosRun.WAITING.containsKey(c.path("status").asText())
                        && !c.path("status").asText().equals("payout_failed")) {
                    violation(q.name() + ": a dead letter about " + id + ", which is stuck in "
                            + c.path("status").asText());
                }
            }
        }
        int coupons = credit.values().stream().mapToInt(g -> g[1]).sum();
        int entries = credit.values().stream().mapToInt(g -> g[0]).sum();
        return new Result(
                caseIds.size(),
                refused.size(),
                statuses,
                waiting,
                checks,
                List.copyOf(violations),
                deadLetters,
                provider.ledger().size(),
                entries,
                coupons,
                sent.size(),
                figures == null ? -1 : figures.requests());
    }

    /** When the case last arrived at {@code status}, from its timeline (the functions' clock). */
    private static java.time.Instant arrivedAt(JsonNode c, String status) {
        java.time.Instant at = null;
        for (JsonNode e : c.path("timeline")) {
            if (status.equals(e.path("to").asText())
                    && !status.equals(e.path("from").asText())) {
                at = java.time.Instant.parse(e.path("at").asText());
            }
        }
        return at;
    }

    /**
     * Why the customer's message for {@code key} legitimately has not gone: it waits in the outbox (pending) for a
     * time after the last sweep, as the daily cap or quiet hours put it off; or its sender stopped after claiming it
     * and, when the sweep took it over, the customer had been sent a later status message ({@code toldSince}: the
     * inbox holds another message), so it was settled "superseded" (ADR 0061). Null otherwise.
     */
    private String waitingMessage(String caseId, String key, boolean toldSince) {
        var table = stack.template().table("NotificationsTable");
        if (table.isEmpty()) {
            return null;
        }
        Map<String, AttributeValue> item = dynamo.getItem(
                        g -> g.tableName(table.get().name())
                                .key(Map.of(
                                        "case_id",
                                        AttributeValue.fromS(caseId),
                                        "notification_id",
                                        AttributeValue.fromS(caseId + "#" + key)))
                                .consistentRead(true))
                .item();
        if (item == null || item.isEmpty()) {
            return null;
        }
        if (toldSince
                && "suppressed".equals(text(item, "delivery_status"))
                && "superseded".equals(text(item, "failure_reason"))) {
            return "\"" + key + "\" message superseded: its sender stopped after claiming it, and a later message "
                    + "told the customer first";
        }
        if (!"pending".equals(text(item, "delivery_status"))) {
            return null;
        }
        String sendAfter = text(item, "send_after");
        if (sendAfter == null
                || lastSweepClock == null
                || !java.time.Instant.parse(sendAfter).isAfter(lastSweepClock)) {
            return null;
        }
        return "\"" + key + "\" message pending in the outbox until after the last sweep ("
                + (text(item, "failure_reason") == null ? "put off" : text(item, "failure_reason")) + ")";
    }

    private static boolean reachedEver(JsonNode c, String status) {
        for (JsonNode e : c.path("timeline")) {
            if (status.equals(e.path("to").asText())
                    && !status.equals(e.path("from").asText())) {
                return true;
            }
        }
        return false;
    }

    private static boolean withdrawnFromReceived(JsonNode c) {
        return "withdrawn".equals(firstMove(c));
    }

    /** Where the case first moved out of {@code received}, or null while it has not. */
    static String firstMove(JsonNode c) {
        for (JsonNode e : c.path("timeline")) {
            if ("received".equals(e.path("from").asText())
                    && !"received".equals(e.path("to").asText())) {
                return e.path("to").asText();
            }
        }
        return null;
    }

    private static boolean paidBefore(JsonNode c) {
        for (JsonNode e : c.path("timeline")) {
            if ("paid".equals(e.path("to").asText())) {
                return true;
            }
        }
        return false;
    }

    private static String last(JsonNode c) {
        JsonNode t = c.path("timeline");
        return t.isEmpty() ? "none" : t.get(t.size() - 1).path("at").asText();
    }

    /** case id -> {store-credit entries, coupons}, from the store-credit table itself. */
    private Map<String, int[]> storeCredit() {
        Map<String, int[]> out = new HashMap<>();
        stack.template()
                .table("StoreCreditTable")
                .ifPresent(t -> dynamo.scanPaginator(s -> s.tableName(t.name()))
                        .items()
                        .forEach(item -> {
                            String entry = text(item, "entry_id");
                            String caseId = text(item, "case_id");
                            if (caseId == null) {
                                return;
                            }
                            if (entry.startsWith("entry#")) {
                                out.computeIfAbsent(caseId, k -> new int[2])[0]++;
                            } else if (entry.startsWith("coupon#")) {
                                out.computeIfAbsent(caseId, k -> new int[2])[1]++;
                            }
                        }));
        return out;
    }

    private List<Message> drain(String url) {
        List<Message> all = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            List<Message> batch = sqs.receiveMessage(r -> r.queueUrl(url)
                            .maxNumberOfMessages(10)
                            .visibilityTimeout(300)
                            .waitTimeSeconds(0))
                    .messages();
            if (batch.isEmpty()) {
                break;
            }
            all.addAll(batch);
        }
        return all;
    }

    private static String text(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static String abbreviate(String s) {
        return s.length() > 160 ? s.substring(0, 160) + "..." : s;
    }

    private void check(String name) {
        checks.merge(name, 1, Integer::sum);
    }

    private void violation(String what) {
        violations.add(what);
    }
}
