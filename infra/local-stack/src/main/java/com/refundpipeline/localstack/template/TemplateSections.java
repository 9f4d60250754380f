package com.refundpipeline.localstack.template;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The template's top-level sections other than Parameters: Resources, Mappings (every lookup checked) and Globals. */
final class TemplateSections {

    private TemplateSections() {}

    static Map<String, Map<String, Object>> resources(Map<String, Object> top) {
        if (!(top.get("Resources") instanceof Map<?, ?> raw) || raw.isEmpty()) {
            throw new TemplateException("the template has no Resources");
        }
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        raw.forEach((id, value) -> {
            if (!(value instanceof Map<?, ?> resource) || !(resource.get("Type") instanceof String)) {
                throw new TemplateException("Resources." + id + ": a resource needs a Type");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) resource;
            out.put(String.valueOf(id), typed);
        });
        return out;
    }

    /** The Mappings section: map name -> top-level key -> second-level key -> value, as CloudFormation shapes it. */
    static Map<?, ?> mappings(Map<String, Object> top) {
        if (top.get("Mappings") == null) {
            return Map.of();
        }
        if (!(top.get("Mappings") instanceof Map<?, ?> mappings)) {
            throw new TemplateException("Mappings must be a mapping of maps");
        }
        mappings.forEach((name, entries) -> {
            if (!(entries instanceof Map<?, ?> e) || e.values().stream().anyMatch(v -> !(v instanceof Map))) {
                throw new TemplateException("Mappings." + name + ": each key must hold a map of values");
            }
        });
        return mappings;
    }

    /**
     * Every Fn::FindInMap must find its value for every value its keys can take, not only for the parameters of
     * this run: a key chosen by a parameter is checked against each of the parameter's AllowedValues, so a
     * deployment flavor the local stack never runs cannot fail only when CloudFormation meets it.
     */
    static void checkMappingLookups(Object value, Map<?, ?> mappings, Map<?, ?> declaredParameters) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1
                    && map.get("Fn::FindInMap") instanceof List<?> args
                    && args.size() == 3
                    && args.get(0) instanceof String name) {
                for (String topKey : possibleValues(args.get(1), declaredParameters)) {
                    for (String second : possibleValues(args.get(2), declaredParameters)) {
                        Intrinsics.lookup(mappings, name, topKey, second, "Fn::FindInMap " + args);
                    }
                }
            }
            map.values().forEach(v -> checkMappingLookups(v, mappings, declaredParameters));
        } else if (value instanceof List<?> list) {
            list.forEach(v -> checkMappingLookups(v, mappings, declaredParameters));
        }
    }

    static List<String> possibleValues(Object key, Map<?, ?> declaredParameters) {
        if (key instanceof String literal) {
            return List.of(literal);
        }
        if (key instanceof Map<?, ?> ref
                && ref.size() == 1
                && ref.get("Ref") instanceof String parameter
                && declaredParameters.get(parameter) instanceof Map<?, ?> def
                && def.get("AllowedValues") instanceof List<?> allowed) {
            return allowed.stream().map(String::valueOf).toList();
        }
        return List.of();
    }

    static Map<String, Object> globalsFunction(Map<String, Object> top) {
        if (top.get("Globals") instanceof Map<?, ?> globals && globals.get("Function") instanceof Map<?, ?> function) {
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) function;
            return typed;
        }
        return Map.of();
    }
}
