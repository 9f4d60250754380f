package com.refundpipeline.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.refundpipeline.fuzz.ContactDetails;
import com.refundpipeline.fuzz.FuzzInput;
import com.refundpipeline.fuzz.JsonMutator;
import com.refundpipeline.fuzz.ShortRun;
import com.refundpipeline.fuzz.StateSnapshot;
import com.refundpipeline.json.Json;
import com.refundpipeline.testing.LambdaEvents;
import com.refundpipeline.testing.LocalAws;
import com.refundpipeline.testing.LogCapture;
import com.refundpipeline.testing.Requests;
import com.refundpipeline.testing.SubmitRefundProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * submit-refund at the function level, through the Lambda event server against DynamoDB Local and ElasticMQ:
 * generated requests (the documented request shape, edited field by field, with Idempotency-Key tricks) never get a
 * 5xx; every refusal has a code, writes nothing and sends nothing; every response and log line is one line of JSON
 * free of the customer's contact details. Runs -Dfuzz.function.runs requests (make test: a short run, fixed seed).
 */
@QuarkusTest
@TestProfile(SubmitRefundProfile.class)
class SubmitRefundFuzzTest {

    static final int RUNS = Integer.getInteger("fuzz.function.runs", 40);
    static final String EMAIL = "a@example.com";
    static final String PHONE = "+8613800000000";

    /** Keys a storefront or an attacker might send: look-alikes, invisible characters, padding, lengths. */
    static final List<String> KEYS = List.of(
            "k-1",
            "К-1",
            "k\u200b-1",
            "ｋ-1",
            " k-1",
            "k-1 ",
            "   ",
            "\tk-1",
            "k-1\r\nX-Injected: 1",
            "k".repeat(255),
            "k".repeat(256),
            "k".repeat(10_000),
            "",
            "k\u0000",
            "{\"json\":1}",
            "bob@example.com",
            "a@example.com");

    @Inject
    LocalAws aws;

    @Test
    void generatedRequestsNeverFailOnOurSide() {
        Random random = new Random(ShortRun.SEED);
        for (int i = 0; i < RUNS; i++) {
            byte[] bytes = new byte[random.nextInt(96)];
            random.nextBytes(bytes);
            FuzzInput in = new FuzzInput(bytes);
            String order = "ord_fz_" + i + "_" + UUID.randomUUID().toString().substring(0, 8);
            String body = JsonMutator.mutate(Requests.damaged(order), in);
            Map<String, String> headers = new HashMap<>();
            headers.put("content-type", in.nextInt(8) == 0 ? "text/plain" : "application/json");
            if (in.nextInt(10) != 0) {
                headers.put("idempotency-key", in.nextInt(3) == 0 ? in.pick(KEYS) + i : "fz-" + UUID.randomUUID());
            }
            check("input " + i + " (seed " + ShortRun.SEED + "): " + headers + " " + body, headers, body);
        }
    }

    /** Oversize and deeply nested bodies, and injection payloads in the free-text fields. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "oversize",
                "nested-array",
                "nested-object",
                "nested-note",
                "note-injection",
                "number-too-long",
                "unicode-escapes"
            })
    void hostileBodies(String kind) {
        String good = Requests.damaged("ord_hostile_" + kind);
        String body = switch (kind) {
            case "oversize" -> good.replace("seam torn on arrival", "x".repeat(65 * 1024));
            case "nested-array" -> "[".repeat(20_000) + "]".repeat(20_000);
            case "nested-object" -> "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000);
            case "nested-note" -> good.replace("\"seam torn on arrival\"", "[".repeat(5_000) + "]".repeat(5_000));
            case "note-injection" ->
                good.replace(
                        "seam torn on arrival",
                        "torn\\n{\\\"level\\\":\\\"ERROR\\\",\\\"event\\\":\\\"payout_failed\\\"}\\r\\nbob@example.com +14155550123");
            case "number-too-long" -> good.replace("5998", "5".repeat(5_000));
            default -> good.replace("seam torn on arrival", "\\u0000\\u001b[2J\\ud800\\u2028\\u2029");
        };
        check(
                kind,
                Map.of("content-type", "application/json", "idempotency-key", "hostile-" + UUID.randomUUID()),
                body);
    }

    /**
     * An Idempotency-Key is ASCII without padding: a look-alike or padded key must not open a second case for what
     * the storefront meant as one key, nor be silently taken as another key.
     */
    @Test
    void idempotencyKeyTricksNeverOpenASecondCase() {
        String order = "ord_keys_" + UUID.randomUUID();
        String body = Requests.damaged(order);
        String key = "key-" + UUID.randomUUID();
        int first = status(Map.of("content-type", "application/json", "idempotency-key", key), body);
        assertEquals(201, first);
        for (String trick : List.of(
                " " + key,
                key + " ",
                key + "\t",
                "\u00a0" + key,
                key.replace('k', 'к'),
                key.replace('e', '\u0435'),
                key + "\u200b",
                key.replace('k', 'ｋ'),
                "   ",
                "\t")) {
            int status = status(Map.of("content-type", "application/json", "idempotency-key", trick), body);
            assertNotEquals(201, status, "the key " + Json.write(trick) + " opened a second case");
        }
        assertEquals(1, aws.casesForOrder(order), "one case for the order");
        assertEquals(
                200,
                status(Map.of("content-type", "application/json", "idempotency-key", key), body),
                "the genuine key still finds its case");
    }

    private int status(Map<String, String> headers, String body) {
        JsonNode response = invoke(headers, body);
        return response.path("statusCode").asInt();
    }

    private static JsonNode invoke(Map<String, String> headers, String body) {
        String raw = SubmitRefundFunctionTest.invoke(LambdaEvents.functionUrl("POST", "/refunds", headers, body))
                .extract()
                .asString();
        try {
            return Json.MAPPER.readTree(raw);
        } catch (Exception e) {
            throw new AssertionError("not a function URL response: " + raw, e);
        }
    }

    private void check(String what, Map<String, String> headers, String body) {
        StateSnapshot before = StateSnapshot.take(aws);
        JsonNode response;
        List<String> lines;
        try (LogCapture logs = LogCapture.start()) {
            response = invoke(headers, body);
            lines = logs.lines();
            logs.json(); // every line is one JSON object
        }
        int status = response.path("statusCode").asInt();
        String answer = response.path("body").asText();
        assertTrue(status > 0 && status < 500, what + " -> " + status + " " + answer);
        for (String line : lines) {
            assertEquals(line.indexOf('\n'), line.length() - 1, "one log line: " + line);
            ContactDetails.assertNone("log line for " + what, line, EMAIL, PHONE);
        }
        ContactDetails.assertNone("response to " + what, answer, EMAIL, PHONE);
        if (status >= 400) {
            JsonNode error;
            try {
                error = Json.MAPPER.readTree(answer).path("error");
            } catch (Exception e) {
                throw new AssertionError(what + " -> a refusal that is not JSON: " + answer, e);
            }
            assertTrue(error.path("code").asText().matches("[a-z_]+"), what + " -> no code: " + answer);
            assertEquals(before, StateSnapshot.take(aws), what + " -> refused (" + answer + ") but changed state");
        }
    }
}
