package com.refundpipeline.cost;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** An item's size as DynamoDB counts it for billing: names and values, about a byte per digit pair for numbers. */
final class ItemSize {

    private ItemSize() {}

    static int of(Map<String, AttributeValue> item) {
        return item.entrySet().stream()
                .mapToInt(e -> utf8(e.getKey()) + value(e.getValue()))
                .sum();
    }

    /** The attributes of at least 40 bytes, largest first. */
    static String breakdown(Map<String, AttributeValue> item) {
        Map<String, Integer> sizes = new TreeMap<>();
        item.forEach((k, v) -> {
            int size = utf8(k) + value(v);
            if (size >= 40) {
                sizes.put(k, size);
            }
        });
        return sizes.toString();
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static int value(AttributeValue v) {
        if (v.s() != null) {
            return utf8(v.s());
        }
        if (v.n() != null) {
            return (v.n().replace("-", "").replace(".", "").length() + 1) / 2 + 1;
        }
        if (v.b() != null) {
            return v.b().asByteArray().length;
        }
        if (v.hasM()) {
            return 3
                    + v.m().entrySet().stream()
                            .mapToInt(e -> 1 + utf8(e.getKey()) + value(e.getValue()))
                            .sum();
        }
        if (v.hasL()) {
            return 3 + v.l().stream().mapToInt(x -> 1 + value(x)).sum();
        }
        if (v.hasSs()) {
            return v.ss().stream().mapToInt(ItemSize::utf8).sum();
        }
        return 1;
    }
}
