package com.refundpipeline.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.refundpipeline.json.Json;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Structure-aware inputs: a valid body from the request's documented shape, then a few edits chosen by the fuzzer's
 * bytes (drop a field, null it, give it a value of another type or an edge value, add an unknown field, repeat an
 * array element), then sometimes a raw edit of the text. Coverage guidance then steers the bytes towards edits that
 * reach new code, which random JSON would almost never do past the first refusal.
 */
public final class JsonMutator {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Edge values of every JSON type, including the security checks' payloads (injection, contact details). */
    static final List<String> VALUES = List.of(
            "null",
            "\"\"",
            "\" \"",
            "\"\\n\"",
            "0",
            "-1",
            "1",
            "2",
            "1.5",
            "-0",
            "1e400",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775808",
            "true",
            "false",
            "[]",
            "{}",
            "[null]",
            "[{}]",
            "\"USD\"",
            "\"usd\"",
            "\"damaged\"",
            "\"changed_mind\"",
            "\"original_payment\"",
            "\"store_credit\"",
            "\"photo\"",
            "\"email\"",
            "\"sms\"",
            "\"TSHIRT-M\"",
            "\"2026-11-22T10:00:00Z\"",
            "\"2026-13-45T99:00:00Z\"",
            "\"https://evidence.example/x.jpg\"",
            "\"http://evidence.example/x.jpg\"",
            "\"javascript:alert(1)\"",
            "\"bob@example.com\"",
            "\"+14155550123\"",
            "\"line1\\nline2\\r\\n{\\\"level\\\":\\\"ERROR\\\"}\"",
            "\"\\u0000\\u0007\\u001b[31m\"",
            "\"\\u202e\\u200b\uff21\"",
            "\"\\ud800\"",
            "\"Europe/Paris\"",
            "\"Not/AZone\"",
            "\"zh-CN\"",
            "\"approve\"",
            "\"decline\"",
            "\"request_evidence\"",
            "\"other\"",
            "\"outside_window\"",
            "\"" + "x".repeat(3000) + "\"",
            "[" + "[".repeat(40) + "]".repeat(40) + "]");

    static final List<String> FIELD_NAMES = List.of(
            "order",
            "items",
            "reason",
            "note",
            "evidence",
            "customer",
            "preferred_method",
            "quantity",
            "sku",
            "id",
            "currency",
            "captured_amount",
            "amount",
            "action",
            "explanation",
            "decline_code",
            "method",
            "__proto__",
            "constructor",
            "x\ny",
            "email",
            "phone",
            "");

    /** The edge values parsed once (null where one is not JSON), not on every input. */
    private static final List<JsonNode> PARSED_VALUES =
            VALUES.stream().map(JsonMutator::readOrNull).toList();

    /** Seed documents parsed once; each input edits a deep copy. */
    private static final Map<String, JsonNode> SEEDS = new ConcurrentHashMap<>();

    private JsonMutator() {}

    public static String mutate(String seed, FuzzInput in) {
        JsonNode root = SEEDS.computeIfAbsent(seed, JsonMutator::readTree).deepCopy();
        int edits = in.nextInt(5);
        for (int i = 0; i < edits; i++) {
            root = edit(root, in);
        }
        String text = root.toString();
        return switch (in.nextInt(8)) {
            case 0 -> rawEdit(text, in);
            default -> text;
        };
    }

    private static JsonNode readTree(String seed) {
        try {
            return Json.MAPPER.readTree(seed);
        } catch (Exception e) {
            throw new IllegalArgumentException("seed is not JSON", e);
        }
    }

    private static JsonNode edit(JsonNode root, FuzzInput in) {
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        JsonNode target = in.pick(containers);
        if (target instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            String name = names.isEmpty() || in.nextInt(6) == 0 ? in.pick(FIELD_NAMES) : in.pick(names);
            switch (in.nextInt(4)) {
                case 0 -> object.remove(name);
                case 1 -> object.set(name, value(in));
                case 2 -> object.put(name, in.nextString(40));
                default -> object.put(name, in.nextLong() >> in.nextInt(64));
            }
        } else if (target instanceof ArrayNode array) {
            switch (in.nextInt(4)) {
                case 0 -> {
                    if (!array.isEmpty()) {
                        array.remove(in.nextInt(array.size()));
                    }
                }
                case 1 -> {
                    if (!array.isEmpty() && array.size() < 200) {
                        array.add(array.get(in.nextInt(array.size())).deepCopy());
                    }
                }
                default -> array.add(value(in));
            }
        }
        return root;
    }

    private static JsonNode value(FuzzInput in) {
        JsonNode value = in.pick(PARSED_VALUES);
        return value == null ? NODES.textNode(in.nextString(20)) : value.deepCopy();
    }

    private static JsonNode readOrNull(String value) {
        try {
            return Json.MAPPER.readTree(value);
        } catch (Exception e) {
            return null;
        }
    }

    private static void collect(JsonNode node, List<JsonNode> into) {
        if (node.isContainerNode()) {
            into.add(node);
            for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
                collect(it.next(), into);
            }
        }
    }

    private static String rawEdit(String text, FuzzInput in) {
        int at = in.nextInt(text.length() + 1);
        return switch (in.nextInt(3)) {
            case 0 -> text.substring(0, at);
            case 1 -> text.substring(0, at) + in.nextString(16) + text.substring(at);
            default -> text.substring(0, at) + text.substring(Math.min(text.length(), at + 1 + in.nextInt(8)));
        };
    }
}
