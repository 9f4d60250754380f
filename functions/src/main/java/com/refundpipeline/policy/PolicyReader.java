package com.refundpipeline.policy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.refundpipeline.domain.Currencies;
import com.refundpipeline.domain.PayoutMethod;
import com.refundpipeline.domain.RefundReason;
import com.refundpipeline.domain.Resolution;
import com.refundpipeline.domain.ReturnShipping;
import com.refundpipeline.json.Json;
import java.io.IOException;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads a policy document (JSON) and checks every field, so a broken policy fails at load with the field named
 * instead of deciding refunds wrongly. Unknown fields are refused too: a misspelt limit must not be silently ignored.
 *
 * <p>
 * Each entry of {@code rules} is laid over {@code defaults} field by field; every reason must have a rule that
 * covers all categories.
 */
public final class PolicyReader {

    private static final Set<String> TOP = Set.of(
            "store",
            "version",
            "evidence",
            "needs_evidence",
            "frequent_refunder",
            "authority",
            "defaults",
            "rules",
            "closing",
            "contact");
    private static final Set<String> TERMS = Set.of(
            "window",
            "photos_required",
            "return_inspected",
            "automatic",
            "review_note",
            "auto_approve_limit",
            "restocking_fee_bps",
            "refund_shipping",
            "methods",
            "in_transit",
            "resolutions",
            "return_days",
            "return_shipping");
    private static final Set<String> RULE = union(TERMS, Set.of("id", "reasons", "categories"));

    private PolicyReader() {}

    public static PolicyDocument read(String json) {
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new PolicyException(
                    "", "not valid JSON (" + e.getMessage().lines().findFirst().orElse("") + ")");
        }
        ObjectNode top = object(root, "");
        known(top, TOP, "");
        String store = text(top, "store", "");
        String version = text(top, "version", "");
        if (!version.matches("[A-Za-z0-9._-]{1,64}")) {
            throw new PolicyException("version", "must be 1-64 letters, digits, '.', '_' or '-'");
        }
        PolicyDocument.EvidenceRules evidence = evidence(object(required(top, "evidence", ""), "evidence"));
        ObjectNode needs = object(required(top, "needs_evidence", ""), "needs_evidence");
        known(needs, Set.of("expires_after"), "needs_evidence");
        Duration expiresAfter = duration(needs, "expires_after", "needs_evidence");
        ObjectNode frequent = object(required(top, "frequent_refunder", ""), "frequent_refunder");
        known(frequent, Set.of("window", "max_refunds"), "frequent_refunder");
        PolicyDocument.FrequentRefunder frequentRefunder =
                new PolicyDocument.FrequentRefunder(duration(frequent, "window", "frequent_refunder"), (int)
                        integer(frequent, "max_refunds", "frequent_refunder", 1, 1000));
        List<PolicyDocument.AuthorityTier> authority = authority(required(top, "authority", ""));
        ObjectNode defaults = object(required(top, "defaults", ""), "defaults");
        known(defaults, TERMS, "defaults");
        List<PolicyDocument.ReturnRule> rules = rules(required(top, "rules", ""), defaults);
        PolicyDocument.Closing closing = PolicyDocument.Closing.DEFAULT;
        if (top.has("closing")) {
            ObjectNode close = object(top.get("closing"), "closing");
            known(close, Set.of("feedback_window", "retention"), "closing");
            closing = new PolicyDocument.Closing(
                    duration(close, "feedback_window", "closing"), duration(close, "retention", "closing"));
            if (closing.retention().compareTo(closing.feedbackWindow()) < 0) {
                throw new PolicyException("closing.retention", "must be at least the feedback window");
            }
        }
        PolicyDocument.Contact contact =
                top.has("contact") ? contact(object(top.get("contact"), "contact")) : PolicyDocument.Contact.DEFAULT;
        return new PolicyDocument(
                store, version, evidence, expiresAfter, frequentRefunder, authority, rules, closing, contact);
    }

    /** Phone calls to customers; every field optional, defaulting to 10:00-18:00, three attempts, UTC. */
    private static PolicyDocument.Contact contact(ObjectNode node) {
        known(node, Set.of("call_hours", "max_call_attempts", "store_time_zone"), "contact");
        PolicyDocument.Contact d = PolicyDocument.Contact.DEFAULT;
        LocalTime from = d.callFrom();
        LocalTime until = d.callUntil();
        if (node.has("call_hours")) {
            ObjectNode hours = object(node.get("call_hours"), "contact.call_hours");
            known(hours, Set.of("from", "until"), "contact.call_hours");
            from = clockTime(hours, "from", "contact.call_hours");
            until = clockTime(hours, "until", "contact.call_hours");
            if (!from.isBefore(until)) {
                throw new PolicyException("contact.call_hours.until", "must be later than from (" + from + ")");
            }
        }
        int attempts = node.has("max_call_attempts")
                ? (int) integer(node, "max_call_attempts", "contact", 1, 10)
                : d.maxCallAttempts();
        ZoneId zone = d.storeTimeZone();
        if (node.has("store_time_zone")) {
            String value = text(node, "store_time_zone", "contact");
            try {
                zone = ZoneId.of(value);
            } catch (DateTimeException e) {
                throw new PolicyException(
                        "contact.store_time_zone", "must be an IANA time zone such as Asia/Shanghai, not " + value);
            }
        }
        return new PolicyDocument.Contact(from, until, attempts, zone);
    }

    private static LocalTime clockTime(ObjectNode node, String name, String at) {
        String value = text(node, name, at);
        if (!value.matches("([01][0-9]|2[0-3]):[0-5][0-9]")) {
            throw new PolicyException(join(at, name), "must be a time of day as HH:MM, such as 10:00, not " + value);
        }
        return LocalTime.parse(value);
    }

    private static PolicyDocument.EvidenceRules evidence(ObjectNode node) {
        known(node, Set.of("allowed_hosts", "max_bytes", "content_types"), "evidence");
        Set<String> hosts = new LinkedHashSet<>();
        JsonNode hostList = array(required(node, "allowed_hosts", "evidence"), "evidence.allowed_hosts");
        for (int i = 0; i < hostList.size(); i++) {
            String at = "evidence.allowed_hosts[" + i + "]";
            String host = textValue(hostList.get(i), at).toLowerCase(Locale.ROOT);
            if (!host.matches("[a-z0-9]([a-z0-9-]*[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+")) {
                throw new PolicyException(at, "must be a host name such as evidence.example.com, not a URL");
            }
            hosts.add(host);
        }
        if (hosts.isEmpty()) {
            throw new PolicyException("evidence.allowed_hosts", "must name at least one host");
        }
        long maxBytes = integer(node, "max_bytes", "evidence", 1, 1L << 32);
        ObjectNode types = object(required(node, "content_types", "evidence"), "evidence.content_types");
        Map<String, Set<String>> contentTypes = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = types.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> type = it.next();
            String at = "evidence.content_types." + type.getKey();
            if (!Set.of("photo", "video", "document").contains(type.getKey())) {
                throw new PolicyException(at, "evidence types are photo, video and document");
            }
            Set<String> allowed = new LinkedHashSet<>();
            JsonNode list = array(type.getValue(), at);
            for (int i = 0; i < list.size(); i++) {
                String contentType = textValue(list.get(i), at + "[" + i + "]");
                if (!contentType.matches("[a-z]+/[a-z0-9.+-]+")) {
                    throw new PolicyException(at + "[" + i + "]", "must be a media type such as image/jpeg");
                }
                allowed.add(contentType);
            }
            contentTypes.put(type.getKey(), Set.copyOf(allowed));
        }
        if (!contentTypes.containsKey("photo")) {
            throw new PolicyException(
                    "evidence.content_types.photo", "is required: photos are the evidence rules ask for");
        }
        return new PolicyDocument.EvidenceRules(Set.copyOf(hosts), maxBytes, Map.copyOf(contentTypes));
    }

    private static List<PolicyDocument.AuthorityTier> authority(JsonNode node) {
        JsonNode list = array(node, "authority");
        List<PolicyDocument.AuthorityTier> tiers = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "authority[" + i + "]";
            ObjectNode tier = object(list.get(i), at);
            known(tier, Set.of("tier", "up_to"), at);
            String name = text(tier, "tier", at);
            if (!names.add(name)) {
                throw new PolicyException(at + ".tier", "tier " + name + " is listed twice");
            }
            JsonNode upTo = required(tier, "up_to", at);
            if (upTo.isTextual() && upTo.asText().equals("unlimited")) {
                tiers.add(new PolicyDocument.AuthorityTier(name, Map.of(), true));
            } else {
                tiers.add(new PolicyDocument.AuthorityTier(name, amounts(upTo, at + ".up_to"), false));
            }
        }
        if (tiers.isEmpty()) {
            throw new PolicyException("authority", "must list at least one tier");
        }
        return List.copyOf(tiers);
    }

    private static List<PolicyDocument.ReturnRule> rules(JsonNode node, ObjectNode defaults) {
        JsonNode list = array(node, "rules");
        List<PolicyDocument.ReturnRule> rules = new ArrayList<>();
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "rules[" + i + "]";
            ObjectNode given = object(list.get(i), at);
            known(given, RULE, at);
            ObjectNode merged = defaults.deepCopy();
            given.fields().forEachRemaining(f -> merged.set(f.getKey(), f.getValue()));
            PolicyDocument.ReturnRule rule = rule(merged, at, given);
            if (!ids.add(rule.id())) {
                throw new PolicyException(at + ".id", "rule id " + rule.id() + " is used twice");
            }
            rules.add(rule);
        }
        for (RefundReason reason : RefundReason.values()) {
            boolean covered = rules.stream()
                    .anyMatch(r -> r.covers(reason) && r.categories().isEmpty());
            if (!covered) {
                throw new PolicyException(
                        "rules",
                        "no rule covers reason " + reason.wire()
                                + " for every category (add one without \"categories\")");
            }
        }
        return List.copyOf(rules);
    }

    private static PolicyDocument.ReturnRule rule(ObjectNode node, String at, ObjectNode given) {
        // A term the rule inherits is reported where it was written: in defaults.
        java.util.function.Function<String, String> from = name -> given.has(name) ? at : "defaults";
        String id = text(node, "id", at);
        EnumSet<RefundReason> reasons = EnumSet.noneOf(RefundReason.class);
        JsonNode reasonList = array(required(node, "reasons", at), at + ".reasons");
        for (int i = 0; i < reasonList.size(); i++) {
            String value = textValue(reasonList.get(i), at + ".reasons[" + i + "]");
            reasons.add(RefundReason.parse(value)
                    .orElseThrow(() -> new PolicyException(at + ".reasons", "unknown reason " + value)));
        }
        if (reasons.isEmpty()) {
            throw new PolicyException(at + ".reasons", "must name at least one reason");
        }
        Set<String> categories = new LinkedHashSet<>();
        if (node.has("categories")) {
            JsonNode list = array(node.get("categories"), at + ".categories");
            for (int i = 0; i < list.size(); i++) {
                categories.add(textValue(list.get(i), at + ".categories[" + i + "]"));
            }
        }
        PolicyDocument.Window window = null;
        JsonNode windowNode = required(node, "window", from.apply("window"));
        if (!windowNode.isNull()) {
            String w = from.apply("window") + ".window";
            ObjectNode windowObject = object(windowNode, w);
            known(windowObject, Set.of("length", "from"), w);
            String anchor = text(windowObject, "from", w);
            PolicyDocument.WindowStart start;
            try {
                start = PolicyDocument.WindowStart.valueOf(anchor.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new PolicyException(w + ".from", "must be delivery, shipment or order, not " + anchor);
            }
            window = new PolicyDocument.Window(duration(windowObject, "length", w), start);
        }
        int photos = (int) integer(node, "photos_required", from.apply("photos_required"), 0, 20);
        boolean inspected = bool(node, "return_inspected", from.apply("return_inspected"));
        boolean automatic = bool(node, "automatic", from.apply("automatic"));
        String note = node.hasNonNull("review_note")
                ? textValue(node.get("review_note"), from.apply("review_note") + ".review_note")
                : "a person decides this reason";
        String limitsAt = from.apply("auto_approve_limit");
        Map<String, Long> limits =
                amounts(required(node, "auto_approve_limit", limitsAt), limitsAt + ".auto_approve_limit");
        int fee = (int) integer(node, "restocking_fee_bps", from.apply("restocking_fee_bps"), 0, 10_000);
        boolean shipping = bool(node, "refund_shipping", from.apply("refund_shipping"));
        String methodsAt = from.apply("methods") + ".methods";
        List<PayoutMethod> methods = new ArrayList<>();
        JsonNode methodList = array(required(node, "methods", from.apply("methods")), methodsAt);
        for (int i = 0; i < methodList.size(); i++) {
            String value = textValue(methodList.get(i), methodsAt + "[" + i + "]");
            methods.add(PayoutMethod.parse(value)
                    .orElseThrow(() -> new PolicyException(
                            methodsAt, "unknown method " + value + " (original_payment, store_credit)")));
        }
        if (methods.isEmpty()) {
            throw new PolicyException(methodsAt, "must allow at least one method");
        }
        String transitAt = from.apply("in_transit") + ".in_transit";
        ObjectNode transit = object(required(node, "in_transit", from.apply("in_transit")), transitAt);
        known(transit, Set.of("expected_transit", "grace"), transitAt);
        PolicyDocument.InTransit inTransit = new PolicyDocument.InTransit(
                duration(transit, "expected_transit", transitAt), duration(transit, "grace", transitAt));
        // Resolutions, in the rule's order of preference; a rule that names none offers the money its methods allow.
        List<Resolution> resolutions = new ArrayList<>();
        if (node.has("resolutions")) {
            String resolutionsAt = from.apply("resolutions") + ".resolutions";
            JsonNode list = array(node.get("resolutions"), resolutionsAt);
            for (int i = 0; i < list.size(); i++) {
                String value = textValue(list.get(i), resolutionsAt + "[" + i + "]");
                Resolution resolution = Resolution.parse(value)
                        .orElseThrow(() -> new PolicyException(
                                resolutionsAt,
                                "unknown resolution " + value
                                        + " (refund, store_credit, replacement, exchange, keep_item)"));
                if (resolutions.contains(resolution)) {
                    throw new PolicyException(resolutionsAt, "lists " + value + " twice");
                }
                resolutions.add(resolution);
            }
            if (resolutions.isEmpty()) {
                throw new PolicyException(resolutionsAt, "must offer at least one resolution");
            }
            for (Resolution resolution : resolutions) {
                if (resolution.payoutMethod().isPresent()
                        && !methods.contains(resolution.payoutMethod().get())) {
                    throw new PolicyException(
                            resolutionsAt,
                            "offers " + resolution.wire() + ", which pays by "
                                    + resolution.payoutMethod().get().wire() + ", not among the rule's methods");
                }
            }
        } else {
            methods.stream()
                    .map(Resolution::forMethod)
                    .flatMap(java.util.Optional::stream)
                    .forEach(resolutions::add);
        }
        int returnDays = node.has("return_days")
                ? (int) integer(node, "return_days", from.apply("return_days"), 1, 365)
                : PolicyDocument.DEFAULT_RETURN_DAYS;
        ReturnShipping returnShipping = ReturnShipping.MERCHANT;
        if (node.has("return_shipping")) {
            String value = textValue(node.get("return_shipping"), from.apply("return_shipping") + ".return_shipping");
            returnShipping = ReturnShipping.parse(value)
                    .orElseThrow(() -> new PolicyException(
                            from.apply("return_shipping") + ".return_shipping",
                            "must be merchant, customer or deducted, not " + value));
        }
        return new PolicyDocument.ReturnRule(
                id,
                Set.copyOf(reasons),
                Set.copyOf(categories),
                window,
                photos,
                inspected,
                automatic,
                note,
                limits,
                fee,
                shipping,
                List.copyOf(methods),
                inTransit,
                List.copyOf(resolutions),
                returnDays,
                returnShipping);
    }

    // ------------------------------------------------------------------ field readers that name the field at fault

    private static Map<String, Long> amounts(JsonNode node, String at) {
        ObjectNode object = object(node, at);
        Map<String, Long> amounts = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            String field = at + "." + entry.getKey();
            if (Currencies.find(entry.getKey()).isEmpty()) {
                throw new PolicyException(field, "unknown ISO 4217 currency " + entry.getKey());
            }
            if (!entry.getValue().isIntegralNumber() || entry.getValue().asLong() < 0) {
                throw new PolicyException(field, "must be a whole, non-negative amount in minor units");
            }
            amounts.put(entry.getKey(), entry.getValue().asLong());
        }
        return Map.copyOf(amounts);
    }

    private static JsonNode required(ObjectNode node, String name, String at) {
        JsonNode value = node.get(name);
        if (value == null) {
            throw new PolicyException(join(at, name), "is required");
        }
        return value;
    }

    private static ObjectNode object(JsonNode node, String at) {
        if (node == null || !node.isObject()) {
            throw new PolicyException(at, "must be a JSON object");
        }
        return (ObjectNode) node;
    }

    private static JsonNode array(JsonNode node, String at) {
        if (node == null || !node.isArray()) {
            throw new PolicyException(at, "must be a JSON array");
        }
        return node;
    }

    private static String text(ObjectNode node, String name, String at) {
        return textValue(required(node, name, at), join(at, name));
    }

    private static String textValue(JsonNode value, String at) {
        if (value == null || !value.isTextual() || value.asText().isBlank()) {
            throw new PolicyException(at, "must be a non-empty string");
        }
        return value.asText();
    }

    private static long integer(ObjectNode node, String name, String at, long min, long max) {
        JsonNode value = required(node, name, at);
        if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > max) {
            throw new PolicyException(join(at, name), "must be a whole number from " + min + " to " + max);
        }
        return value.asLong();
    }

    private static boolean bool(ObjectNode node, String name, String at) {
        JsonNode value = required(node, name, at);
        if (!value.isBoolean()) {
            throw new PolicyException(join(at, name), "must be true or false");
        }
        return value.asBoolean();
    }

    private static Duration duration(ObjectNode node, String name, String at) {
        String value = text(node, name, at);
        try {
            Duration duration = Duration.parse(value);
            if (duration.isNegative() || duration.isZero()) {
                throw new PolicyException(join(at, name), "must be longer than zero");
            }
            return duration;
        } catch (DateTimeParseException e) {
            throw new PolicyException(join(at, name), "must be an ISO-8601 duration such as P30D, not " + value);
        }
    }

    private static void known(ObjectNode node, Set<String> allowed, String at) {
        node.fieldNames().forEachRemaining(name -> {
            if (!allowed.contains(name)) {
                throw new PolicyException(join(at, name), "unknown field");
            }
        });
    }

    private static String join(String at, String name) {
        return at.isEmpty() ? name : at + "." + name;
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return Set.copyOf(all);
    }
}
