package com.refundpipeline.localstack.template;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** A resolved mapping with accessors that name the property at fault when it is missing or mistyped. */
final class Props {
    final Map<?, ?> map;
    final String where;

    Props(Object value, String where) {
        if (value != null && !(value instanceof Map)) {
            throw new TemplateException(where + ": expected a mapping, found " + Intrinsics.describe(value));
        }
        this.map = value == null ? Map.of() : (Map<?, ?>) value;
        this.where = where;
    }

    Object raw(String key) {
        return map.get(key);
    }

    String requiredString(String key) {
        Object v = map.get(key);
        if (v == null) {
            throw new TemplateException(where + ": required property " + key + " is missing");
        }
        return scalar(v, where + "." + key);
    }

    Optional<String> optionalString(String key) {
        Object v = map.get(key);
        return v == null ? Optional.empty() : Optional.of(scalar(v, where + "." + key));
    }

    int optionalInt(String key, int absent, int min, int max) {
        Optional<String> v = optionalString(key);
        if (v.isEmpty()) {
            return absent;
        }
        try {
            int n = Integer.parseInt(v.get());
            if (n < min || n > max) {
                throw new TemplateException(where + "." + key + ": " + n + " is outside " + min + "-" + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new TemplateException(where + "." + key + ": '" + v.get() + "' is not a whole number");
        }
    }

    Props requiredMap(String key) {
        if (map.get(key) == null) {
            throw new TemplateException(where + ": required property " + key + " is missing");
        }
        return new Props(map.get(key), where + "." + key);
    }

    Optional<Props> optionalMap(String key) {
        return map.get(key) == null ? Optional.empty() : Optional.of(new Props(map.get(key), where + "." + key));
    }

    List<?> requiredList(String key) {
        Object v = map.get(key);
        if (v == null) {
            throw new TemplateException(where + ": required property " + key + " is missing");
        }
        if (!(v instanceof List<?> list)) {
            throw new TemplateException(where + "." + key + ": expected a list, found " + Intrinsics.describe(v));
        }
        return list;
    }

    List<?> optionalList(String key) {
        return map.get(key) == null ? List.of() : requiredList(key);
    }

    Props item(List<?> list, int index, String property) {
        return new Props(list.get(index), where + "." + property + "[" + index + "]");
    }

    static String scalar(Object value, String where) {
        if (value instanceof Map || value instanceof List) {
            throw new TemplateException(where + ": expected a single value, found " + Intrinsics.describe(value));
        }
        return String.valueOf(value);
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
