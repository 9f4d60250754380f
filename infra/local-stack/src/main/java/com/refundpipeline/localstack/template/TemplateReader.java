package com.refundpipeline.localstack.template;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a SAM template into a {@link StackTemplate}: the DynamoDB tables, SQS queues and Serverless functions (with
 * Globals.Function merged, their SQS and schedule events and their function URL), every value resolved for the
 * local stack. A template the stack cannot run exactly as written is refused with a {@link TemplateException} naming
 * the resource and property: the local stack must not quietly differ from what deploys.
 */
public final class TemplateReader {

    /** The stage the local stack runs unless told otherwise, so its names never collide with a deployed stage's. */
    public static final String DEFAULT_STAGE = "local";

    /**
     * The local stack runs the JVM build of function.zip under AWS's runtime interface client, so it reads the
     * template as deployed with {@code FunctionRuntime=java21} unless told otherwise (native runs need the
     * executable and Amazon Linux).
     */
    public static final String LOCAL_FUNCTION_RUNTIME = "java21";

    private final LocalEndpoints endpoints;
    private final Map<String, String> parameterOverrides;

    /**
     * @param parameterOverrides values for template parameters; Stage defaults to {@value #DEFAULT_STAGE} and
     *                           FunctionRuntime to {@value #LOCAL_FUNCTION_RUNTIME} when the template declares them
     *                           and no override is given
     */
    public TemplateReader(LocalEndpoints endpoints, Map<String, String> parameterOverrides) {
        this.endpoints = endpoints;
        this.parameterOverrides = Map.copyOf(parameterOverrides);
    }

    public StackTemplate read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new TemplateException("template not found: " + file.toAbsolutePath());
        }
        try {
            return read(Files.newBufferedReader(file, StandardCharsets.UTF_8), file.toString());
        } catch (IOException e) {
            throw new TemplateException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    public StackTemplate read(Reader reader, String sourceName) {
        Map<String, Object> top = CfnYaml.load(reader, sourceName);
        Map<String, Map<String, Object>> declared = TemplateSections.resources(top);
        if (declared.values().stream()
                        .anyMatch(r -> String.valueOf(r.get("Type")).startsWith("AWS::Serverless::"))
                && !String.valueOf(top.get("Transform")).contains("AWS::Serverless-2016-10-31")) {
            throw new TemplateException("the template declares AWS::Serverless resources but not "
                    + "'Transform: AWS::Serverless-2016-10-31'");
        }
        if (top.containsKey("Conditions")) {
            throw new TemplateException("Conditions are not supported by the local stack");
        }
        Map<String, String> parameters = Parameters.resolve(top, parameterOverrides);
        Map<?, ?> mappings = TemplateSections.mappings(top);
        TemplateSections.checkMappingLookups(
                top, mappings, top.get("Parameters") instanceof Map<?, ?> d ? d : Map.of());
        String stage = parameters.get("Stage");
        Resources resources = new Resources(declared, endpoints.stackName(), stage);
        Intrinsics intrinsics = new Intrinsics(parameters, mappings, resources, endpoints);

        declared.forEach((id, resource) -> {
            resources.checkReferences(
                    resource.get("Properties"), "Resources." + id + ".Properties", parameters.keySet());
            if (resource.containsKey("DependsOn")) {
                resources.checkDependsOn(id, resource.get("DependsOn"));
            }
            if (resource.containsKey("Condition")) {
                throw new TemplateException("Resources." + id + ".Condition: conditions are not supported");
            }
        });
        Map<String, Object> globals = TemplateSections.globalsFunction(top);
        resources.checkReferences(globals, "Globals.Function", parameters.keySet());
        Map<?, ?> outputsRaw = top.get("Outputs") instanceof Map<?, ?> o ? o : Map.of();
        resources.checkReferences(outputsRaw, "Outputs", parameters.keySet());

        List<StackTemplate.Table> tables = new ArrayList<>();
        List<StackTemplate.Queue> queues = new ArrayList<>();
        declared.forEach((id, resource) -> {
            switch ((String) resource.get("Type")) {
                case Resources.TABLE -> tables.add(new TableReader(endpoints).read(id, resources, intrinsics));
                case Resources.QUEUE -> queues.add(new QueueReader(endpoints).read(id, resources, intrinsics));
                default -> {}
            }
        });
        List<StackTemplate.Function> functions = new ArrayList<>();
        declared.forEach((id, resource) -> {
            String type = (String) resource.get("Type");
            if (type.equals(Resources.SERVERLESS_FUNCTION)) {
                functions.add(FunctionReader.read(id, globals, resources, intrinsics, queues, stage));
            } else if (type.equals(Resources.LAMBDA_FUNCTION)) {
                throw new TemplateException("Resources." + id + ": AWS::Lambda::Function is not supported locally;"
                        + " declare it as AWS::Serverless::Function");
            }
        });

        List<StackTemplate.EventRule> rules = new ArrayList<>();
        declared.forEach((id, resource) -> {
            if (Resources.EVENTS_RULE.equals(resource.get("Type"))) {
                rules.add(eventRule(id, resource, intrinsics, queues));
            }
        });

        Map<String, String> outputs = new LinkedHashMap<>();
        outputsRaw.forEach((name, output) -> {
            String where = "Outputs." + name;
            if (!(output instanceof Map<?, ?> o) || !o.containsKey("Value")) {
                throw new TemplateException(where + ": an output needs a Value");
            }
            outputs.put(String.valueOf(name), intrinsics.string(o.get("Value"), where + ".Value"));
        });
        return new StackTemplate(
                parameters,
                List.copyOf(tables),
                List.copyOf(queues),
                List.copyOf(functions),
                List.copyOf(rules),
                outputs);
    }

    /**
     * A rule the local stack can honour: on the default bus, with an event pattern of exact values, its targets
     * queues of the template. Anything else is refused rather than quietly not delivered.
     */
    @SuppressWarnings("unchecked")
    private static StackTemplate.EventRule eventRule(
            String id, Map<String, Object> resource, Intrinsics intrinsics, List<StackTemplate.Queue> queues) {
        String where = "Resources." + id + ".Properties";
        Map<?, ?> props = resource.get("Properties") instanceof Map<?, ?> p ? p : Map.of();
        if (props.get("EventBusName") != null) {
            throw new TemplateException(where + ".EventBusName: only rules on the default bus are run locally");
        }
        Object pattern = intrinsics.resolve(props.get("EventPattern"), where + ".EventPattern");
        EventPattern.check(pattern, where + ".EventPattern");
        List<String> targets = new ArrayList<>();
        if (!(props.get("Targets") instanceof List<?> declaredTargets) || declaredTargets.isEmpty()) {
            throw new TemplateException(where + ".Targets: a rule needs at least one target");
        }
        for (int i = 0; i < declaredTargets.size(); i++) {
            String at = where + ".Targets[" + i + "]";
            Map<?, ?> target = declaredTargets.get(i) instanceof Map<?, ?> t ? t : Map.of();
            String arn = intrinsics.string(target.get("Arn"), at + ".Arn");
            targets.add(queues.stream()
                    .filter(q -> q.arn().equals(arn))
                    .map(StackTemplate.Queue::logicalId)
                    .findFirst()
                    .orElseThrow(() -> new TemplateException(
                            at + ".Arn: only queues of the template are run locally as targets, found " + arn)));
        }
        return new StackTemplate.EventRule(id, (Map<String, Object>) pattern, List.copyOf(targets));
    }
}
