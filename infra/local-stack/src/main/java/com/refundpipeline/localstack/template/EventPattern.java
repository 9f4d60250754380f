package com.refundpipeline.localstack.template;

import java.util.List;
import java.util.Map;

/**
 * EventBridge's event pattern matching, for the part of it the template uses: each field of the pattern names either
 * a nested pattern or a list of exact values, one of which the event's value (or one of its values, for a list) must
 * equal. Content filters ({@code prefix}, {@code anything-but}, ...) are refused when the template is read, so the
 * local stack never matches differently from EventBridge.
 */
final class EventPattern {

    private EventPattern() {}

    /** Refuses a pattern with anything but nested fields and lists of exact values. */
    static void check(Object pattern, String where) {
        if (!(pattern instanceof Map<?, ?> fields) || fields.isEmpty()) {
            throw new TemplateException(where + ": an event pattern is a non-empty map of fields");
        }
        fields.forEach((name, value) -> {
            String at = where + "." + name;
            if (value instanceof List<?> values) {
                for (Object v : values) {
                    if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
                        throw new TemplateException(at + ": only exact values are supported locally, found " + v);
                    }
                }
            } else {
                check(value, at);
            }
        });
    }

    static boolean matches(Map<?, ?> pattern, Map<?, ?> event) {
        for (Map.Entry<?, ?> field : pattern.entrySet()) {
            Object value = event.get(field.getKey());
            if (field.getValue() instanceof List<?> allowed) {
                boolean any = value instanceof List<?> values
                        ? values.stream().anyMatch(v -> allowed.contains(String.valueOf(v)))
                        : value != null && allowed.contains(String.valueOf(value));
                if (!any) {
                    return false;
                }
            } else if (!(value instanceof Map<?, ?> nested && matches((Map<?, ?>) field.getValue(), nested))) {
                return false;
            }
        }
        return true;
    }
}
