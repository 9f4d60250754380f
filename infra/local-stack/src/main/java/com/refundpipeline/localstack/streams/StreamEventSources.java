package com.refundpipeline.localstack.streams;

import com.refundpipeline.localstack.template.CfnYaml;
import com.refundpipeline.localstack.template.TemplateException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The DynamoDB stream parts of a SAM template: which tables have a StreamSpecification, and the functions' Events of
 * Type DynamoDB (the template reader leaves those to this class).
 */
public final class StreamEventSources {

    /**
     * One DynamoDB event source mapping.
     *
     * @param onFailureQueueLogicalId the SQS queue of DestinationConfig.OnFailure, or null
     */
    public record StreamSource(
            String functionLogicalId,
            String eventName,
            String tableLogicalId,
            String startingPosition,
            int batchSize,
            int maximumBatchingWindowSeconds,
            boolean reportBatchItemFailures,
            boolean bisectBatchOnFunctionError,
            int maximumRetryAttempts,
            String onFailureQueueLogicalId,
            boolean enabled) {}

    /** @param streamViewTypes table logical id → StreamViewType, for the tables with a stream */
    public record Streams(Map<String, String> streamViewTypes, List<StreamSource> sources) {}

    private StreamEventSources() {}

    public static Streams read(Path templateFile) {
        try {
            return read(Files.readString(templateFile, StandardCharsets.UTF_8), templateFile.toString());
        } catch (IOException e) {
            throw new TemplateException("cannot read " + templateFile + ": " + e.getMessage(), e);
        }
    }

    public static Streams read(String yaml, String sourceName) {
        Map<String, Object> template = CfnYaml.load(new java.io.StringReader(yaml), sourceName);
        Map<String, Object> resources = map(template.get("Resources"));
        Map<String, String> views = new LinkedHashMap<>();
        List<StreamSource> sources = new ArrayList<>();
        resources.forEach((id, raw) -> {
            Map<String, Object> resource = map(raw);
            Map<String, Object> properties = map(resource.get("Properties"));
            String type = String.valueOf(resource.get("Type"));
            if (type.equals("AWS::DynamoDB::Table")) {
                Map<String, Object> spec = map(properties.get("StreamSpecification"));
                if (spec.get("StreamViewType") != null) {
                    views.put(id, String.valueOf(spec.get("StreamViewType")));
                }
            }
            if (type.equals("AWS::Serverless::Function")) {
                map(properties.get("Events")).forEach((eventName, e) -> {
                    Map<String, Object> event = map(e);
                    if ("DynamoDB".equals(event.get("Type"))) {
                        sources.add(source(
                                id,
                                eventName,
                                map(event.get("Properties")),
                                "Resources." + id + ".Properties.Events." + eventName));
                    }
                });
            }
        });
        for (StreamSource s : sources) {
            if (!views.containsKey(s.tableLogicalId())) {
                throw new TemplateException("Resources." + s.functionLogicalId() + ".Properties.Events."
                        + s.eventName() + ".Properties.Stream: table " + s.tableLogicalId()
                        + " has no StreamSpecification");
            }
        }
        return new Streams(views, sources);
    }

    private static StreamSource source(String functionId, String eventName, Map<String, Object> p, String where) {
        String table = streamTable(p.get("Stream"), where);
        String start = String.valueOf(p.getOrDefault("StartingPosition", "LATEST"));
        if (!List.of("TRIM_HORIZON", "LATEST").contains(start)) {
            throw new TemplateException(where + ".StartingPosition: '" + start + "' is not TRIM_HORIZON or LATEST");
        }
        int batchSize = integer(p.get("BatchSize"), 100, 1, 10000, where + ".BatchSize");
        int window =
                integer(p.get("MaximumBatchingWindowInSeconds"), 0, 0, 300, where + ".MaximumBatchingWindowInSeconds");
        Object types = p.get("FunctionResponseTypes");
        boolean report = types instanceof List<?> list && list.contains("ReportBatchItemFailures");
        boolean bisect = Boolean.parseBoolean(String.valueOf(p.getOrDefault("BisectBatchOnFunctionError", "false")));
        // -1 is AWS's "retry until the record expires"; locally that is a long while.
        int retries = integer(p.get("MaximumRetryAttempts"), -1, -1, 10000, where + ".MaximumRetryAttempts");
        String onFailure = null;
        Map<String, Object> failure = map(map(p.get("DestinationConfig")).get("OnFailure"));
        if (failure.get("Destination") != null) {
            onFailure = getAttResource(failure.get("Destination"), "Arn", where + ".DestinationConfig.OnFailure");
        }
        boolean enabled = Boolean.parseBoolean(String.valueOf(p.getOrDefault("Enabled", "true")));
        return new StreamSource(
                functionId, eventName, table, start, batchSize, window, report, bisect, retries, onFailure, enabled);
    }

    private static String streamTable(Object stream, String where) {
        return getAttResource(stream, "StreamArn", where + ".Stream");
    }

    /** The resource of {@code !GetAtt Resource.attribute}. */
    private static String getAttResource(Object value, String attribute, String where) {
        Object getAtt = value instanceof Map<?, ?> m ? m.get("Fn::GetAtt") : null;
        List<String> parts = new ArrayList<>();
        if (getAtt instanceof String s && s.contains(".")) {
            parts.add(s.substring(0, s.indexOf('.')));
            parts.add(s.substring(s.indexOf('.') + 1));
        } else if (getAtt instanceof List<?> list && list.size() == 2) {
            list.forEach(x -> parts.add(String.valueOf(x)));
        }
        if (parts.size() != 2 || !parts.get(1).equals(attribute)) {
            throw new TemplateException(where + ": the local stack needs !GetAtt <resource>." + attribute + " here");
        }
        return parts.get(0);
    }

    private static int integer(Object value, int otherwise, int min, int max, String where) {
        if (value == null) {
            return otherwise;
        }
        try {
            int v = Integer.parseInt(String.valueOf(value));
            if (v < min || v > max) {
                throw new TemplateException(where + ": " + v + " is not within " + min + ".." + max);
            }
            return v;
        } catch (NumberFormatException e) {
            throw new TemplateException(where + ": '" + value + "' is not a whole number");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
    }
}
