package com.refundpipeline.localstack.template;

import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The template's resources by logical id, plus those SAM generates from them (a function's {@code <Id>Role} and,
 * with a FunctionUrlConfig, {@code <Id>Url}), so that references to either can be checked and resolved.
 */
final class Resources {

    static final String TABLE = "AWS::DynamoDB::Table";
    static final String QUEUE = "AWS::SQS::Queue";
    static final String SERVERLESS_FUNCTION = "AWS::Serverless::Function";
    static final String LAMBDA_FUNCTION = "AWS::Lambda::Function";
    static final String FUNCTION_URL = "AWS::Lambda::Url";
    static final String ROLE = "AWS::IAM::Role";
    static final String MANAGED_POLICY = "AWS::IAM::ManagedPolicy";
    static final String SCHEDULE = "AWS::Scheduler::Schedule";
    static final String SES_CONFIGURATION_SET = "AWS::SES::ConfigurationSet";
    static final String EVENTS_RULE = "AWS::Events::Rule";

    /** Attributes Fn::GetAtt may ask of each type; types not listed here are not checked. */
    private static final Map<String, Set<String>> ATTRIBUTES = Map.of(
            TABLE, Set.of("Arn", "StreamArn"),
            QUEUE, Set.of("Arn", "QueueName", "QueueUrl"),
            SERVERLESS_FUNCTION, Set.of("Arn"),
            LAMBDA_FUNCTION,
                    Set.of(
                            "Arn",
                            "SnapStartResponse",
                            "SnapStartResponse.ApplyOn",
                            "SnapStartResponse.OptimizationStatus"),
            FUNCTION_URL, Set.of("FunctionUrl", "FunctionArn"),
            ROLE, Set.of("Arn", "RoleId"),
            MANAGED_POLICY,
                    Set.of(
                            "PolicyArn",
                            "PolicyId",
                            "AttachmentCount",
                            "CreateDate",
                            "DefaultVersionId",
                            "IsAttachable",
                            "UpdateDate"),
            SCHEDULE, Set.of("Arn"),
            EVENTS_RULE, Set.of("Arn"));

    /** The property that holds each type's physical name. */
    private static final Map<String, String> NAME_PROPERTY = Map.of(
            TABLE, "TableName",
            QUEUE, "QueueName",
            SERVERLESS_FUNCTION, "FunctionName",
            LAMBDA_FUNCTION, "FunctionName",
            ROLE, "RoleName",
            MANAGED_POLICY, "ManagedPolicyName",
            SCHEDULE, "Name",
            SES_CONFIGURATION_SET, "Name",
            EVENTS_RULE, "Name");

    private final Map<String, Map<String, Object>> declared;
    private final Map<String, String> types = new LinkedHashMap<>();
    /** For a generated resource, the function it was generated from. */
    private final Map<String, String> generatedFrom = new LinkedHashMap<>();

    private final Map<String, String> names = new LinkedHashMap<>();
    private final Set<String> resolving = new HashSet<>();
    private final String stackName;
    private final String stage;

    Resources(Map<String, Map<String, Object>> declared, String stackName, String stage) {
        this.declared = declared;
        this.stackName = stackName;
        this.stage = stage;
        declared.forEach((id, resource) -> types.put(id, (String) resource.get("Type")));
        declared.forEach((id, resource) -> {
            if (SERVERLESS_FUNCTION.equals(resource.get("Type"))) {
                Map<?, ?> props = resource.get("Properties") instanceof Map<?, ?> p ? p : Map.of();
                if (props.get("FunctionUrlConfig") != null) {
                    generate(id + "Url", FUNCTION_URL, id);
                }
                if (props.get("Role") == null) {
                    generate(id + "Role", ROLE, id);
                }
            }
        });
    }

    private void generate(String id, String type, String function) {
        if (!types.containsKey(id)) {
            types.put(id, type);
            generatedFrom.put(id, function);
        }
    }

    Map<String, Map<String, Object>> declared() {
        return declared;
    }

    /** The type of a declared or generated resource, or null when the template has no such resource. */
    String type(String logicalId) {
        return types.get(logicalId);
    }

    void checkAttribute(String logicalId, String attribute, String where) {
        Set<String> known = ATTRIBUTES.get(types.get(logicalId));
        if (known != null && !known.contains(attribute)) {
            throw new TemplateException(where + ": " + logicalId + " (" + types.get(logicalId) + ") has no attribute "
                    + attribute + "; it has " + known);
        }
    }

    /**
     * The physical name of a resource: its name property resolved, or, as CloudFormation does when the property is
     * absent, one made of the stack name and the logical id.
     */
    String physicalName(String logicalId, Intrinsics intrinsics) {
        String cached = names.get(logicalId);
        if (cached != null) {
            return cached;
        }
        String function = generatedFrom.get(logicalId);
        if (function != null) {
            String name = types.get(logicalId).equals(FUNCTION_URL)
                    ? physicalName(function, intrinsics)
                    : stackName + "-" + logicalId;
            names.put(logicalId, name);
            return name;
        }
        if (!resolving.add(logicalId)) {
            throw new TemplateException("Resources." + logicalId + ": its name refers back to itself");
        }
        try {
            String type = types.get(logicalId);
            Map<?, ?> props = properties(logicalId);
            String property = NAME_PROPERTY.get(type);
            Object value = property == null ? null : props.get(property);
            String name = value == null
                    ? stackName + "-" + logicalId
                    : intrinsics.string(value, "Resources." + logicalId + ".Properties." + property);
            if (QUEUE.equals(type) && Boolean.TRUE.equals(props.get("FifoQueue")) && !name.endsWith(".fifo")) {
                name = name + ".fifo";
            }
            names.put(logicalId, name);
            return name;
        } finally {
            resolving.remove(logicalId);
        }
    }

    /**
     * The name a function answers to under the local function URL base: its function name after the stage
     * ({@code refunds-local-submit-refund} is {@code submit-refund}), or the whole name when it does not contain it.
     */
    String urlName(String logicalId, Intrinsics intrinsics) {
        String function = generatedFrom.getOrDefault(logicalId, logicalId);
        return urlNameOf(physicalName(function, intrinsics), stage);
    }

    static String urlNameOf(String functionName, String stage) {
        String marker = "-" + stage + "-";
        int at = functionName.indexOf(marker);
        if (stage != null && !stage.isEmpty() && at >= 0 && at + marker.length() < functionName.length()) {
            return functionName.substring(at + marker.length());
        }
        if (stage != null && functionName.startsWith(stage + "-") && functionName.length() > stage.length() + 1) {
            return functionName.substring(stage.length() + 1);
        }
        return functionName;
    }

    Map<?, ?> properties(String logicalId) {
        Map<String, Object> resource = declared.get(logicalId);
        if (resource == null) {
            return Map.of();
        }
        Object props = resource.get("Properties");
        return props instanceof Map<?, ?> m ? m : Map.of();
    }

    /**
     * Checks every Ref, Fn::GetAtt, Fn::Sub variable and DependsOn anywhere under a value, so that a typo in a part
     * the local stack does not otherwise read (a policy, an output) still fails here rather than at deploy time.
     */
    void checkReferences(Object value, String where, Set<String> parameters) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1) {
                String key = String.valueOf(map.keySet().iterator().next());
                Object arg = map.get(key);
                switch (key) {
                    case "Ref" -> checkRef(arg, where, parameters);
                    case "Fn::GetAtt" -> checkGetAtt(arg, where);
                    case "Fn::Sub" -> checkSub(arg, where, parameters);
                    default -> {}
                }
            }
            for (Map.Entry<?, ?> e : map.entrySet()) {
                checkReferences(e.getValue(), where + "." + e.getKey(), parameters);
            }
        } else if (value instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                checkReferences(list.get(i), where + "[" + i + "]", parameters);
            }
        }
    }

    void checkDependsOn(String logicalId, Object dependsOn) {
        List<?> targets = dependsOn instanceof List<?> l ? l : Collections.singletonList(dependsOn);
        for (Object target : targets) {
            if (!(target instanceof String name)) {
                throw new TemplateException("Resources." + logicalId + ".DependsOn: expected a logical id or a list of"
                        + " them, found " + Intrinsics.describe(target));
            }
            if (!types.containsKey(name)) {
                throw new TemplateException(
                        "Resources." + logicalId + ".DependsOn: " + target + " names no resource of the template");
            }
        }
    }

    private void checkRef(Object arg, String where, Set<String> parameters) {
        String target = String.valueOf(arg);
        if (!parameters.contains(target)
                && !Intrinsics.PSEUDO_PARAMETERS.contains(target)
                && !types.containsKey(target)) {
            throw new TemplateException(
                    where + ": !Ref " + target + " names no parameter, pseudo parameter or resource of the template");
        }
    }

    private void checkGetAtt(Object arg, String where) {
        String target;
        String attribute;
        if (arg instanceof List<?> l && l.size() == 2) {
            target = String.valueOf(l.get(0));
            attribute = l.get(1) instanceof String s ? s : null;
        } else if (arg instanceof String s && s.contains(".")) {
            target = s.substring(0, s.indexOf('.'));
            attribute = s.substring(s.indexOf('.') + 1);
        } else {
            throw new TemplateException(
                    where + ": Fn::GetAtt takes [Resource, Attribute], found " + Intrinsics.describe(arg));
        }
        if (!types.containsKey(target)) {
            throw new TemplateException(where + ": !GetAtt " + target + (attribute == null ? "" : "." + attribute)
                    + " names no resource of the template");
        }
        if (attribute != null) {
            checkAttribute(target, attribute, where);
        }
    }

    private void checkSub(Object arg, String where, Set<String> parameters) {
        String text;
        Set<String> local = Set.of();
        if (arg instanceof String s) {
            text = s;
        } else if (arg instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof String s) {
            text = s;
            if (l.size() > 1 && l.get(1) instanceof Map<?, ?> vars) {
                Set<String> names = new HashSet<>();
                vars.keySet().forEach(k -> names.add(String.valueOf(k)));
                local = names;
            }
        } else {
            return;
        }
        for (String variable : Intrinsics.subVariables(text)) {
            if (local.contains(variable) || parameters.contains(variable)) {
                continue;
            }
            if (variable.contains(".") && !Intrinsics.PSEUDO_PARAMETERS.contains(variable)) {
                checkGetAtt(variable, where + " ${" + variable + "}");
            } else {
                checkRef(variable, where + " ${" + variable + "}", parameters);
            }
        }
    }
}
