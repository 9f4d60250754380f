package com.refundpipeline.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.refundpipeline.domain.Refusal;
import com.refundpipeline.json.Json;
import java.io.IOException;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Turns a function URL body into a typed request, or a refusal that names what is wrong and where. */
public final class JsonBodies {

    static final int MAX_BODY_BYTES = 64 * 1024;

    private static final ObjectReader READER =
            Json.STRICT.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,63}");
    private static final Pattern DIGITS = Pattern.compile("[0-9]{4}");

    private JsonBodies() {}

    public static <T> T read(FunctionUrlRequest request, Class<T> type) {
        String contentType = request.header("content-type");
        if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ApiException(415, "unsupported_media_type", "send the body as application/json", null);
        }
        byte[] body = request.bodyBytes();
        if (body.length > MAX_BODY_BYTES) {
            throw new ApiException(
                    413,
                    "body_too_large",
                    "the body is " + body.length + " bytes; at most " + MAX_BODY_BYTES + " are accepted",
                    null);
        }
        JsonNode tree;
        try {
            tree = READER.readTree(body);
        } catch (IOException e) {
            throw Refusal.malformed("invalid_json", "the body is not valid JSON", null);
        }
        if (tree == null || !tree.isObject()) {
            throw Refusal.malformed("invalid_json", "the body must be a JSON object", null);
        }
        try {
            return READER.treeToValue(tree, type);
        } catch (UnrecognizedPropertyException e) {
            String field = path(e);
            throw Refusal.malformed("parameter_unknown", "unknown field " + field, field);
        } catch (JsonMappingException e) {
            String field = path(e);
            throw Refusal.malformed("parameter_invalid", field + " has the wrong type or format", field);
        } catch (JsonProcessingException e) {
            throw Refusal.malformed("parameter_invalid", "a value has the wrong type or format", null);
        }
    }

    /**
     * The JSON path of a mapping error, as a storefront developer would write it: order.lines[0].quantity. A key is
     * the caller's text, so one that is not a plain field name (letters, digits, underscores, at most three digits in
     * a row) is shown as {@code ?}: a refusal never repeats a phone number, an address or markup sent as a key.
     */
    static String path(JsonMappingException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + shown(ref.getFieldName()) : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining())
                .replaceFirst("^\\.", "");
    }

    static String shown(String key) {
        return PLAIN_KEY.matcher(key).matches() && !DIGITS.matcher(key).find() ? key : "?";
    }
}
