package com.refundpipeline.localstack;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Shows a function's JSON log line (what CloudWatch Logs receives) as a line a developer scans in a terminal:
 * {@code 10:30:01.123 INFO  case rc_… approved by … [case_id=rc_…]}, then the stack trace of an error, if any. A
 * line that is not such an object is shown as the process wrote it.
 */
final class FunctionLogLine {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> OWN_FIELDS = Set.of("timestamp", "level", "logger", "message", "error");

    private FunctionLogLine() {}

    static List<String> readable(String line) {
        if (!line.startsWith("{")) {
            return List.of(line);
        }
        JsonNode json;
        try {
            json = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            return List.of(line);
        }
        if (!json.isObject()
                || !json.path("message").isTextual()
                || !json.path("level").isTextual()) {
            return List.of(line);
        }
        StringBuilder text = new StringBuilder();
        String time = json.path("timestamp").asText("");
        int t = time.indexOf('T');
        // The clock time only (UTC, as Lambda's): the date is today's, and the width stays fixed.
        text.append(t < 0 ? time : time.substring(t + 1, Math.min(time.length(), t + 13)))
                .append(' ');
        text.append(String.format("%-5s ", json.path("level").asText()));
        text.append(json.path("message").asText());
        List<String> context = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            if (!OWN_FIELDS.contains(field.getKey())) {
                context.add(field.getKey() + "=" + field.getValue().asText());
            }
        }
        if (!context.isEmpty()) {
            text.append(" [").append(String.join(" ", context)).append(']');
        }
        List<String> lines = new ArrayList<>();
        lines.add(text.toString());
        String stack = json.path("error").path("stack").asText("");
        if (!stack.isEmpty()) {
            stack.lines().forEach(lines::add);
        }
        return lines;
    }
}
