package com.refundpipeline.store.dynamo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.refundpipeline.domain.CaseStatus;
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
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * However an order is split into refunds, approved two at a time by deciders racing on different cases of the same
 * order (each reads the order's ledger, checks what is left, then writes the approval with its reservation, as
 * verify-evidence and review-case do), what the ledger commits never exceeds what was paid, in total and per line.
 */
class OrderSplitPropertyTest {

    static LocalDynamo local;
    static DynamoCaseRepository cases;
    static DynamoOrderLedger ledger;
    static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

    record Line(long quantity, long unitAmount) {}

    /** One refund: units of each line (index to units) and the share of their worth asked, in per cent. */
    record Split(Map<Integer, Long> units, int percent) {}

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
                        Arbitraries.longs().between(1, 3), Arbitraries.longs().between(1, 5000))
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
        return Combinators.combine(units, Arbitraries.integers().between(1, 100))
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
        for (int i = 0; i < opened.size(); i += 2) {
            CyclicBarrier start = new CyclicBarrier(Math.min(2, opened.size() - i));
            List<CompletableFuture<Long>> pair = new ArrayList<>();
            for (int j = i; j < Math.min(i + 2, opened.size()); j++) {
                RefundCase c = opened.get(j);
                long amount = amounts.get(j);
                pair.add(CompletableFuture.supplyAsync(() -> approve(start, c, amount, captured)));
            }
            for (CompletableFuture<Long> f : pair) {
                committed += f.get();
            }
        }
        OrderPosition position = ledger.position(order, "USD", captured);
        assertEquals(committed, position.committedAmount(), "the ledger holds what was approved");
        assertTrue(
                position.committedAmount() <= captured,
                "committed " + position.committedAmount() + " of " + captured + " captured");
        for (int line = 0; line < lines.size(); line++) {
            long refunded = position.unitsCommitted(sku(line));
            assertTrue(
                    refunded <= lines.get(line).quantity(),
                    sku(line) + ": " + refunded + " units refunded of "
                            + lines.get(line).quantity() + " ordered");
        }
    }

    /** What a decider does: read the order's position, check the units and amount left, write the approval. */
    private static long approve(CyclicBarrier start, RefundCase c, long amount, long captured) {
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
                return 0; // declined: those units were refunded already
            }
            units.merge(item.sku(), item.quantity(), Long::sum);
        }
        if (amount > position.refundableFor(c.caseId())) {
            return 0;
        }
        TransitionResult result = cases.apply(
                c.moveTo(CaseStatus.APPROVED, "decider", "approved", T0.plusSeconds(60)),
                new OrderReservation(c.orderId(), c.caseId(), amount, captured, "USD", Map.copyOf(units)));
        return result == TransitionResult.APPLIED ? amount : 0;
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
