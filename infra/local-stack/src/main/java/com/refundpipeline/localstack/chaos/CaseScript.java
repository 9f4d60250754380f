package com.refundpipeline.localstack.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Random;

/**
 * What one chaos case asks for, drawn from the run's seed: a reason, an amount that lands on the provider's
 * pending / declined / timeout path or not, a payout method, evidence now or later, sometimes a second case on the
 * same order (the refundable cap), sometimes the same request sent twice.
 */
record CaseScript(
        int index,
        String orderId,
        String customerEmail,
        String reason,
        String method,
        long unitAmount,
        int orderedUnits,
        int requestedUnits,
        boolean evidenceLate,
        boolean inTransit,
        boolean sentTwice,
        boolean secondOnOrder,
        String idempotencyKey) {

    static final List<String> REASONS = List.of(
            "not_received",
            "damaged",
            "wrong_item",
            "missing_item",
            "quality_defect",
            "not_as_described",
            "changed_mind",
            "duplicate_payment",
            "other");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The cases of a run; a tenth of them are a second request on the order of the case before. */
    static List<CaseScript> draw(long seed, int count) {
        Random random = new Random(seed ^ 0x5DEECE66DL);
        java.util.ArrayList<CaseScript> out = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            boolean second = i > 0 && random.nextInt(10) == 0 && !out.get(i - 1).secondOnOrder();
            CaseScript previous = second ? out.get(i - 1) : null;
            String reason = REASONS.get(random.nextInt(REASONS.size()));
            int roll = random.nextInt(100);
            String method = roll < 60 ? "original_payment" : roll < 85 ? "store_credit" : "goodwill_coupon";
            int ending = random.nextInt(100);
            long cents = ending < 15 ? 91 : ending < 25 ? 92 : ending < 35 ? 93 : random.nextInt(90);
            long unit = second ? previous.unitAmount() : (10 + random.nextInt(80)) * 100L + cents;
            int ordered = second ? previous.orderedUnits() : 2 + random.nextInt(2);
            int requested = 1 + random.nextInt(second ? ordered : 2);
            if (cents >= 91 && cents <= 93 && !second) {
                // The provider's path follows the refund's amount, not the unit's: one unit keeps the ending (two
                // would make 91 cents 82, and the pending, declined and timeout paths fired a few times a run).
                requested = 1;
            }
            boolean late = random.nextInt(100) < 25;
            boolean transit = !second && reason.equals("not_received") && random.nextInt(4) == 0;
            boolean twice = random.nextInt(10) == 0;
            String order = second ? previous.orderId() : "ord_chaos_" + seed + "_" + i;
            out.add(new CaseScript(
                    i,
                    order,
                    "c" + i + "-" + seed + "@example.com",
                    reason,
                    method,
                    unit,
                    ordered,
                    requested,
                    late,
                    transit,
                    twice,
                    second,
                    "chaos-" + seed + "-" + i));
        }
        return out;
    }

    String paymentReference() {
        return "pi_" + orderId.replace("ord_", "");
    }

    /** The submit-refund body; evidence left out when it comes late. */
    ObjectNode body(String timeZone, Instant now) {
        ObjectNode body = JSON.createObjectNode();
        ObjectNode order = body.putObject("order");
        order.put("id", orderId);
        order.put("customer_id", "cus_" + orderId);
        order.put("currency", "USD");
        order.put("captured_amount", unitAmount * orderedUnits);
        order.put(
                "placed_at",
                now.minus(6, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString());
        if (inTransit) {
            order.put("shipment_status", "in_transit");
            order.put(
                    "shipped_at",
                    now.minus(2, ChronoUnit.DAYS)
                            .truncatedTo(ChronoUnit.SECONDS)
                            .toString());
        } else {
            order.put("shipment_status", "delivered");
            order.put(
                    "shipped_at",
                    now.minus(5, ChronoUnit.DAYS)
                            .truncatedTo(ChronoUnit.SECONDS)
                            .toString());
            order.put(
                    "delivered_at",
                    now.minus(3, ChronoUnit.DAYS)
                            .truncatedTo(ChronoUnit.SECONDS)
                            .toString());
        }
        order.put("payment_reference", paymentReference());
        // The outbound parcel, which the carrier stand-in (EasyPost's API) reverses for a return label.
        order.put("shipment_reference", "shp_" + orderId.replace("ord_", ""));
        ObjectNode line = order.putArray("lines").addObject();
        line.put("sku", sku());
        line.put("quantity", orderedUnits);
        line.put("unit_amount", unitAmount);
        line.put("category", "apparel");
        ObjectNode item = body.putArray("items").addObject();
        item.put("sku", sku());
        item.put("quantity", requestedUnits);
        body.put("reason", reason);
        body.put("note", "chaos case " + index);
        ArrayNode evidence = body.putArray("evidence");
        if (!evidenceLate) {
            evidence.add(photo());
        }
        body.put("preferred_method", method);
        ObjectNode customer = body.putObject("customer");
        customer.put("email", customerEmail);
        customer.put("locale", "en");
        customer.put("time_zone", timeZone);
        customer.put("channel", "email");
        return body;
    }

    String sku() {
        return "SKU-" + index % 7;
    }

    /** A return authorized is never shipped: the case waits, and the clock's moves pass the return's deadline. */
    boolean neverShipsReturn() {
        return index % 5 == 2;
    }

    ObjectNode evidence() {
        ObjectNode body = JSON.createObjectNode();
        body.putArray("evidence").add(photo());
        return body;
    }

    private ObjectNode photo() {
        ObjectNode photo = JSON.createObjectNode();
        photo.put("type", "photo");
        photo.put("url", "https://evidence.example/" + orderId + "/" + index + ".jpg");
        photo.put("content_type", "image/jpeg");
        photo.put("bytes", 48211);
        return photo;
    }

    /** Evidence asked for is never sent: the case waits for the clock, then the reminders and the expiry. */
    boolean neverSendsEvidence() {
        return evidenceLate && index % 4 == 3;
    }
}
