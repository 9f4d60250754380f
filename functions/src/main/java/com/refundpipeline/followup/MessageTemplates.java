package com.refundpipeline.followup;

import com.refundpipeline.domain.Decision;
import com.refundpipeline.domain.Readable;
import com.refundpipeline.domain.RefundBreakdown;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.RefundRequest;
import com.refundpipeline.domain.ReplacementShipment;
import com.refundpipeline.domain.Resolution;
import com.refundpipeline.domain.ReturnAuthorization;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the customer reads, from the templates in {@code followup/messages_<language>.properties} (English and
 * Simplified Chinese so far; any other locale reads English). Times are shown in the customer's time zone, amounts in
 * major units of the order's currency.
 */
public final class MessageTemplates {

    public record Message(String subject, String body) {}

    static final String FALLBACK = "en";
    private static final Map<String, Properties> BY_LANGUAGE = Map.of(
            "en", load("en"),
            "zh", load("zh"));
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm z", Locale.ENGLISH);

    private MessageTemplates() {}

    /** Whether there is a customer message for this event (a status or a scheduled message). */
    public static boolean has(String event) {
        return BY_LANGUAGE.get(FALLBACK).containsKey(event + ".subject");
    }

    /** The template language for a customer's locale: zh, zh-CN, zh-Hans read Chinese; anything else English. */
    public static String language(String locale) {
        String language =
                locale == null ? FALLBACK : locale.toLowerCase(Locale.ROOT).split("-")[0];
        return BY_LANGUAGE.containsKey(language) ? language : FALLBACK;
    }

    /**
     * The message for {@code event} about the case as it stands, in the customer's language.
     *
     * @param expires when a case waiting on evidence will be closed, or null
     */
    public static Message render(String event, RefundCase c, Instant expires) {
        Properties texts = BY_LANGUAGE.get(language(c.request().customer().locale()));
        Map<String, String> values = values(c, texts, expires);
        return new Message(fill(text(texts, event + ".subject"), values), fill(text(texts, event + ".body"), values));
    }

    private static Map<String, String> values(RefundCase c, Properties texts, Instant expires) {
        ZoneId zone = ZoneId.of(c.request().customer().timeZone());
        long amount = c.decision() != null && c.decision().amount() != null
                ? c.decision().amount()
                : c.requestedAmount();
        String method = c.decision() != null && c.decision().method() != null
                ? c.decision().method().wire()
                : c.request().preferredMethod().wire();
        String rule = c.decision() == null || c.decision().rule() == null
                ? "default"
                : c.decision().rule();
        Map<String, String> values = new HashMap<>();
        values.put("case_id", c.caseId());
        values.put("order_id", c.orderId());
        values.put("amount", money(amount, c.currency()));
        values.put("due", WHEN.format(c.resolutionDueAt().atZone(zone)));
        values.put("method", text(texts, "method." + method));
        values.put("arrives", text(texts, "arrives." + method));
        values.put(
                "status",
                texts.getProperty("status." + c.status().wire(), c.status().wire()));
        values.put("missing", texts.getProperty("missing." + rule, text(texts, "missing.default")));
        values.put("missing_short", texts.getProperty("missing_short." + rule, text(texts, "missing_short.default")));
        values.put(
                "why",
                c.decision() == null || c.decision().declineCode() == null
                        ? ""
                        : text(texts, "decline." + c.decision().declineCode().wire()));
        values.put("expires", expires == null ? "" : WHEN.format(expires.atZone(zone)));
        putReturn(values, c, texts, zone);
        putReplacement(values, c, texts);
        putInspected(values, c, texts);
        return values;
    }

    /**
     * What an inspected return pays for: the resalable units of those sent back (from the decision's line breakdown;
     * without one, left out) and what was taken from the refund (restocking fee, the label's cost).
     */
    private static void putInspected(Map<String, String> values, RefundCase c, Properties texts) {
        long returned = c.request().items().stream()
                .mapToLong(RefundRequest.RequestedItem::quantity)
                .sum();
        RefundBreakdown breakdown = c.decision() == null ? null : c.decision().breakdown();
        boolean lines = breakdown != null
                && breakdown.lines() != null
                && !breakdown.lines().isEmpty();
        long accepted = lines
                ? breakdown.lines().stream()
                        .mapToLong(RefundBreakdown.Line::quantity)
                        .sum()
                : 0;
        long fee = lines
                ? breakdown.lines().stream()
                        .mapToLong(RefundBreakdown.Line::restockingFee)
                        .sum()
                : 0;
        ReturnAuthorization authorization = c.decision() == null || c.decision().grant() == null
                ? null
                : c.decision().grant().authorization();
        long label = authorization == null ? 0 : authorization.deduction();
        values.put("accepted_units", Long.toString(accepted));
        values.put("returned_units", Long.toString(returned));
        values.put("restocking_fee", money(fee, c.currency()));
        values.put("label_cost", money(label, c.currency()));
        values.put("inspected_units", lines ? " " + fill(text(texts, "inspected_units"), values) : "");
        String deductions = fee > 0 && label > 0 ? "both" : fee > 0 ? "fee" : label > 0 ? "label" : "none";
        values.put("return_deductions", fill(texts.getProperty("return_deductions." + deductions, ""), values));
    }

    /** What a replacement or exchange sends and, once shipped, how: customer-facing words, never the store's data. */
    private static void putReplacement(Map<String, String> values, RefundCase c, Properties texts) {
        Decision.Grant grant = c.decision() == null ? null : c.decision().grant();
        Resolution goods = grant != null && grant.sendsGoods() ? grant.resolution() : Resolution.REPLACEMENT;
        values.put(
                "exchange_sku",
                c.request().exchangeSku() == null ? "" : c.request().exchangeSku());
        values.put("resolution", text(texts, "resolution." + goods.wire()));
        values.put("resolution_item", fill(text(texts, "resolution_item." + goods.wire()), values));
        ReplacementShipment shipment = grant == null ? null : grant.shipment();
        values.put("shipped_carrier", shipment == null ? "" : shipment.carrier());
        values.put("shipped_tracking", shipment == null ? "" : shipment.trackingCode());
    }

    /** The return's deadline, label and who pays for it, when the case authorized a return. */
    private static void putReturn(Map<String, String> values, RefundCase c, Properties texts, ZoneId zone) {
        ReturnAuthorization authorization = c.decision() == null || c.decision().grant() == null
                ? null
                : c.decision().grant().authorization();
        if (authorization == null) {
            values.put("return_by", "");
            values.put("return_label", "");
            values.put("return_shipping", "");
            return;
        }
        values.put("return_by", WHEN.format(authorization.returnBy().atZone(zone)));
        values.put("carrier", authorization.hasLabel() ? authorization.carrier() : "");
        values.put("tracking", authorization.hasLabel() ? authorization.trackingCode() : "");
        values.put("label_url", authorization.hasLabel() ? authorization.labelUrl() : "");
        values.put("label_cost", money(authorization.deduction(), c.currency()));
        values.put(
                "return_label",
                fill(text(texts, authorization.hasLabel() ? "return_label.with" : "return_label.none"), values));
        values.put(
                "return_shipping",
                authorization.hasLabel()
                        ? fill(
                                text(
                                        texts,
                                        "return_shipping."
                                                + authorization.shipping().wire()),
                                values)
                        : "");
    }

    static String money(long minorUnits, String currencyCode) {
        return Readable.money(minorUnits, currencyCode);
    }

    private static String text(Properties texts, String key) {
        String value = texts.getProperty(key);
        if (value == null) {
            // A template without its English text is a packaging mistake; fail loudly rather than send a gap.
            value = BY_LANGUAGE.get(FALLBACK).getProperty(key);
        }
        if (value == null) {
            throw new IllegalStateException("no message text " + key);
        }
        return value;
    }

    private static String fill(String template, Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("template names an unknown value {" + m.group(1) + "}");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString().replaceAll(" {2,}", " ").trim();
    }

    private static Properties load(String language) {
        String path = "followup/messages_" + language + ".properties";
        try (InputStream in = MessageTemplates.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(path + " is missing from the artifact");
            }
            Properties texts = new Properties();
            texts.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return texts;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
