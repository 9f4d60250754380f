package com.refundpipeline.store.dynamo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.CaseTransition;
import com.refundpipeline.domain.OrderPosition;
import com.refundpipeline.domain.OrderReservation;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.RefundRequest;
import com.refundpipeline.fuzz.LocalDynamo;
import com.refundpipeline.json.Json;
import com.refundpipeline.store.TransitionResult;
import com.refundpipeline.submit.RefundRequestBody;
import com.refundpipeline.submit.RefundRequestValidatorAccess;
import com.refundpipeline.testing.Requests;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

/**
 * However an order is split into refunds, approved two at a time by deciders racing on different cases of the same
 * order (each reads the order's ledger, checks what is left, then writes the approval with its reservation, as
 * verify-evidence and review-case do), what the ledger commits never exceeds what was paid, in total and per line.
 * Some refunds are returns: authorized with the same reservation, then inspected while the next deciders race, as
 * review-case inspects: the units that did not come back resalable and the amount not refunded go back to the order
 * (or all of it, when nothing was accepted), and later refunds may take them. The ledger then holds exactly what was
 * approved outright plus what the inspections refunded, by amount and by units.
 */
class OrderSplitPropertyTest {

    static LocalDynamo local;
    static DynamoCaseRepository cases;
    static DynamoOrderLedger ledger;
    static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

    record Line(long quantity, long unitAmount) {}

    /**
     * One refund: units of each line (index to units) and the share of their worth asked, in per cent. A return
     * ({@code returned}) is inspected later: of each line's units {@code acceptedPercent} come back resalable, and
     * {@code refundPercent} of the held amount is refunded for them (none when no unit was accepted: declined).
     */
    record Split(Map<Integer, Long> units, int percent, boolean returned, int acceptedPercent, int refundPercent) {}

    /** A return authorized and received, holding its share until it is inspected. */
    record Held(RefundCase received, long amount, Map<String, Long> units, Split split) {}

    /** What a move committed on the order: an amount and units per SKU. */
    record Committed(long amount, Map<String, Long> units, String outcome) {
        static Committed nothing(String outcome) {
            return new Committed(0, Map.of(), outcome);
        }
    }

    @BeforeContainer
    static void start() {
        local = new LocalDynamo();
        cases = new DynamoCaseRepository(local.dynamo(), local.config());
        ledger = new DynamoOrderLedger(local.dynamo(), local.config());
    }

    @AfterContainer
    static void stop() {
        if (local != null) {
            local.close();
        }
    }

    @Provide
    Arbitrary<List<Line>> lines() {
        return Combinators.combine(
                        Arbitraries.longs().between(1, 6), Arbitraries.longs().between(1, 5000))
                .as(Line::new)
                .list()
                .ofMinSize(1)
                .ofMaxSize(3);
    }

    @Provide
    Arbitrary<List<Split>> splits() {
        Arbitrary<Map<Integer, Long>> units = Arbitraries.maps(
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.longs().between(1, 3))
                .ofMinSize(1)
                .ofMaxSize(3);
        return Combinators.combine(
                        units,
                        Arbitraries.integers().between(1, 100),
                        Arbitraries.of(false, true),
                        // Uniform: jqwik's default leans to the low end, which would make nearly every inspection
                        // a decline.
                        Arbitraries.integers().between(0, 100).withDistribution(RandomDistribution.uniform()),
                        Arbitraries.integers().between(1, 100).withDistribution(RandomDistribution.uniform()))
                .as(Split::new)
                .list()
                .ofMinSize(2)
                .ofMaxSize(8);
    }

    @Property(tries = 40, seed = "17")
    void splitsNeverExceedWhatWasPaid(@ForAll("lines") List<Line> lines, @ForAll("splits") List<Split> splits)
            throws Exception {
        String order = "ord_split_" + UUID.randomUUID();
        long captured =
                lines.stream().mapToLong(l -> l.quantity() * l.unitAmount()).sum();
        List<RefundCase> opened = new ArrayList<>();
        List<Long> amounts = new ArrayList<>();
        for (Split split : splits) {
            Map<Integer, Long> units = new HashMap<>();
            split.units().forEach((line, qty) -> {
                if (line < lines.size()) {
                    units.put(line, Math.min(qty, lines.get(line).quantity()));
                }
            });
            if (units.isEmpty()) {
                units.put(0, 1L);
            }
            long worth = units.entrySet().stream()
                    .mapToLong(e -> e.getValue() * lines.get(e.getKey()).unitAmount())
                    .sum();
            RefundRequest request = request(order, captured, lines, units);
            RefundCase c = RefundCase.open("split-" + UUID.randomUUID(), request, "hash", T0, Duration.ofHours(24));
            cases.createOrGetExisting(c);
            opened.add(c);
            amounts.add(Math.max(1, worth * split.percent() / 100));
        }
        long committed = 0;
        Map<String, Long> unitsCommitted = new HashMap<>();
        List<Held> awaitingInspection = new ArrayList<>();
        for (int i = 0; i < opened.size() || !awaitingInspection.isEmpty(); i += 2) {
            // This pair's deciders race each other and the inspections of the returns the pair before authorized.
            List<Held> inspecting = List.copyOf(awaitingInspection);
            awaitingInspection.clear();
            int deciders = Math.max(0, Math.min(2, opened.size() - i));
            CyclicBarrier start = new CyclicBarrier(deciders + inspecting.size());
            List<CompletableFuture<Committed>> moves = new ArrayList<>();
            List<CompletableFuture<Held>> returns = new ArrayList<>();
            for (int j = i; j < i + deciders; j++) {
                RefundCase c = opened.get(j);
                long amount = amounts.get(j);
                Split split = splits.get(j);
                if (split.returned()) {
                    returns.add(
                            CompletableFuture.supplyAsync(() -> authorizeReturn(start, c, amount, captured, split)));
                } else {
                    moves.add(CompletableFuture.supplyAsync(() -> approve(start, c, amount, captured)));
                }
            }
            for (Held held : inspecting) {
                moves.add(CompletableFuture.supplyAsync(() -> inspect(start, held, captured)));
            }
            for (CompletableFuture<Committed> move : moves) {
                Committed result = move.get();
                Statistics.label("moves").collect(result.outcome());
                committed += result.amount();
                result.units().forEach((sku, n) -> unitsCommitted.merge(sku, n, Long::sum));
            }
            for (CompletableFuture<Held> authorized : returns) {
                Held held = authorized.get();
                Statistics.label("moves").collect(held == null ? "return refused: no room left" : "return authorized");
                if (held != null) {
                    awaitingInspection.add(held);
                }
            }
        }
        OrderPosition position = ledger.position(order, "USD", captured);
        assertEquals(committed, position.committedAmount(), "the ledger holds what was approved and inspected");
        assertTrue(
                position.committedAmount() <= captured,
                "committed " + position.committedAmount() + " of " + captured + " captured");
        for (int line = 0; line < lines.size(); line++) {
            long refunded = position.unitsCommitted(sku(line));
            assertEquals(unitsCommitted.getOrDefault(sku(line), 0L), refunded, sku(line) + ": units the ledger holds");
            assertTrue(
                    refunded <= lines.get(line).quantity(),
                    sku(line) + ": " + refunded + " units refunded of "
                            + lines.get(line).quantity() + " ordered");
        }
    }

    /** What a decider does: read the order's position, check the units and amount left, write the approval. */
    private static Committed approve(CyclicBarrier start, RefundCase c, long amount, long captured) {
        Map<String, Long> units = reserve(start, c, amount, captured);
        if (units == null) {
            return Committed.nothing("approval refused: no room left");
        }
        TransitionResult result = cases.apply(
                c.moveTo(CaseStatus.APPROVED, "decider", "approved", T0.plusSeconds(60)),
                new OrderReservation(c.orderId(), c.caseId(), amount, captured, "USD", Map.copyOf(units)));
        return result == TransitionResult.APPLIED
                ? new Committed(amount, units, "approved")
                : Committed.nothing("approval refused by the ledger");
    }

    /** A return authorized with the whole share held, then the parcel received; null when the order had no room. */
    private static Held authorizeReturn(CyclicBarrier start, RefundCase c, long amount, long captured, Split split) {
        Map<String, Long> units = reserve(start, c, amount, captured);
        if (units == null) {
            return null;
        }
        CaseTransition authorized = c.moveTo(CaseStatus.AWAITING_RETURN, "decider", "return authorized", T0);
        OrderReservation share =
                new OrderReservation(c.orderId(), c.caseId(), amount, captured, "USD", Map.copyOf(units));
        if (cases.apply(authorized, share) != TransitionResult.APPLIED) {
            return null;
        }
        RefundCase awaiting = c.after(authorized);
        CaseTransition received = awaiting.moveTo(CaseStatus.RETURN_RECEIVED, "carrier:test", "delivered", T0);
        assertEquals(TransitionResult.APPLIED, cases.apply(received));
        return new Held(awaiting.after(received), amount, Map.copyOf(units), split);
    }

    /** The units and amount still left for {@code c} on the order, read as a decider reads them; null if too few. */
    private static Map<String, Long> reserve(CyclicBarrier start, RefundCase c, long amount, long captured) {
        try {
            start.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        OrderPosition position = ledger.position(c.orderId(), "USD", captured);
        Map<String, Long> units = new HashMap<>();
        for (RefundRequest.RequestedItem item : c.request().items()) {
            long left = c.request().order().line(item.sku()).quantity() - position.unitsCommitted(item.sku());
            if (item.quantity() > left) {
                return null; // declined: those units were refunded already
            }
            units.merge(item.sku(), item.quantity(), Long::sum);
        }
        if (amount > position.refundableFor(c.caseId())) {
            return null;
        }
        return units;
    }

    /**
     * An inspection, as review-case makes it: the resalable units and their refund stay committed, the rest goes back
     * to the order in the same transaction; with nothing resalable the case is declined and releases its whole share.
     */
    private static Committed inspect(CyclicBarrier start, Held held, long captured) {
        try {
            start.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        RefundCase c = held.received();
        Map<String, Long> accepted = new HashMap<>();
        Map<String, Long> back = new HashMap<>();
        held.units().forEach((sku, n) -> {
            long kept = Math.round(n * held.split().acceptedPercent() / 100.0);
            if (kept > 0) {
                accepted.put(sku, kept);
            }
            if (n - kept > 0) {
                back.put(sku, n - kept);
            }
        });
        Instant at = T0.plusSeconds(120);
        if (accepted.isEmpty()) {
            TransitionResult result = cases.applyReleasing(
                    c.moveTo(CaseStatus.DECLINED, "reviewer:test", "not resalable", at),
                    new OrderReservation(c.orderId(), c.caseId(), held.amount(), captured, "USD", held.units()));
            assertEquals(TransitionResult.APPLIED, result);
            return Committed.nothing("return inspected: declined, all released");
        }
        long refund = Math.max(1, held.amount() * held.split().refundPercent() / 100);
        TransitionResult result = cases.applyAdjusting(
                c.moveTo(CaseStatus.APPROVED, "reviewer:test", "return inspected", at),
                new OrderReservation(
                        c.orderId(), c.caseId(), held.amount() - refund, captured, "USD", Map.copyOf(back)));
        assertEquals(TransitionResult.APPLIED, result);
        return new Committed(
                refund,
                accepted,
                back.isEmpty() ? "return inspected: all units kept" : "return inspected: some released");
    }

    private static String sku(int line) {
        return "SKU-" + line;
    }

    private static RefundRequest request(String order, long captured, List<Line> lines, Map<Integer, Long> units) {
        ObjectNode body =
                (ObjectNode) Json.read(Requests.damaged(order), com.fasterxml.jackson.databind.JsonNode.class);
        ObjectNode o = (ObjectNode) body.get("order");
        o.put("captured_amount", captured);
        ArrayNode orderLines = o.putArray("lines");
        for (int i = 0; i < lines.size(); i++) {
            orderLines
                    .addObject()
                    .put("sku", sku(i))
                    .put("quantity", lines.get(i).quantity())
                    .put("unit_amount", lines.get(i).unitAmount())
                    .put("category", "apparel");
        }
        ArrayNode items = body.putArray("items");
        units.forEach((line, qty) -> items.addObject().put("sku", sku(line)).put("quantity", qty));
        return RefundRequestValidatorAccess.validate(Json.convert(body, RefundRequestBody.class));
    }
}
