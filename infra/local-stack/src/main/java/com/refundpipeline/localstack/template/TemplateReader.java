package com.refundpipeline.localstack.template;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.refundpipeline.localstack.template.StackTemplate.FunctionUrl;
import com.refundpipeline.localstack.template.StackTemplate.Index;
import com.refundpipeline.localstack.template.StackTemplate.KeyElement;
import com.refundpipeline.localstack.template.StackTemplate.Redrive;
import com.refundpipeline.localstack.template.StackTemplate.Schedule;
import com.refundpipeline.localstack.template.StackTemplate.SqsEvent;

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

    private static final ObjectMapper JSON = new ObjectMapper();

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
        Map<String, Map<String, Object>> declared = resources(top);
        if (declared.values().stream().anyMatch(r -> String.valueOf(r.get("Type")).startsWith("AWS::Serverless::"))
                && !String.valueOf(top.get("Transform")).contains("AWS::Serverless-2016-10-31")) {
            throw new TemplateException("the template declares AWS::Serverless resources but not "
                    + "'Transform: AWS::Serverless-2016-10-31'");
        }
        if (top.containsKey("Conditions")) {
            throw new TemplateException("Conditions are not supported by the local stack");
        }
        Map<String, String> parameters = parameters(top);
        Map<?, ?> mappings = mappings(top);
        checkMappingLookups(top, mappings, top.get("Parameters") instanceof Map<?, ?> d ? d : Map.of());
        String stage = parameters.get("Stage");
        Resources resources = new Resources(declared, endpoints.stackName(), stage);
        Intrinsics intrinsics = new Intrinsics(parameters, mappings, resources, endpoints);

        declared.forEach((id, resource) -> {
            resources.checkReferences(resource.get("Properties"), "Resources." + id + ".Properties",
                    parameters.keySet());
            if (resource.containsKey("DependsOn")) {
                resources.checkDependsOn(id, resource.get("DependsOn"));
            }
            if (resource.containsKey("Condition")) {
                throw new TemplateException("Resources." + id + ".Condition: conditions are not supported");
            }
        });
        Map<String, Object> globals = globalsFunction(top);
        resources.checkReferences(globals, "Globals.Function", parameters.keySet());
        Map<?, ?> outputsRaw = top.get("Outputs") instanceof Map<?, ?> o ? o : Map.of();
        resources.checkReferences(outputsRaw, "Outputs", parameters.keySet());

        List<StackTemplate.Table> tables = new ArrayList<>();
        List<StackTemplate.Queue> queues = new ArrayList<>();
        declared.forEach((id, resource) -> {
            switch ((String) resource.get("Type")) {
                case Resources.TABLE -> tables.add(table(id, resources, intrinsics));
                case Resources.QUEUE -> queues.add(queue(id, resources, intrinsics));
                default -> {
                }
            }
        });
        List<StackTemplate.Function> functions = new ArrayList<>();
        declared.forEach((id, resource) -> {
            String type = (String) resource.get("Type");
            if (type.equals(Resources.SERVERLESS_FUNCTION)) {
                functions.add(function(id, globals, resources, intrinsics, queues, stage));
            } else if (type.equals(Resources.LAMBDA_FUNCTION)) {
                throw new TemplateException("Resources." + id + ": AWS::Lambda::Function is not supported locally;"
                        + " declare it as AWS::Serverless::Function");
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
        return new StackTemplate(parameters, List.copyOf(tables), List.copyOf(queues), List.copyOf(functions),
                outputs);
    }

    // ------------------------------------------------------------------------------------------- top level

    private static Map<String, Map<String, Object>> resources(Map<String, Object> top) {
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

    private Map<String, String> parameters(Map<String, Object> top) {
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
                value = DEFAULT_STAGE;
            }
            if (value == null && name.equals("FunctionRuntime")) {
                value = LOCAL_FUNCTION_RUNTIME;
            }
            if (value == null && def.get("Default") != null) {
                value = scalar(def.get("Default"), where + ".Default");
            }
            if (value == null) {
                throw new TemplateException(where + " has no Default and no value was given for it");
            }
            if (def.get("AllowedValues") instanceof List<?> allowed
                    && allowed.stream().map(String::valueOf).noneMatch(value::equals)) {
                throw new TemplateException(where + ": '" + value + "' is not one of " + allowed);
            }
            if (def.get("AllowedPattern") instanceof String pattern) {
                try {
                    if (!Pattern.compile(pattern).matcher(value).matches()) {
                        throw new TemplateException(where + ": '" + value + "' does not match " + pattern);
                    }
                } catch (PatternSyntaxException e) {
                    throw new TemplateException(where + ".AllowedPattern is not a valid pattern: " + pattern);
                }
            }
            values.put(name, value);
        });
        return values;
    }

    /** The Mappings section: map name -> top-level key -> second-level key -> value, as CloudFormation shapes it. */
    private static Map<?, ?> mappings(Map<String, Object> top) {
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
    private static void checkMappingLookups(Object value, Map<?, ?> mappings, Map<?, ?> declaredParameters) {
        if (value instanceof Map<?, ?> map) {
            if (map.size() == 1 && map.get("Fn::FindInMap") instanceof List<?> args && args.size() == 3
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

    private static List<String> possibleValues(Object key, Map<?, ?> declaredParameters) {
        if (key instanceof String literal) {
            return List.of(literal);
        }
        if (key instanceof Map<?, ?> ref && ref.size() == 1 && ref.get("Ref") instanceof String parameter
                && declaredParameters.get(parameter) instanceof Map<?, ?> def
                && def.get("AllowedValues") instanceof List<?> allowed) {
            return allowed.stream().map(String::valueOf).toList();
        }
        return List.of();
    }

    private static Map<String, Object> globalsFunction(Map<String, Object> top) {
        if (top.get("Globals") instanceof Map<?, ?> globals && globals.get("Function") instanceof Map<?, ?> function) {
            @SuppressWarnings("unchecked")
            Map<String, Object> typed = (Map<String, Object>) function;
            return typed;
        }
        return Map.of();
    }

    // ------------------------------------------------------------------------------------------- tables

    private StackTemplate.Table table(String id, Resources resources, Intrinsics intrinsics) {
        String where = "Resources." + id + ".Properties";
        Props p = new Props(intrinsics.resolve(resources.properties(id), where), where);
        String name = resources.physicalName(id, intrinsics);

        Map<String, String> attributeTypes = new LinkedHashMap<>();
        List<?> definitions = p.requiredList("AttributeDefinitions");
        for (int i = 0; i < definitions.size(); i++) {
            Props d = p.item(definitions, i, "AttributeDefinitions");
            String type = d.requiredString("AttributeType");
            if (!Set.of("S", "N", "B").contains(type)) {
                throw new TemplateException(d.where + ".AttributeType: '" + type + "' is not S, N or B");
            }
            attributeTypes.put(d.requiredString("AttributeName"), type);
        }
        List<KeyElement> keySchema = keySchema(p, "KeySchema", attributeTypes);
        Set<String> used = new HashSet<>();
        keySchema.forEach(k -> used.add(k.attributeName()));

        List<Index> gsis = indexes(p, "GlobalSecondaryIndexes", attributeTypes, used);
        List<Index> lsis = indexes(p, "LocalSecondaryIndexes", attributeTypes, used);
        for (Index lsi : lsis) {
            if (!lsi.keySchema().get(0).attributeName().equals(keySchema.get(0).attributeName())) {
                throw new TemplateException(where + ".LocalSecondaryIndexes." + lsi.name()
                        + ": a local index must share the table's HASH key");
            }
        }
        for (String attribute : attributeTypes.keySet()) {
            if (!used.contains(attribute)) {
                throw new TemplateException(where + ".AttributeDefinitions: " + attribute
                        + " is defined but used by no key schema (DynamoDB refuses that)");
            }
        }

        String billingMode = p.optionalString("BillingMode").orElse("PROVISIONED");
        Long read = null;
        Long write = null;
        if (billingMode.equals("PROVISIONED")) {
            Props throughput = p.requiredMap("ProvisionedThroughput");
            read = Long.parseLong(throughput.requiredString("ReadCapacityUnits"));
            write = Long.parseLong(throughput.requiredString("WriteCapacityUnits"));
        } else if (!billingMode.equals("PAY_PER_REQUEST")) {
            throw new TemplateException(where + ".BillingMode: '" + billingMode
                    + "' is not PAY_PER_REQUEST or PROVISIONED");
        }
        String ttl = null;
        Optional<Props> ttlSpec = p.optionalMap("TimeToLiveSpecification");
        if (ttlSpec.isPresent() && !"false".equals(ttlSpec.get().optionalString("Enabled").orElse("true"))) {
            ttl = ttlSpec.get().requiredString("AttributeName");
        }
        return new StackTemplate.Table(id, name, endpoints.tableArn(name), attributeTypes, keySchema, gsis, lsis,
                billingMode, read, write, ttl);
    }

    private static List<KeyElement> keySchema(Props p, String property, Map<String, String> attributeTypes) {
        List<?> raw = p.requiredList(property);
        List<KeyElement> keys = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            Props k = p.item(raw, i, property);
            String attribute = k.requiredString("AttributeName");
            String keyType = k.requiredString("KeyType");
            if (!keyType.equals(i == 0 ? "HASH" : "RANGE")) {
                throw new TemplateException(k.where + ".KeyType: expected " + (i == 0 ? "HASH" : "RANGE")
                        + ", found " + keyType);
            }
            if (!attributeTypes.containsKey(attribute)) {
                throw new TemplateException(k.where + ": key attribute " + attribute
                        + " is missing from AttributeDefinitions");
            }
            keys.add(new KeyElement(attribute, keyType));
        }
        if (keys.isEmpty() || keys.size() > 2) {
            throw new TemplateException(p.where + "." + property + ": a key schema has a HASH and at most a RANGE key");
        }
        return List.copyOf(keys);
    }

    private static List<Index> indexes(Props p, String property, Map<String, String> attributeTypes,
            Set<String> used) {
        List<Index> out = new ArrayList<>();
        List<?> raw = p.optionalList(property);
        for (int i = 0; i < raw.size(); i++) {
            Props index = p.item(raw, i, property);
            List<KeyElement> keys = keySchema(index, "KeySchema", attributeTypes);
            keys.forEach(k -> used.add(k.attributeName()));
            Props projection = index.requiredMap("Projection");
            String type = projection.optionalString("ProjectionType").orElse("KEYS_ONLY");
            if (!Set.of("ALL", "KEYS_ONLY", "INCLUDE").contains(type)) {
                throw new TemplateException(projection.where + ".ProjectionType: '" + type
                        + "' is not ALL, KEYS_ONLY or INCLUDE");
            }
            List<String> nonKey = projection.optionalList("NonKeyAttributes").stream().map(String::valueOf).toList();
            out.add(new Index(index.requiredString("IndexName"), keys, type, nonKey));
        }
        return List.copyOf(out);
    }

    // ------------------------------------------------------------------------------------------- queues

    /** Queue properties CreateQueue takes as attributes of the same name. */
    private static final List<String> QUEUE_ATTRIBUTES = List.of("VisibilityTimeout", "MessageRetentionPeriod",
            "DelaySeconds", "MaximumMessageSize", "ReceiveMessageWaitTimeSeconds", "FifoQueue",
            "ContentBasedDeduplication");

    private StackTemplate.Queue queue(String id, Resources resources, Intrinsics intrinsics) {
        String where = "Resources." + id + ".Properties";
        Props p = new Props(intrinsics.resolve(resources.properties(id), where), where);
        String name = resources.physicalName(id, intrinsics);
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String attribute : QUEUE_ATTRIBUTES) {
            p.optionalString(attribute).ifPresent(v -> attributes.put(attribute, v));
        }
        for (String numeric : List.of("VisibilityTimeout", "MessageRetentionPeriod", "DelaySeconds",
                "MaximumMessageSize", "ReceiveMessageWaitTimeSeconds")) {
            if (attributes.containsKey(numeric) && !attributes.get(numeric).matches("\\d+")) {
                throw new TemplateException(where + "." + numeric + ": '" + attributes.get(numeric)
                        + "' is not a whole number of seconds/bytes");
            }
        }
        Redrive redrive = null;
        Object policy = p.raw("RedrivePolicy");
        if (policy != null) {
            Props r = new Props(policy instanceof String json ? parseJson(json, where + ".RedrivePolicy") : policy,
                    where + ".RedrivePolicy");
            String targetArn = r.requiredString("deadLetterTargetArn");
            String maxReceive = r.requiredString("maxReceiveCount");
            if (!maxReceive.matches("\\d+") || Integer.parseInt(maxReceive) < 1) {
                throw new TemplateException(r.where + ".maxReceiveCount: '" + maxReceive
                        + "' is not a positive whole number");
            }
            String dlq = queueIdByArn(targetArn, resources, intrinsics)
                    .orElseThrow(() -> new TemplateException(r.where + ".deadLetterTargetArn: " + targetArn
                            + " is not the ARN of a queue of this template"));
            if (dlq.equals(id)) {
                throw new TemplateException(r.where + ".deadLetterTargetArn: a queue cannot be its own dead-letter"
                        + " queue");
            }
            redrive = new Redrive(dlq, targetArn, Integer.parseInt(maxReceive));
        }
        return new StackTemplate.Queue(id, name, endpoints.queueUrl(name), endpoints.queueArn(name), attributes,
                redrive);
    }

    private Optional<String> queueIdByArn(String arn, Resources resources, Intrinsics intrinsics) {
        return resources.declared().entrySet().stream()
                .filter(e -> Resources.QUEUE.equals(e.getValue().get("Type")))
                .map(Map.Entry::getKey)
                .filter(qid -> endpoints.queueArn(resources.physicalName(qid, intrinsics)).equals(arn))
                .findFirst();
    }

    private static Object parseJson(String json, String where) {
        try {
            return JSON.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            throw new TemplateException(where + ": not valid JSON: " + e.getOriginalMessage());
        }
    }

    // ------------------------------------------------------------------------------------------- functions

    private StackTemplate.Function function(String id, Map<String, Object> globals, Resources resources,
            Intrinsics intrinsics, List<StackTemplate.Queue> queues, String stage) {
        String where = "Resources." + id + ".Properties";
        Map<String, Object> merged = merge(globals, asMap(resources.properties(id)));
        Object eventsRaw = merged.remove("Events");
        Props p = new Props(intrinsics.resolve(merged, where), where);
        String name = resources.physicalName(id, intrinsics);

        if (p.optionalString("PackageType").filter(t -> !t.equals("Zip")).isPresent()) {
            throw new TemplateException(where + ".PackageType: only Zip functions run locally");
        }
        String runtime = p.requiredString("Runtime");
        if (!runtime.startsWith("java")) {
            throw new TemplateException(where + ".Runtime: '" + runtime
                    + "' is not a Java runtime; the local stack runs the JVM build of the functions only"
                    + " (FunctionRuntime=" + LOCAL_FUNCTION_RUNTIME + ")");
        }
        String handler = p.requiredString("Handler");
        if (!handler.matches("[\\w.$]+(::\\w+)?")) {
            throw new TemplateException(where + ".Handler: '" + handler + "' is not class or class::method");
        }
        String codeUri = p.requiredString("CodeUri");
        int timeout = p.optionalInt("Timeout", 3, 1, 900);
        int memory = p.optionalInt("MemorySize", 128, 128, 10240);

        Map<String, String> environment = new LinkedHashMap<>();
        p.optionalMap("Environment").flatMap(e -> e.optionalMap("Variables")).ifPresent(vars -> vars.map
                .forEach((k, v) -> environment.put(String.valueOf(k), vars.requiredString(String.valueOf(k)))));

        Optional<FunctionUrl> url = p.optionalMap("FunctionUrlConfig").map(u -> {
            String auth = u.requiredString("AuthType");
            if (!Set.of("AWS_IAM", "NONE").contains(auth)) {
                throw new TemplateException(u.where + ".AuthType: '" + auth + "' is not AWS_IAM or NONE");
            }
            String mode = u.optionalString("InvokeMode").orElse("BUFFERED");
            if (!mode.equals("BUFFERED")) {
                throw new TemplateException(u.where + ".InvokeMode: only BUFFERED is supported locally");
            }
            return new FunctionUrl(auth, mode);
        });

        List<SqsEvent> sqsEvents = new ArrayList<>();
        List<Schedule> schedules = new ArrayList<>();
        Map<?, ?> events = eventsRaw == null ? Map.of() : asMap(eventsRaw);
        events.forEach((eventName, definition) -> {
            String at = where + ".Events." + eventName;
            Props e = new Props(intrinsics.resolve(definition, at), at);
            String type = e.requiredString("Type");
            Props ep = e.optionalMap("Properties").orElseGet(() -> new Props(Map.of(), at + ".Properties"));
            switch (type) {
                case "SQS" -> sqsEvents.add(sqsEvent(String.valueOf(eventName), ep, queues));
                case "ScheduleV2", "Schedule" -> schedules.add(schedule(String.valueOf(eventName), type, ep, name));
                case "DynamoDB" -> { } // read by streams.StreamEventSources
                default -> throw new TemplateException(at + ".Type: event type '" + type
                        + "' is not supported by the local stack (it runs SQS, ScheduleV2 and Schedule events)");
            }
        });
        return new StackTemplate.Function(id, name, Resources.urlNameOf(name, stage), handler, runtime, timeout,
                memory, environment, List.copyOf(sqsEvents), List.copyOf(schedules), url, codeUri);
    }

    private static SqsEvent sqsEvent(String eventName, Props p, List<StackTemplate.Queue> queues) {
        String arn = p.requiredString("Queue");
        StackTemplate.Queue queue = queues.stream().filter(q -> q.arn().equals(arn)).findFirst()
                .orElseThrow(() -> new TemplateException(p.where + ".Queue: " + arn
                        + " is not the ARN of a queue of this template"));
        int window = p.optionalInt("MaximumBatchingWindowInSeconds", 0, 0, 300);
        int batchSize = p.optionalInt("BatchSize", 10, 1, 10_000);
        if (window == 0 && batchSize > 10) {
            throw new TemplateException(p.where + ".BatchSize: above 10 needs MaximumBatchingWindowInSeconds >= 1");
        }
        List<String> responseTypes = p.optionalList("FunctionResponseTypes").stream().map(String::valueOf).toList();
        for (String responseType : responseTypes) {
            if (!responseType.equals("ReportBatchItemFailures")) {
                throw new TemplateException(p.where + ".FunctionResponseTypes: '" + responseType
                        + "' is not ReportBatchItemFailures");
            }
        }
        if (p.raw("FilterCriteria") != null) {
            throw new TemplateException(p.where + ".FilterCriteria: event filtering is not supported locally");
        }
        boolean enabled = !"false".equals(p.optionalString("Enabled").orElse("true"));
        return new SqsEvent(eventName, queue.logicalId(), queue.url(), queue.arn(), batchSize, window,
                responseTypes.contains("ReportBatchItemFailures"), enabled);
    }

    private Schedule schedule(String eventName, String type, Props p, String functionName) {
        String expression = p.requiredString("Schedule".equals(type) ? "Schedule" : "ScheduleExpression");
        String timezone = p.optionalString("ScheduleExpressionTimezone").orElse(null);
        try {
            ScheduleExpression.parse(expression);
            ScheduleExpression.zone(timezone);
        } catch (RuntimeException e) {
            throw new TemplateException(p.where + ": " + e.getMessage());
        }
        String name = p.optionalString("Name").orElse(functionName + "-" + eventName);
        boolean enabled = type.equals("ScheduleV2")
                ? !"DISABLED".equals(p.optionalString("State").orElse("ENABLED"))
                : !"false".equals(p.optionalString("Enabled").orElse("true"));
        Object input = p.raw("Input");
        String inputText = null;
        if (input != null) {
            inputText = input instanceof String s ? s : toJson(input);
            parseJson(inputText, p.where + ".Input");
        }
        return new Schedule(eventName, type, name, expression, timezone, inputText, enabled);
    }

    private static String toJson(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** SAM's Globals rule: maps merge key by key (the resource's value winning), anything else is replaced. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> merge(Map<String, Object> globals, Map<String, Object> own) {
        Map<String, Object> out = new LinkedHashMap<>(globals);
        own.forEach((key, value) -> {
            Object global = out.get(key);
            boolean intrinsic = value instanceof Map<?, ?> m && m.size() == 1
                    && m.keySet().iterator().next().toString().matches("Ref|Fn::.*");
            if (global instanceof Map<?, ?> g && value instanceof Map<?, ?> v && !intrinsic) {
                out.put(key, merge((Map<String, Object>) g, (Map<String, Object>) v));
            } else {
                out.put(key, value);
            }
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }

    private static String scalar(Object value, String where) {
        if (value instanceof Map || value instanceof List) {
            throw new TemplateException(where + ": expected a single value, found " + Intrinsics.describe(value));
        }
        return String.valueOf(value);
    }

    /** A resolved mapping with accessors that name the property at fault when it is missing or mistyped. */
    private static final class Props {
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
    }
}
