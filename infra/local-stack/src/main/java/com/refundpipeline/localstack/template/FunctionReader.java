package com.refundpipeline.localstack.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.refundpipeline.localstack.template.StackTemplate.FunctionUrl;
import com.refundpipeline.localstack.template.StackTemplate.Schedule;
import com.refundpipeline.localstack.template.StackTemplate.SqsEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An AWS::Serverless::Function resource with Globals.Function merged: runtime, handler, limits, environment, function
 * URL, and its SQS and schedule events.
 */
final class FunctionReader {

    private FunctionReader() {}

    static StackTemplate.Function read(
            String id,
            Map<String, Object> globals,
            Resources resources,
            Intrinsics intrinsics,
            List<StackTemplate.Queue> queues,
            String stage) {
        String where = "Resources." + id + ".Properties";
        Map<String, Object> merged = merge(globals, Props.asMap(resources.properties(id)));
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
                    + " (FunctionRuntime=" + TemplateReader.LOCAL_FUNCTION_RUNTIME + ")");
        }
        String handler = p.requiredString("Handler");
        if (!handler.matches("[\\w.$]+(::\\w+)?")) {
            throw new TemplateException(where + ".Handler: '" + handler + "' is not class or class::method");
        }
        String codeUri = p.requiredString("CodeUri");
        int timeout = p.optionalInt("Timeout", 3, 1, 900);
        int memory = p.optionalInt("MemorySize", 128, 128, 10240);

        Map<String, String> environment = new LinkedHashMap<>();
        p.optionalMap("Environment")
                .flatMap(e -> e.optionalMap("Variables"))
                .ifPresent(vars -> vars.map.forEach(
                        (k, v) -> environment.put(String.valueOf(k), vars.requiredString(String.valueOf(k)))));

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
        boolean[] httpApi = {false};
        Map<?, ?> events = eventsRaw == null ? Map.of() : Props.asMap(eventsRaw);
        events.forEach((eventName, definition) -> {
            String at = where + ".Events." + eventName;
            Props e = new Props(intrinsics.resolve(definition, at), at);
            String type = e.requiredString("Type");
            Props ep = e.optionalMap("Properties").orElseGet(() -> new Props(Map.of(), at + ".Properties"));
            switch (type) {
                case "SQS" -> sqsEvents.add(sqsEvent(String.valueOf(eventName), ep, queues));
                case "ScheduleV2", "Schedule" -> schedules.add(schedule(String.valueOf(eventName), type, ep, name));
                // An HTTP API route with a JWT authorizer: served like a function URL whose gateway checks a
                // locally signed token (see FunctionUrl.JWT).
                case "HttpApi" -> httpApi[0] = true;
                case "DynamoDB" -> {} // read by streams.StreamEventSources
                default ->
                    throw new TemplateException(
                            at + ".Type: event type '" + type
                                    + "' is not supported by the local stack (it runs SQS, ScheduleV2, Schedule and HttpApi events)");
            }
        });
        if (httpApi[0] && url.isPresent()) {
            throw new TemplateException(where + ": a function behind an HTTP API has no function URL locally");
        }
        if (httpApi[0]) {
            url = Optional.of(new FunctionUrl(FunctionUrl.JWT, "BUFFERED"));
        }
        Integer reserved = p.optionalString("ReservedConcurrentExecutions").isEmpty()
                ? null
                : p.optionalInt("ReservedConcurrentExecutions", 0, 1, 1000);
        return new StackTemplate.Function(
                id,
                name,
                Resources.urlNameOf(name, stage),
                handler,
                runtime,
                timeout,
                memory,
                environment,
                List.copyOf(sqsEvents),
                List.copyOf(schedules),
                url,
                codeUri,
                reserved);
    }

    private static SqsEvent sqsEvent(String eventName, Props p, List<StackTemplate.Queue> queues) {
        String arn = p.requiredString("Queue");
        StackTemplate.Queue queue = queues.stream()
                .filter(q -> q.arn().equals(arn))
                .findFirst()
                .orElseThrow(() -> new TemplateException(
                        p.where + ".Queue: " + arn + " is not the ARN of a queue of this template"));
        int window = p.optionalInt("MaximumBatchingWindowInSeconds", 0, 0, 300);
        int batchSize = p.optionalInt("BatchSize", 10, 1, 10_000);
        if (window == 0 && batchSize > 10) {
            throw new TemplateException(p.where + ".BatchSize: above 10 needs MaximumBatchingWindowInSeconds >= 1");
        }
        List<String> responseTypes = p.optionalList("FunctionResponseTypes").stream()
                .map(String::valueOf)
                .toList();
        for (String responseType : responseTypes) {
            if (!responseType.equals("ReportBatchItemFailures")) {
                throw new TemplateException(
                        p.where + ".FunctionResponseTypes: '" + responseType + "' is not ReportBatchItemFailures");
            }
        }
        if (p.raw("FilterCriteria") != null) {
            throw new TemplateException(p.where + ".FilterCriteria: event filtering is not supported locally");
        }
        boolean enabled = !"false".equals(p.optionalString("Enabled").orElse("true"));
        // Lambda's range for an SQS source's MaximumConcurrency; absent, the mapping scales with the function.
        Integer maximumConcurrency = p.optionalMap("ScalingConfig")
                .flatMap(scaling -> scaling.optionalString("MaximumConcurrency").isEmpty()
                        ? Optional.empty()
                        : Optional.of(scaling.optionalInt("MaximumConcurrency", 0, 2, 1000)))
                .orElse(null);
        return new SqsEvent(
                eventName,
                queue.logicalId(),
                queue.url(),
                queue.arn(),
                batchSize,
                window,
                responseTypes.contains("ReportBatchItemFailures"),
                enabled,
                maximumConcurrency);
    }

    private static Schedule schedule(String eventName, String type, Props p, String functionName) {
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
            QueueReader.parseJson(inputText, p.where + ".Input");
        }
        return new Schedule(eventName, type, name, expression, timezone, inputText, enabled);
    }

    private static String toJson(Object value) {
        try {
            return QueueReader.JSON.writeValueAsString(value);
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
            boolean intrinsic = value instanceof Map<?, ?> m
                    && m.size() == 1
                    && String.valueOf(m.keySet().iterator().next()).matches("Ref|Fn::.*");
            if (global instanceof Map<?, ?> g && value instanceof Map<?, ?> v && !intrinsic) {
                out.put(key, merge((Map<String, Object>) g, (Map<String, Object>) v));
            } else {
                out.put(key, value);
            }
        });
        return out;
    }
}
