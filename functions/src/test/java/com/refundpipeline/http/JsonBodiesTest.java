package com.refundpipeline.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.refundpipeline.domain.Refusal;
import com.refundpipeline.fuzz.FunctionUrlRequests;
import com.refundpipeline.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * An unknown key is named in the refusal only when it is a plain field name: a key is the caller's text, and
 * SubmitBodyFuzzTest found a phone number sent as a key repeated in the parameter_unknown refusal.
 */
class JsonBodiesTest {

    record Body(String reason, List<Line> lines) {}

    record Line(String sku) {}

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "reson                  | reson",
                "line1                  | line1",
                "_private               | _private",
                "caai+8613800000ategory | ?",
                "tel14155550100         | ?",
                "a@example.com          | ?",
                "'<b>x</b>'             | ?",
                "'x y'                  | ?",
                "''                     | ?"
            })
    void anUnknownKeyIsNamedOnlyWhenItIsAPlainName(String key, String field) {
        Refusal refused = assertThrows(Refusal.class, () -> read(Map.of("reason", "damaged", key, 1)));
        assertEquals("parameter_unknown", refused.code());
        assertEquals(field, refused.field());
        assertEquals("unknown field " + field, refused.getMessage());
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {"colour | lines[0].colour", "+14155550123 | lines[0].?"})
    void theKnownPartOfThePathIsKept(String key, String field) {
        Refusal refused = assertThrows(
                Refusal.class, () -> read(Map.of("reason", "damaged", "lines", List.of(Map.of("sku", "A", key, 1)))));
        assertEquals(field, refused.field());
    }

    private static Body read(Map<String, Object> body) {
        return JsonBodies.read(
                FunctionUrlRequests.of(
                        "POST", "/refunds", Map.of("content-type", "application/json"), Json.write(body)),
                Body.class);
    }
}
