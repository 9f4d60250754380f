package com.refundpipeline.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Edits a JSON body by path ("order.lines[0].quantity"), to make one field wrong at a time. */
public final class BodyEditor {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private BodyEditor() {}

    /** Sets the value at {@code path} to the raw JSON {@code value}, or removes it when value is null. */
    public static String set(String body, String path, String value) {
        try {
            JsonNode root = MAPPER.readTree(body);
            String[] parts = path.split("\\.");
            JsonNode parent = root;
            for (int i = 0; i < parts.length - 1; i++) {
                parent = step(parent, parts[i]);
            }
            String last = parts[parts.length - 1];
            JsonNode newValue = value == null ? null : MAPPER.readTree(value);
            if (last.endsWith("]")) {
                String name = last.substring(0, last.indexOf('['));
                int index = Integer.parseInt(last.substring(last.indexOf('[') + 1, last.length() - 1));
                ((ArrayNode) parent.get(name)).set(index, newValue);
            } else if (newValue == null) {
                ((ObjectNode) parent).remove(last);
            } else {
                ((ObjectNode) parent).set(last, newValue);
            }
            return MAPPER.writeValueAsString(root);
        } catch (Exception e) {
            throw new IllegalArgumentException("cannot edit " + path, e);
        }
    }

    private static JsonNode step(JsonNode node, String part) {
        if (part.endsWith("]")) {
            String name = part.substring(0, part.indexOf('['));
            int index = Integer.parseInt(part.substring(part.indexOf('[') + 1, part.length() - 1));
            return node.get(name).get(index);
        }
        return node.get(part);
    }
}
