package com.refundpipeline.localstack.template;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The template's parameters with their values for this run: overrides, then the local defaults (Stage, FunctionRuntime),
 * then the declared Default, each checked against AllowedValues and AllowedPattern.
 */
final class Parameters {

    private Parameters() {}

    static Map<String, String> resolve(Map<String, Object> top, Map<String, String> parameterOverrides) {
        Map<?, ?> declared = top.get("Parameters") instanceof Map<?, ?> p ? p : Map.of();
        for (String name : parameterOverrides.keySet()) {
            if (!declared.containsKey(name)) {
                throw new TemplateException("parameter " + name + " was given a value but the template declares no"
                        + " such parameter; it declares " + declared.keySet());
            }
        }
        Map<String, String> values = new LinkedHashMap<>();
        declared.forEach((key, definition) -> {
            String name = String.valueOf(key);
            String where = "Parameters." + name;
            Map<?, ?> def = definition instanceof Map<?, ?> d ? d : Map.of();
            String value = parameterOverrides.get(name);
            if (value == null && name.equals("Stage")) {
                value = TemplateReader.DEFAULT_STAGE;
            }
            if (value == null && name.equals("FunctionRuntime")) {
                value = TemplateReader.LOCAL_FUNCTION_RUNTIME;
            }
            if (value == null && def.get("Default") != null) {
                value = Props.scalar(def.get("Default"), where + ".Default");
            }
            if (value == null) {
                throw new TemplateException(where + " has no Default and no value was given for it");
            }
            if (def.get("AllowedValues") instanceof List<?> allowed
                    && allowed.stream().map(String::valueOf).noneMatch(value::equals)) {
                throw new TemplateException(where + ": '" + value + "' is not one of " + allowed);
            }
            if (def.get("AllowedPattern") instanceof String pattern
                    && !AllowedPattern.compile(pattern, where + ".AllowedPattern")
                            .matcher(value)
                            .matches()) {
                throw new TemplateException(where + ": '" + value + "' does not match " + pattern);
            }
            values.put(name, value);
        });
        return values;
    }
}
