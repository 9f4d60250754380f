package com.refundpipeline.submit;

import com.refundpipeline.amount.AmountRules;
import com.refundpipeline.amount.RefundCalculator;
import com.refundpipeline.domain.CallerText;
import com.refundpipeline.domain.Currencies;
import com.refundpipeline.domain.PayoutMethod;
import com.refundpipeline.domain.Readable;
import com.refundpipeline.domain.RefundBreakdown;
import com.refundpipeline.domain.RefundReason;
import com.refundpipeline.domain.RefundRequest;
import com.refundpipeline.domain.Refusal;
import com.refundpipeline.domain.Resolution;
import com.refundpipeline.domain.ShipmentStatus;
import com.refundpipeline.policy.PolicyDocument;
import java.net.URI;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Checks a refund request field by field and builds the domain request. The first problem found is reported, with
 * the field's JSON path: 400 for what is missing or malformed, 422 for well-formed values that break a rule.
 */
final class RefundRequestValidator {

    static final int MAX_TEXT = 255;
    static final int MAX_NOTE = 2000;
    static final int MAX_LINES = 500;
    static final int MAX_EVIDENCE = 20;
    private static final Set<String> CHANNELS = Set.of("email", "sms");
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
    private static final Pattern PHONE = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final Pattern LOCALE = Pattern.compile("[a-z]{2,3}(-[A-Za-z0-9]{2,8})*");

    private RefundRequestValidator() {}

    /**
     * @param evidenceRules the store's policy for evidence: its types and size limit are the only ones checked here,
     *            so a store that changes them in its policy is not refused by a second, hard-coded copy
     */
    static RefundRequest validate(RefundRequestBody body, PolicyDocument.EvidenceRules evidenceRules) {
        RefundRequest.Order order = order(required(body.order(), "order"));
        List<RefundRequest.RequestedItem> items = items(body.items(), order);
        RefundReason reason = RefundReason.parse(required(body.reason(), "reason"))
                .orElseThrow(() -> Refusal.rule(
                        "reason_unknown", "reason must be one of " + names(RefundReason.values()), "reason"));
        String note = body.note();
        if (note != null && note.length() > MAX_NOTE) {
            throw Refusal.rule("parameter_too_long", "note is longer than " + MAX_NOTE + " characters", "note");
        }
        List<RefundRequest.Evidence> evidence = evidence(body.evidence(), "evidence", evidenceRules);
        PayoutMethod method = body.preferredMethod() == null
                ? PayoutMethod.ORIGINAL_PAYMENT
                : PayoutMethod.parse(body.preferredMethod())
                        .orElseThrow(() -> Refusal.rule(
                                "method_unknown",
                                "preferred_method must be one of " + names(PayoutMethod.values()),
                                "preferred_method"));
        RefundRequest.CustomerContact customer = customer(required(body.customer(), "customer"));
        Resolution resolution = body.preferredResolution() == null
                ? null
                : Resolution.parse(body.preferredResolution())
                        .orElseThrow(() -> Refusal.rule(
                                "resolution_unknown",
                                "preferred_resolution must be one of " + names(Resolution.values()),
                                "preferred_resolution"));
        String exchangeSku = exchangeSku(body.exchangeSku(), resolution, items);
        RefundRequest request =
                new RefundRequest(order, items, reason, note, evidence, method, customer, resolution, exchangeSku);

        long requested;
        long refund;
        try {
            requested = request.requestedAmount();
            if (order.discount() > order.goodsAmount()) {
                throw Refusal.rule(
                        "discount_exceeds_order",
                        "discount_amount " + Readable.money(order.discount(), order.currency())
                                + " is more than the lines are worth ("
                                + Readable.money(order.goodsAmount(), order.currency()) + ")",
                        "order.discount_amount");
            }
            RefundBreakdown most = RefundCalculator.calculate(request, AmountRules.MOST);
            refund = most.subtotal() - most.shippingAmount();
        } catch (ArithmeticException overflow) {
            throw Refusal.rule("amount_invalid", "the requested amount is too large", "items");
        }
        if (requested == 0) {
            throw Refusal.rule("amount_invalid", "the requested items are worth nothing", "items");
        }
        if (refund > order.capturedAmount()) {
            throw Refusal.rule(
                    "amount_exceeds_captured",
                    "the refund for these items comes to " + Readable.money(refund, order.currency())
                            + " but only " + Readable.money(order.capturedAmount(), order.currency())
                            + " was captured",
                    "items");
        }
        return request;
    }

    /**
     * The variant an exchange asks for: only with {@code preferred_resolution: exchange}, for a request of one line
     * whose goods all come back, and another sku than that line's (the same price is the store's to hold to).
     */
    private static String exchangeSku(String given, Resolution resolution, List<RefundRequest.RequestedItem> items) {
        if (given == null) {
            return null;
        }
        String sku = text(given, "exchange_sku", MAX_TEXT);
        if (resolution != Resolution.EXCHANGE) {
            throw Refusal.rule(
                    "exchange_sku_without_exchange",
                    "exchange_sku goes with preferred_resolution exchange only",
                    "exchange_sku");
        }
        return RefundRequest.exchangeSku(sku, items);
    }

    static List<RefundRequest.Evidence> evidence(
            List<RefundRequestBody.Evidence> given, String field, PolicyDocument.EvidenceRules rules) {
        if (given == null) {
            return List.of();
        }
        if (given.size() > MAX_EVIDENCE) {
            throw Refusal.rule("evidence_invalid", "at most " + MAX_EVIDENCE + " pieces of evidence", field);
        }
        List<RefundRequest.Evidence> evidence = new ArrayList<>();
        for (int i = 0; i < given.size(); i++) {
            String at = field + "[" + i + "]";
            RefundRequestBody.Evidence e = required(given.get(i), at);
            String type = required(e.type(), at + ".type");
            if (!rules.contentTypes().containsKey(type)) {
                throw Refusal.rule(
                        "evidence_invalid",
                        "type must be one of "
                                + new TreeSet<>(rules.contentTypes().keySet()),
                        at + ".type");
            }
            String url = text(e.url(), at + ".url", 2048);
            if (!isHttpsUrl(url)) {
                throw Refusal.rule("evidence_invalid", "url must be an https URL", at + ".url");
            }
            long bytes = required(e.bytes(), at + ".bytes");
            if (bytes <= 0 || bytes > rules.maxBytes()) {
                throw Refusal.rule(
                        "evidence_invalid", "bytes must be between 1 and " + rules.maxBytes(), at + ".bytes");
            }
            evidence.add(
                    new RefundRequest.Evidence(type, url, text(e.contentType(), at + ".content_type", 100), bytes));
        }
        return List.copyOf(evidence);
    }

    /** A SKU as a refusal names it: "sku TSHIRT-M", or "this sku" when it is not a plain token. */
    private static String sku(String sku) {
        return CallerText.showable(sku) ? "sku " + sku : "this sku";
    }

    private static RefundRequest.Order order(RefundRequestBody.Order o) {
        String id = text(o.id(), "order.id", MAX_TEXT);
        String customerId = text(o.customerId(), "order.customer_id", MAX_TEXT);
        String currency = required(o.currency(), "order.currency");
        if (Currencies.find(currency).isEmpty()) {
            throw Refusal.rule(
                    "currency_unknown",
                    (CallerText.showable(currency) ? currency : "order.currency") + " is not an ISO 4217 currency code",
                    "order.currency");
        }
        long captured = nonNegative(required(o.capturedAmount(), "order.captured_amount"), "order.captured_amount");
        ShipmentStatus shipment = ShipmentStatus.parse(required(o.shipmentStatus(), "order.shipment_status"))
                .orElseThrow(() -> Refusal.rule(
                        "shipment_status_unknown",
                        "shipment_status must be one of " + names(ShipmentStatus.values()),
                        "order.shipment_status"));
        List<RefundRequestBody.Line> given = required(o.lines(), "order.lines");
        if (given.isEmpty() || given.size() > MAX_LINES) {
            throw Refusal.rule(
                    "parameter_invalid", "an order has between 1 and " + MAX_LINES + " lines", "order.lines");
        }
        List<RefundRequest.OrderLine> lines = new ArrayList<>();
        Set<String> skus = new HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String at = "order.lines[" + i + "]";
            RefundRequestBody.Line line = required(given.get(i), at);
            String sku = text(line.sku(), at + ".sku", MAX_TEXT);
            if (!skus.add(sku)) {
                throw Refusal.rule("parameter_invalid", sku(sku) + " appears on two lines", at + ".sku");
            }
            long quantity = positive(required(line.quantity(), at + ".quantity"), at + ".quantity");
            long unit = nonNegative(required(line.unitAmount(), at + ".unit_amount"), at + ".unit_amount");
            lines.add(new RefundRequest.OrderLine(
                    sku,
                    quantity,
                    unit,
                    line.category() == null ? null : text(line.category(), at + ".category", MAX_TEXT)));
        }
        return new RefundRequest.Order(
                id,
                customerId,
                currency,
                captured,
                required(o.placedAt(), "order.placed_at"),
                shipment,
                o.shippedAt(),
                o.deliveredAt(),
                o.paymentReference() == null ? null : text(o.paymentReference(), "order.payment_reference", MAX_TEXT),
                List.copyOf(lines),
                optionalAmount(o.discountAmount(), "order.discount_amount"),
                optionalAmount(o.taxAmount(), "order.tax_amount"),
                optionalAmount(o.shippingAmount(), "order.shipping_amount"),
                o.shipmentReference() == null
                        ? null
                        : text(o.shipmentReference(), "order.shipment_reference", MAX_TEXT));
    }

    private static List<RefundRequest.RequestedItem> items(
            List<RefundRequestBody.Item> given, RefundRequest.Order order) {
        required(given, "items");
        if (given.isEmpty()) {
            throw Refusal.rule("parameter_invalid", "ask for at least one item", "items");
        }
        List<RefundRequest.RequestedItem> items = new ArrayList<>();
        Set<String> skus = new HashSet<>();
        for (int i = 0; i < given.size(); i++) {
            String at = "items[" + i + "]";
            RefundRequestBody.Item item = required(given.get(i), at);
            String sku = text(item.sku(), at + ".sku", MAX_TEXT);
            RefundRequest.OrderLine line = order.line(sku);
            if (line == null) {
                throw Refusal.rule(
                        "sku_not_in_order",
                        sku(sku) + " is not on "
                                + (CallerText.showable(order.id()) ? "order " + order.id() : "the order"),
                        at + ".sku");
            }
            if (!skus.add(sku)) {
                throw Refusal.rule("parameter_invalid", sku(sku) + " is asked for twice", at + ".sku");
            }
            long quantity = positive(required(item.quantity(), at + ".quantity"), at + ".quantity");
            if (quantity > line.quantity()) {
                throw Refusal.rule(
                        "quantity_exceeds_order",
                        "the order has " + line.quantity() + " of " + (CallerText.showable(sku) ? sku : "this sku")
                                + ", not " + quantity,
                        at + ".quantity");
            }
            Integer percent = item.refundPercent();
            Long amount = item.refundAmount();
            if (percent != null && amount != null) {
                throw Refusal.rule(
                        "parameter_invalid",
                        "give refund_percent or refund_amount for an item, not both",
                        at + ".refund_amount");
            }
            if (percent != null && (percent < 1 || percent > 100)) {
                throw Refusal.rule(
                        "percent_invalid", "refund_percent must be between 1 and 100", at + ".refund_percent");
            }
            if (amount != null && amount < 1) {
                throw Refusal.rule("amount_invalid", "refund_amount must be at least 1", at + ".refund_amount");
            }
            long worth = Math.multiplyHigh(quantity, line.unitAmount()) == 0 && quantity * line.unitAmount() >= 0
                    ? quantity * line.unitAmount()
                    : Long.MAX_VALUE;
            if (amount != null && amount > worth) {
                throw Refusal.rule(
                        "amount_exceeds_item",
                        "refund_amount " + Readable.money(amount, order.currency()) + " is more than the "
                                + quantity + " unit(s) are worth (" + Readable.money(worth, order.currency())
                                + ")",
                        at + ".refund_amount");
            }
            items.add(new RefundRequest.RequestedItem(sku, quantity, percent, amount));
        }
        return List.copyOf(items);
    }

    private static RefundRequest.CustomerContact customer(RefundRequestBody.Customer c) {
        String channel = c.channel() == null ? "email" : c.channel();
        if (!CHANNELS.contains(channel)) {
            throw Refusal.rule("parameter_invalid", "channel must be one of " + CHANNELS, "customer.channel");
        }
        if (c.email() != null && !EMAIL.matcher(c.email()).matches()) {
            throw Refusal.rule("parameter_invalid", "email is not an email address", "customer.email");
        }
        if (c.phone() != null && !PHONE.matcher(c.phone()).matches()) {
            // No example number in the message: a refusal must not carry anything shaped like a phone number
            // (make fuzz's submitBody found this one), which log scanners would take for a customer's.
            throw Refusal.rule(
                    "parameter_invalid",
                    "phone must be in E.164 form: a + and then 7 to 15 digits, country code first",
                    "customer.phone");
        }
        if ("email".equals(channel) && c.email() == null) {
            throw Refusal.malformed(
                    "parameter_missing", "customer.email is required for the email channel", "customer.email");
        }
        if ("sms".equals(channel) && c.phone() == null) {
            throw Refusal.malformed(
                    "parameter_missing", "customer.phone is required for the sms channel", "customer.phone");
        }
        String locale = c.locale() == null ? "en" : c.locale();
        if (!LOCALE.matcher(locale).matches()) {
            throw Refusal.rule(
                    "parameter_invalid", "locale must be a language tag like en or zh-CN", "customer.locale");
        }
        String zone = c.timeZone() == null ? "UTC" : c.timeZone();
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw Refusal.rule(
                    "parameter_invalid", "time_zone must be an IANA zone like Europe/Paris", "customer.time_zone");
        }
        return new RefundRequest.CustomerContact(c.email(), c.phone(), locale, zone, channel);
    }

    private static boolean isHttpsUrl(String url) {
        try {
            URI uri = new URI(url);
            return "https".equals(uri.getScheme()) && uri.getHost() != null;
        } catch (Exception e) {
            return false;
        }
    }

    private static <T> T required(T value, String field) {
        if (value == null) {
            throw Refusal.malformed("parameter_missing", field + " is required", field);
        }
        return value;
    }

    private static String text(String value, String field, int max) {
        required(value, field);
        if (value.isBlank()) {
            throw Refusal.malformed("parameter_missing", field + " must not be blank", field);
        }
        if (value.length() > max) {
            throw Refusal.rule("parameter_too_long", field + " is longer than " + max + " characters", field);
        }
        return value;
    }

    private static long positive(long value, String field) {
        if (value <= 0) {
            throw Refusal.rule("quantity_invalid", field + " must be at least 1", field);
        }
        return value;
    }

    private static long nonNegative(long value, String field) {
        if (value < 0) {
            throw Refusal.rule("amount_invalid", field + " must not be negative", field);
        }
        return value;
    }

    private static Long optionalAmount(Long value, String field) {
        return value == null ? null : nonNegative(value, field);
    }

    private static String names(Enum<?>[] values) {
        List<String> names = new ArrayList<>();
        for (Enum<?> value : values) {
            names.add(value.name().toLowerCase(Locale.ROOT));
        }
        return String.join(", ", names);
    }
}
