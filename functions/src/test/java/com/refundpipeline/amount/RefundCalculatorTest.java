package com.refundpipeline.amount;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.refundpipeline.domain.PayoutMethod;
import com.refundpipeline.domain.RefundBreakdown;
import com.refundpipeline.domain.RefundReason;
import com.refundpipeline.domain.RefundRequest;
import com.refundpipeline.domain.ShipmentStatus;
import com.refundpipeline.domain.TestOrders;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The amount table: every row is an order (lines as {@code SKU:quantity x unit}), its discount, tax and shipping, a
 * refund (items as {@code SKU:quantity}, {@code @30%} to keep the item for 30%, {@code =500} for an amount), the
 * units of each sku refunded before and what the order has left, and the expected total.
 */
class RefundCalculatorTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # name                                         | cur | lines                | disc | tax | ship | reason         | items        | prior | left | fee | total
            one of two units, nothing else                 | USD | A:2x2999             | 0    | 0   | 0    | damaged        | A:1          | -     | -    | 0   | 2999
            both units                                     | USD | A:2x2999             | 0    | 0   | 0    | damaged        | A:2          | -     | -    | 0   | 5998
            even discount, first unit                      | USD | A:2x2999             | 600  | 0   | 0    | damaged        | A:1          | -     | -    | 0   | 2699
            even discount, second unit                     | USD | A:2x2999             | 600  | 0   | 0    | damaged        | A:1          | A:1   | -    | 0   | 2699
            odd discount, first unit rounds the cent down  | USD | A:2x2999             | 101  | 0   | 0    | damaged        | A:1          | -     | -    | 0   | 2949
            odd discount, second unit takes the cent       | USD | A:2x2999             | 101  | 0   | 0    | damaged        | A:1          | A:1   | -    | 0   | 2948
            thirds of a discount, unit 1                   | USD | A:3x1000             | 100  | 0   | 0    | damaged        | A:1          | -     | -    | 0   | 967
            thirds of a discount, unit 2                   | USD | A:3x1000             | 100  | 0   | 0    | damaged        | A:1          | A:1   | -    | 0   | 967
            thirds of a discount, unit 3 takes the rest    | USD | A:3x1000             | 100  | 0   | 0    | damaged        | A:1          | A:2   | -    | 0   | 966
            tax on one unit                                | USD | A:1x1000             | 0    | 200 | 0    | damaged        | A:1          | -     | -    | 0   | 1200
            thirds of tax, unit 1                          | USD | A:3x333              | 0    | 100 | 0    | damaged        | A:1          | -     | -    | 0   | 366
            thirds of tax, unit 3 takes the rest           | USD | A:3x333              | 0    | 100 | 0    | damaged        | A:1          | A:2   | -    | 0   | 367
            discount shared by value over two lines        | USD | A:1x3000,B:1x1000    | 1000 | 0   | 0    | damaged        | B:1          | -     | -    | 0   | 750
            the larger line's share                        | USD | A:1x3000,B:1x1000    | 1000 | 0   | 0    | damaged        | A:1          | -     | -    | 0   | 2250
            largest remainder, tie to the earlier line     | USD | A:1x1,B:1x1,C:1x1    | 2    | 0   | 0    | damaged        | A:1          | -     | -    | 0   | 0
            largest remainder, the line left out           | USD | A:1x1,B:1x1,C:1x1    | 2    | 0   | 0    | damaged        | C:1          | -     | -    | 0   | 1
            discount and tax on one line                   | USD | A:2x1000             | 200  | 180 | 0    | damaged        | A:1          | -     | -    | 0   | 990
            tax shared on value after discount             | USD | A:1x2000,B:1x1000    | 300  | 270 | 0    | wrong_item     | B:1          | -     | -    | 0   | 990
            merchant at fault, half the order: no shipping | USD | A:2x1000             | 0    | 0   | 500  | damaged        | A:1          | -     | -    | 0   | 1000
            the last unit back brings all the shipping     | USD | A:2x1000             | 0    | 0   | 500  | damaged        | A:1          | A:1   | -    | 0   | 1500
            changed mind: no shipping, no fee              | USD | A:2x1000             | 0    | 0   | 500  | changed_mind   | A:1          | -     | -    | 0   | 1000
            restocking fee rounds down                     | USD | A:1x2999             | 0    | 0   | 0    | changed_mind   | A:1          | -     | -    | 10  | 2700
            restocking fee on goods after discount         | USD | A:1x3000             | 500  | 0   | 0    | changed_mind   | A:1          | -     | -    | 10  | 2250
            restocking fee on two of three units           | USD | A:3x999              | 0    | 0   | 0    | changed_mind   | A:2          | -     | -    | 15  | 1699
            no restocking fee when damaged                 | USD | A:1x2999             | 0    | 0   | 0    | damaged        | A:1          | -     | -    | 10  | 2999
            keep the damaged item for 30 percent           | USD | A:1x2999             | 0    | 0   | 0    | damaged        | A:1@30%      | -     | -    | 0   | 899
            keep it for an amount                          | USD | A:1x2999             | 0    | 0   | 0    | damaged        | A:1=500      | -     | -    | 0   | 500
            an amount above the line is the line           | USD | A:1x1000             | 0    | 0   | 0    | damaged        | A:1=5000     | -     | -    | 0   | 1000
            missing half, tax included                     | USD | A:1x1000             | 0    | 100 | 0    | missing_item   | A:1@50%      | -     | -    | 0   | 550
            kept on changed mind: no fee                   | USD | A:1x1000             | 0    | 0   | 0    | changed_mind   | A:1@50%      | -     | -    | 10  | 500
            keeping the only item still ends the order     | USD | A:1x1000             | 0    | 0   | 500  | damaged        | A:1@50%      | -     | -    | 0   | 1000
            returned and kept lines together               | USD | A:2x1000,B:1x500     | 0    | 0   | 300  | damaged        | A:1,B:1@50%  | -     | -    | 0   | 1250
            shipping waits, unit 1 of 3                    | USD | A:3x1000             | 0    | 0   | 100  | damaged        | A:1          | -     | -    | 0   | 1000
            shipping waits, unit 2 of 3                    | USD | A:3x1000             | 0    | 0   | 100  | damaged        | A:1          | A:1   | -    | 0   | 1000
            shipping with the last unit of 3               | USD | A:3x1000             | 0    | 0   | 100  | damaged        | A:1          | A:2   | -    | 0   | 1100
            no shipping while another line is out          | USD | A:1x1000,B:1x500     | 0    | 0   | 100  | damaged        | A:1          | -     | -    | 0   | 1000
            shipping when the other line came back before  | USD | A:1x1000,B:1x500     | 0    | 0   | 100  | damaged        | A:1          | B:1   | -    | 0   | 1100
            never shipped: everything back                 | USD | A:1x500              | 0    | 0   | 499  | not_received   | A:1          | -     | -    | 0   | 999
            a whole order with every amount                | USD | A:2x1500,B:1x999     | 300  | 270 | 599  | damaged        | A:2,B:1      | -     | -    | 0   | 4568
            duplicate payment: goods only                  | USD | A:1x1000             | 0    | 0   | 100  | duplicate_payment | A:1       | -     | -    | 0   | 1000
            ledger says all refunded: the last unit's share | USD | A:2x2999            | 101  | 0   | 0    | damaged        | A:1          | A:2   | -    | 0   | 2948
            capped by what the order has left              | USD | A:1x1000             | 0    | 0   | 0    | damaged        | A:1          | -     | 600  | 0   | 600
            nothing left                                   | USD | A:1x1000             | 0    | 0   | 0    | damaged        | A:1          | -     | 0    | 0   | 0
            JPY: a third of a discount                     | JPY | A:3x1000             | 100  | 0   | 0    | damaged        | A:1          | -     | -    | 0   | 967
            JPY: tax and shipping                          | JPY | A:1x1980             | 0    | 198 | 500  | damaged        | A:1          | -     | -    | 0   | 2678
            JPY: keep for 33 percent                       | JPY | A:1x1000             | 0    | 0   | 0    | damaged        | A:1@33%      | -     | -    | 0   | 330
            JPY: restocking fee rounds down                | JPY | A:1x1999             | 0    | 0   | 0    | changed_mind   | A:1          | -     | -    | 10  | 1800
            KRW: tax                                       | KRW | A:1x15000            | 0    | 1500| 0    | quality_defect | A:1          | -     | -    | 0   | 16500
            BHD (three decimals): tax                      | BHD | A:1x1250             | 0    | 125 | 0    | not_as_described | A:1        | -     | -    | 0   | 1375
            """)
    void amounts(
            String name,
            String currency,
            String lines,
            long discount,
            long tax,
            long shipping,
            String reason,
            String items,
            String prior,
            Long left,
            int feePercent,
            long expected) {
        RefundRequest request = request(currency, lines, discount, tax, shipping, reason, items);
        RefundBreakdown breakdown = RefundCalculator.calculate(
                request, units(prior), left == null ? Long.MAX_VALUE : left, rules(reason, feePercent));

        assertEquals(expected, breakdown.total(), () -> name + ": " + breakdown);
        long lineSum = breakdown.lines().stream()
                .mapToLong(RefundBreakdown.Line::amount)
                .sum();
        assertEquals(breakdown.subtotal(), lineSum + breakdown.shippingAmount(), "lines and shipping add up");
        assertEquals(breakdown.total(), breakdown.subtotal() - breakdown.capAdjustment(), "the cap is explained");
        for (RefundBreakdown.Line line : breakdown.lines()) {
            assertEquals(
                    line.amount(),
                    line.goodsAmount()
                            - line.discountAmount()
                            + line.taxAmount()
                            - line.restockingFee()
                            - line.keptAmount(),
                    "each line adds up");
        }
        assertEquals(currency, breakdown.currency());
    }

    @Test
    void theLinesOfAPreviewAreExplained() {
        RefundRequest request = request("USD", "A:2x1500,B:1x999", 300, 270, 599, "damaged", "A:1,B:1");
        RefundBreakdown b = RefundCalculator.calculate(request, new AmountRules(0, true));

        // Discount 300 over 3000 and 999: 225.1... and 74.9... -> 225 and 75 (largest remainder).
        // Tax 270 over 2775 and 924: 202.5... and 67.4... -> 203 and 67.
        assertEquals(
                new RefundBreakdown.Line("A", 1, 1500, 1500, 112, 101, 0, 0, 1489),
                b.lines().get(0));
        assertEquals(
                new RefundBreakdown.Line("B", 1, 999, 999, 75, 67, 0, 0, 991),
                b.lines().get(1));
        // One T-shirt of two stays with the customer's order: shipping goes back with the last unit, not now.
        assertEquals(0, b.shippingAmount());
        assertEquals(1489 + 991, b.total());
    }

    @Test
    void largestRemainderAddsUpExactly() {
        assertArrayEquals(new long[] {34, 33, 33}, Fractions.allocate(100, new long[] {1, 1, 1}));
        assertArrayEquals(new long[] {1, 1, 0}, Fractions.allocate(2, new long[] {1, 1, 1}));
        assertArrayEquals(new long[] {0, 1}, Fractions.allocate(1, new long[] {1, 2}));
        assertArrayEquals(new long[] {5, 5}, Fractions.allocate(10, new long[] {0, 0}));
        assertArrayEquals(new long[] {0, 0}, Fractions.allocate(0, new long[] {3, 4}));
        assertEquals(Long.MAX_VALUE / 2, Fractions.floorShare(Long.MAX_VALUE, 1, 2));
        assertEquals(
                3_000_000_000_000_000_000L / 7,
                Fractions.floorShare(3_000_000_000_000L, 1_000_000, 7),
                "no overflow on large products");
    }

    /**
     * However an order is split over refunds, merchant at fault, the refunds add up to exactly what was paid, never
     * more: 500 random orders, each refunded in random pieces.
     */
    @Test
    void randomSplitsOfAnOrderAddUpToExactlyWhatWasPaid() {
        Random random = new Random(20261124);
        for (int round = 0; round < 500; round++) {
            int lineCount = 1 + random.nextInt(4);
            StringBuilder lines = new StringBuilder();
            long goods = 0;
            Map<String, Long> quantities = new HashMap<>();
            for (int i = 0; i < lineCount; i++) {
                long quantity = 1L + random.nextInt(5);
                long unit = 1L + random.nextInt(10_000);
                String sku = "S" + i;
                quantities.put(sku, quantity);
                goods += quantity * unit;
                lines.append(i == 0 ? "" : ",")
                        .append(sku)
                        .append(':')
                        .append(quantity)
                        .append('x')
                        .append(unit);
            }
            long discount = goods == 0 ? 0 : random.nextLong(goods + 1);
            long tax = random.nextInt(2_000);
            long shipping = random.nextInt(1_500);
            long captured = goods - discount + tax + shipping;

            Map<String, Long> refunded = new HashMap<>();
            long paid = 0;
            while (!refunded.equals(quantities)) {
                List<String> pieces = new ArrayList<>();
                for (Map.Entry<String, Long> line : quantities.entrySet()) {
                    long left = line.getValue() - refunded.getOrDefault(line.getKey(), 0L);
                    if (left > 0 && random.nextBoolean()) {
                        pieces.add(line.getKey() + ":" + (1 + random.nextLong(left)));
                    }
                }
                if (pieces.isEmpty()) {
                    continue;
                }
                RefundRequest request =
                        request("EUR", lines.toString(), discount, tax, shipping, "damaged", String.join(",", pieces));
                RefundBreakdown b = RefundCalculator.calculate(
                        request, Map.copyOf(refunded), captured - paid, new AmountRules(0, true));
                assertEquals(0, b.capAdjustment(), "exact shares never need the cap");
                paid += b.total();
                assertTrue(paid <= captured, "never more than captured");
                for (RefundRequest.RequestedItem item : request.items()) {
                    refunded.merge(item.sku(), item.quantity(), Long::sum);
                }
            }
            assertEquals(
                    captured, paid, "round " + round + ": " + lines + " d" + discount + " t" + tax + " s" + shipping);
        }
    }

    /**
     * The money terms the default policy document gives each reason: shipping back when the merchant was at fault
     * (not for missing items or duplicate payments), and the row's restocking fee on changed-mind returns.
     */
    static AmountRules rules(String reason, int feePercent) {
        boolean shipping = switch (reason) {
            case "not_received", "damaged", "wrong_item", "quality_defect", "not_as_described" -> true;
            default -> false;
        };
        return new AmountRules("changed_mind".equals(reason) ? feePercent * 100 : 0, shipping);
    }

    @Test
    void anOrderWithoutAShippingFieldShipsWhatWasCapturedBeyondItsLines() {
        RefundRequest inferred = withoutShippingField(request("USD", "A:2x1000", 0, 0, 0, "damaged", "A:2"), 2499);
        assertEquals(
                2499,
                RefundCalculator.calculate(inferred, new AmountRules(0, true)).total());
        assertEquals(
                2000,
                RefundCalculator.calculate(inferred, new AmountRules(0, false)).total());
    }

    @Test
    void feesApplyToReturnedGoodsWhateverTheReasonTheRuleGivesThemFor() {
        RefundRequest request = request("USD", "A:1x10000", 0, 0, 0, "changed_mind", "A:1");
        assertEquals(
                8500,
                RefundCalculator.calculate(request, new AmountRules(1500, false))
                        .total());
        assertEquals(
                "85.00 USD by store_credit (lines 100.00 USD, restocking fee -15.00 USD)",
                RefundCalculator.describe(
                        RefundCalculator.calculate(request, new AmountRules(1500, false)), "store_credit"));
    }

    /** The words a person reads: each part once, summed over the lines, and only the parts there are. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
            # name                  | lines             | disc | tax | ship | reason       | items           | left | fee  | words
            every part, two lines   | A:2x1500,B:1x999  | 300  | 270 | 599  | damaged      | A:2,B:1         | -    | 0    | 45.68 USD by store_credit (lines 39.99 USD, discount -3.00 USD, tax +2.70 USD, shipping +5.99 USD)
            kept on two lines       | A:2x1000,B:1x500  | 0    | 0   | 300  | damaged      | A:1@50%,B:1@50% | -    | 0    | 7.50 USD by store_credit (lines 15.00 USD, kept by the customer -7.50 USD)
            fees on two lines       | A:1x10000,B:1x5000| 0    | 0   | 0    | changed_mind | A:1,B:1         | -    | 1500 | 127.50 USD by store_credit (lines 150.00 USD, restocking fee -22.50 USD)
            capped                  | A:1x1000          | 0    | 0   | 0    | damaged      | A:1             | 600  | 0    | 6.00 USD by store_credit (lines 10.00 USD, capped at what the order has left)
            """)
    void theWordsOfABreakdown(
            String name,
            String lines,
            long discount,
            long tax,
            long shipping,
            String reason,
            String items,
            Long left,
            int feeBps,
            String words) {
        RefundRequest request = request("USD", lines, discount, tax, shipping, reason, items);
        RefundBreakdown b = RefundCalculator.calculate(
                request, Map.of(), left == null ? Long.MAX_VALUE : left, new AmountRules(feeBps, shipping > 0));
        assertEquals(words, RefundCalculator.describe(b, "store_credit"));
    }

    /** Tax is shared over the lines' values after their discount shares, cents of rounding included. */
    @Test
    void taxFollowsTheLinesValueAfterTheirDiscountShares() {
        // Discount 1 over lines of 0.01 and 0.02 falls on the second (largest remainder); both are then worth 0.01,
        // so the tax cent goes to the first (tie to the earlier line), not to the line worth more before discount.
        RefundRequest request = request("USD", "A:1x1,B:1x2", 1, 1, 0, "damaged", "A:1");
        RefundBreakdown b = RefundCalculator.calculate(request, new AmountRules(0, false));
        assertEquals(
                new RefundBreakdown.Line("A", 1, 1, 1, 0, 1, 0, 0, 2), b.lines().get(0));
    }

    @Test
    void anOrderWithoutAShippingFieldCountsItsDiscountAndTaxBeforeInferringShipping() {
        RefundRequest inferred =
                withoutShippingField(request("USD", "A:2x1000", 200, 180, 0, "damaged", "A:2"), 2000 - 200 + 180 + 499);
        RefundBreakdown b = RefundCalculator.calculate(inferred, new AmountRules(0, true));
        assertEquals(499, b.shippingAmount());
        assertEquals(2479, b.total());
    }

    /** The request's order as a storefront sends it without {@code shipping_amount}, having captured {@code captured}. */
    static RefundRequest withoutShippingField(RefundRequest request, long captured) {
        RefundRequest.Order o = request.order();
        RefundRequest.Order noField = TestOrders.withAmounts(o, captured, o.discountAmount(), o.taxAmount(), null);
        return new RefundRequest(
                noField, request.items(), request.reason(), null, List.of(), request.preferredMethod(), null);
    }

    @Test
    void aSkuNotOnTheOrderIsRefusedNamingIt() {
        RefundRequest request = request("USD", "A:1x1000", 0, 0, 0, "damaged", "Z:1");
        IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> RefundCalculator.calculate(request, AmountRules.MOST));
        assertEquals("sku Z is not on the order", refused.getMessage());
    }

    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(ints = {-1, 10_001})
    void aRestockingFeeIsZeroToTenThousandBasisPoints(int bps) {
        IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class, () -> new AmountRules(bps, false));
        assertEquals("restocking fee must be 0 to 10000 basis points, not " + bps, refused.getMessage());
        assertEquals(10_000, new AmountRules(10_000, false).restockingFeeBps(), "the whole value is the most");
        assertEquals(0, new AmountRules(0, false).restockingFeeBps());
    }

    static Map<String, Long> units(String spec) {
        Map<String, Long> units = new HashMap<>();
        if (spec != null) {
            for (String part : spec.split(",")) {
                String[] kv = part.trim().split(":");
                units.put(kv[0], Long.parseLong(kv[1]));
            }
        }
        return units;
    }

    static RefundRequest request(
            String currency, String lineSpec, long discount, long tax, long shipping, String reason, String itemSpec) {
        List<RefundRequest.OrderLine> lines = new ArrayList<>();
        long goods = 0;
        for (String part : lineSpec.split(",")) {
            String[] skuRest = part.trim().split(":");
            String[] qtyUnit = skuRest[1].split("x");
            long quantity = Long.parseLong(qtyUnit[0]);
            long unit = Long.parseLong(qtyUnit[1]);
            goods += quantity * unit;
            lines.add(new RefundRequest.OrderLine(skuRest[0], quantity, unit, null));
        }
        List<RefundRequest.RequestedItem> items = new ArrayList<>();
        for (String part : itemSpec.split(",")) {
            String[] skuRest = part.trim().split(":");
            String rest = skuRest[1];
            Integer percent = null;
            Long amount = null;
            if (rest.contains("@")) {
                percent = Integer.parseInt(rest.substring(rest.indexOf('@') + 1, rest.length() - 1));
                rest = rest.substring(0, rest.indexOf('@'));
            } else if (rest.contains("=")) {
                amount = Long.parseLong(rest.substring(rest.indexOf('=') + 1));
                rest = rest.substring(0, rest.indexOf('='));
            }
            items.add(new RefundRequest.RequestedItem(skuRest[0], Long.parseLong(rest), percent, amount));
        }
        RefundRequest.Order order = new RefundRequest.Order(
                "ord_1",
                "cus_1",
                currency,
                goods - discount + tax + shipping,
                Instant.EPOCH,
                ShipmentStatus.DELIVERED,
                null,
                null,
                "pi_1",
                List.copyOf(lines),
                discount,
                tax,
                shipping);
        return new RefundRequest(
                order,
                List.copyOf(items),
                RefundReason.fromWire(reason),
                null,
                List.of(),
                PayoutMethod.ORIGINAL_PAYMENT,
                null);
    }
}
