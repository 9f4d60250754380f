package com.refundpipeline.localstack.template;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the intrinsic functions the local stack needs (Ref, Fn::GetAtt, Fn::Sub, Fn::Join, Fn::Select,
 * Fn::FindInMap) against the template's parameters, mappings and resources as they exist locally. Anything it cannot resolve is an error that names
 * where in the template it was found; it never guesses.
 */
final class Intrinsics {

    /** What AWS::NoValue resolves to: the enclosing property is dropped. */
    static final Object NO_VALUE = new Object() {
        @Override
        public String toString() {
            return "AWS::NoValue";
        }
    };

    static final Set<String> PSEUDO_PARAMETERS = Set.of(
            "AWS::Region",
            "AWS::AccountId",
            "AWS::StackName",
            "AWS::StackId",
            "AWS::Partition",
            "AWS::URLSuffix",
            "AWS::NoValue",
            "AWS::NotificationARNs");

    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}]*)}");

    private final Map<String, String> parameters;
    private final Map<?, ?> mappings;
    private final Resources resources;
    private final LocalEndpoints endpoints;

    Intrinsics(Map<String, String> parameters, Map<?, ?> mappings, Resources resources, LocalEndpoints endpoints) {
        this.parameters = parameters;
        this.mappings = mappings;
        this.resources = resources;
        this.endpoints = endpoints;
    }

    /** Resolves every intrinsic inside a value; maps and lists are copied, AWS::NoValue entries dropped. */
    Object resolve(Object value, String where) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1) {
                String key = String.valueOf(map.keySet().iterator().next());
                if (key.equals("Ref") || key.startsWith("Fn::")) {
                    return evaluate(key, map.get(key), where);
                }
            }
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                Object v = resolve(e.getValue(), where + "." + e.getKey());
                if (v != NO_VALUE) {
                    out.put(String.valueOf(e.getKey()), v);
                }
            }
            return out;
        }
        if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Object v = resolve(list.get(i), where + "[" + i + "]");
                if (v != NO_VALUE) {
                    out.add(v);
                }
            }
            return out;
        }
        return value;
    }

    /** Resolves a value that must end up a string (numbers and booleans are written as YAML wrote them). */
    String string(Object value, String where) {
        Object resolved = resolve(value, where);
        if (resolved == null || resolved == NO_VALUE || resolved instanceof Map || resolved instanceof List) {
            throw new TemplateException(where + ": expected a string, found " + describe(resolved));
        }
        return String.valueOf(resolved);
    }

    private Object evaluate(String function, Object argument, String where) {
        String at = where + " (" + function + ")";
        return switch (function) {
            case "Ref" -> ref(requireString(argument, at), at);
            case "Fn::GetAtt" -> getAtt(argument, at);
            case "Fn::Sub" -> sub(argument, at);
            case "Fn::Join" -> join(argument, at);
            case "Fn::Select" -> select(argument, at);
            case "Fn::FindInMap" -> findInMap(argument, at);
            default -> throw new TemplateException(at + ": " + function + " is not supported by the local stack");
        };
    }

    Object ref(String target, String where) {
        if (parameters.containsKey(target)) {
            return parameters.get(target);
        }
        switch (target) {
            case "AWS::Region" -> {
                return endpoints.region();
            }
            case "AWS::AccountId" -> {
                return endpoints.accountId();
            }
            case "AWS::StackName" -> {
                return endpoints.stackName();
            }
            case "AWS::StackId" -> {
                return "arn:aws:cloudformation:" + endpoints.region() + ":" + endpoints.accountId() + ":stack/"
                        + endpoints.stackName() + "/local";
            }
            case "AWS::Partition" -> {
                return "aws";
            }
            case "AWS::URLSuffix" -> {
                return "amazonaws.com";
            }
            case "AWS::NoValue" -> {
                return NO_VALUE;
            }
            case "AWS::NotificationARNs" -> {
                return List.of();
            }
            default -> {
                // not a pseudo parameter: a resource, below
            }
        }
        String type = resources.type(target);
        if (type == null) {
            throw new TemplateException(
                    where + ": !Ref " + target + " names no parameter, pseudo parameter or resource of the template");
        }
        String name = resources.physicalName(target, this);
        return switch (type) {
            case Resources.QUEUE -> endpoints.queueUrl(name);
            case Resources.MANAGED_POLICY -> endpoints.managedPolicyArn(name);
            case Resources.TABLE,
                    Resources.SERVERLESS_FUNCTION,
                    Resources.LAMBDA_FUNCTION,
                    Resources.SCHEDULE,
                    Resources.SES_CONFIGURATION_SET,
                    Resources.ROLE -> name;
            default -> {
                if (AwsOnlyResources.isAwsOnly(type)) {
                    yield AwsOnlyResources.marker(target, null);
                }
                throw new TemplateException(
                        where + ": !Ref " + target + " (" + type + ") cannot be resolved by the local stack");
            }
        };
    }

    Object getAtt(Object argument, String where) {
        List<?> parts;
        if (argument instanceof String s) {
            int dot = s.indexOf('.');
            parts = dot < 0 ? List.of(s) : List.of(s.substring(0, dot), s.substring(dot + 1));
        } else if (argument instanceof List<?> list) {
            parts = list;
        } else {
            throw new TemplateException(
                    where + ": Fn::GetAtt takes [Resource, Attribute], found " + describe(argument));
        }
        if (parts.size() != 2) {
            throw new TemplateException(where + ": Fn::GetAtt takes [Resource, Attribute], found " + parts);
        }
        String target = requireString(parts.get(0), where);
        String attribute = requireString(resolve(parts.get(1), where), where);
        String type = resources.type(target);
        if (type == null) {
            throw new TemplateException(
                    where + ": !GetAtt " + target + "." + attribute + " names no resource of the template");
        }
        resources.checkAttribute(target, attribute, where);
        String name = resources.physicalName(target, this);
        return switch (type + "." + attribute) {
            case Resources.TABLE + ".Arn" -> endpoints.tableArn(name);
            case Resources.TABLE + ".StreamArn" -> endpoints.tableArn(name) + "/stream/local";
            case Resources.QUEUE + ".Arn" -> endpoints.queueArn(name);
            case Resources.QUEUE + ".QueueName" -> name;
            case Resources.QUEUE + ".QueueUrl" -> endpoints.queueUrl(name);
            case Resources.SERVERLESS_FUNCTION + ".Arn", Resources.LAMBDA_FUNCTION + ".Arn" ->
                endpoints.functionArn(name);
            case Resources.FUNCTION_URL + ".FunctionUrl" -> endpoints.functionUrl(resources.urlName(target, this));
            case Resources.FUNCTION_URL + ".FunctionArn" -> endpoints.functionArn(name);
            case Resources.ROLE + ".Arn" -> endpoints.roleArn(name);
            case Resources.MANAGED_POLICY + ".PolicyArn" -> endpoints.managedPolicyArn(name);
            default -> {
                if (AwsOnlyResources.isAwsOnly(type)) {
                    yield AwsOnlyResources.marker(target, attribute);
                }
                throw new TemplateException(where + ": !GetAtt " + target + "." + attribute + " (" + type
                        + ") cannot be resolved by the local stack");
            }
        };
    }

    private Object sub(Object argument, String where) {
        String text;
        Map<?, ?> variables = Map.of();
        if (argument instanceof String s) {
            text = s;
        } else if (argument instanceof List<?> list
                && list.size() == 2
                && list.get(0) instanceof String s
                && list.get(1) instanceof Map<?, ?> vars) {
            text = s;
            variables = vars;
        } else {
            throw new TemplateException(
                    where + ": Fn::Sub takes a string or [string, {variables}], found " + describe(argument));
        }
        Matcher m = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1).strip();
            String replacement;
            if (name.startsWith("!")) {
                replacement = "${" + name.substring(1) + "}";
            } else if (variables.containsKey(name)) {
                replacement = string(variables.get(name), where + " ${" + name + "}");
            } else if (name.contains(".") && !parameters.containsKey(name)) {
                replacement = String.valueOf(getAtt(name, where + " ${" + name + "}"));
            } else {
                Object value = ref(name, where + " ${" + name + "}");
                if (value == NO_VALUE || value instanceof List) {
                    throw new TemplateException(where + ": ${" + name + "} cannot be substituted into a string");
                }
                replacement = String.valueOf(value);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private Object join(Object argument, String where) {
        if (!(argument instanceof List<?> list) || list.size() != 2) {
            throw new TemplateException(where + ": Fn::Join takes [delimiter, [values]], found " + describe(argument));
        }
        String delimiter = requireString(list.get(0), where);
        Object values = resolve(list.get(1), where);
        if (!(values instanceof List<?> items)) {
            throw new TemplateException(where + ": Fn::Join needs a list of values, found " + describe(values));
        }
        List<String> strings = new ArrayList<>();
        for (Object item : items) {
            strings.add(string(item, where));
        }
        return String.join(delimiter, strings);
    }

    private Object select(Object argument, String where) {
        if (!(argument instanceof List<?> list) || list.size() != 2) {
            throw new TemplateException(where + ": Fn::Select takes [index, [values]], found " + describe(argument));
        }
        int index;
        try {
            index = Integer.parseInt(string(list.get(0), where));
        } catch (NumberFormatException e) {
            throw new TemplateException(where + ": Fn::Select index is not a number");
        }
        Object values = resolve(list.get(1), where);
        if (!(values instanceof List<?> items) || index < 0 || index >= items.size()) {
            throw new TemplateException(where + ": Fn::Select index " + index + " is outside " + describe(values));
        }
        return items.get(index);
    }

    private Object findInMap(Object argument, String where) {
        if (!(argument instanceof List<?> list) || list.size() != 3) {
            throw new TemplateException(where + ": Fn::FindInMap takes [MapName, TopLevelKey, SecondLevelKey], found "
                    + describe(argument));
        }
        String map = string(list.get(0), where);
        String top = string(list.get(1), where);
        String second = string(list.get(2), where);
        return lookup(mappings, map, top, second, where);
    }

    /** One value of the Mappings section, or an error naming the key that is missing. */
    static Object lookup(Map<?, ?> mappings, String map, String top, String second, String where) {
        if (!(mappings.get(map) instanceof Map<?, ?> entries)) {
            throw new TemplateException(where + ": Fn::FindInMap names no mapping '" + map + "'; the template's"
                    + " Mappings are " + mappings.keySet());
        }
        if (!(entries.get(top) instanceof Map<?, ?> values)) {
            throw new TemplateException(
                    where + ": mapping " + map + " has no key '" + top + "'; it has " + entries.keySet());
        }
        if (!values.containsKey(second)) {
            throw new TemplateException(
                    where + ": mapping " + map + "." + top + " has no '" + second + "'; it has " + values.keySet());
        }
        return values.get(second);
    }

    /** The variable names a Fn::Sub string refers to, for the reference check. */
    static List<String> subVariables(String text) {
        List<String> names = new ArrayList<>();
        Matcher m = SUB_VARIABLE.matcher(text);
        while (m.find()) {
            String name = m.group(1).strip();
            if (!name.startsWith("!")) {
                names.add(name);
            }
        }
        return names;
    }

    private static String requireString(Object value, String where) {
        if (value instanceof String s) {
            return s;
        }
        throw new TemplateException(where + ": expected a name, found " + describe(value));
    }

    static String describe(Object value) {
        if (value == null) {
            return "nothing";
        }
        if (value instanceof Map<?, ?> m) {
            return "a mapping " + m.keySet();
        }
        if (value instanceof List<?> l) {
            return "a list of " + l.size();
        }
        return "'" + value + "'";
    }
}
