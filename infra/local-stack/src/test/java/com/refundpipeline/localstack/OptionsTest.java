package com.refundpipeline.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.refundpipeline.localstack.template.StackTemplate;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OptionsTest {

    @Test
    void defaults() {
        Options o = Options.parse(new String[0], Map.of());
        assertEquals(8080, o.port());
        assertNull(o.dataDir());
        assertNull(o.template());
        assertEquals(Map.of(), o.parameters());
    }

    @Test
    void portComesFromTheEnvironmentUnlessGiven() {
        assertEquals(9000, Options.parse(new String[0], Map.of("PORT", "9000")).port());
        assertEquals(
                9001,
                Options.parse(new String[] {"--port", "9001"}, Map.of("PORT", "9000"))
                        .port());
    }

    @Test
    void everyOption() {
        Options o = Options.parse(
                new String[] {
                    "--port=0",
                    "--data-dir",
                    "data",
                    "--template",
                    "t.yaml",
                    "--artifact",
                    "f.zip",
                    "--stage",
                    "alice",
                    "--param",
                    "PaymentProvider=sandbox",
                    "--schedule-rate-seconds",
                    "10",
                    "--dynamodb-port",
                    "8000",
                    "--sqs-port",
                    "9324",
                    "--visibility-timeout-seconds",
                    "5"
                },
                Map.of());
        assertEquals(0, o.port());
        assertEquals(Path.of("data"), o.dataDir());
        assertEquals(Path.of("t.yaml"), o.template());
        assertEquals(Path.of("f.zip"), o.artifact());
        assertEquals(Map.of("Stage", "alice", "PaymentProvider", "sandbox"), o.parameters());
        assertEquals(10, o.scheduleEverySeconds());
        assertEquals(8000, o.dynamoDbPort());
        assertEquals(9324, o.sqsPort());
        assertEquals(5, o.visibilityTimeoutSeconds());
    }

    @Test
    void instancesForAllOrPerFunctionAndSecrets() {
        Options o = Options.parse(
                new String[] {
                    "--instances",
                    "2",
                    "--instances",
                    "submit-refund=4,issue-payout=3",
                    "--secret",
                    "refunds/local/stripe-api-key=sk_test_x=y"
                },
                Map.of());
        assertEquals(4, o.instancesOf("submit-refund"));
        assertEquals(3, o.instancesOf("issue-payout"));
        assertEquals(2, o.instancesOf("verify-evidence"));
        assertEquals(1, Options.parse(new String[0], Map.of()).instancesOf("submit-refund"));
        assertEquals(Map.of("refunds/local/stripe-api-key", "sk_test_x=y"), o.secrets());
        assertThrows(Options.UsageException.class, () -> Options.parse(new String[] {"--instances", "0"}, Map.of()));
        assertThrows(Options.UsageException.class, () -> Options.parse(new String[] {"--instances", "=2"}, Map.of()));
        assertThrows(Options.UsageException.class, () -> Options.parse(new String[] {"--secret", "x"}, Map.of()));
    }

    @Test
    void reservedConcurrencyCapsTheInstances() {
        Options three = Options.parse(new String[] {"--instances", "3"}, Map.of());
        assertEquals(3, LocalStack.instancesFor(three, function(null)));
        assertEquals(1, LocalStack.instancesFor(three, function(1)));
        assertEquals(3, LocalStack.instancesFor(three, function(5)));
    }

    static StackTemplate.Function function(Integer reserved) {
        return new StackTemplate.Function(
                "Submit",
                "refunds-local-submit-refund",
                "submit-refund",
                "h::m",
                "java21",
                3,
                256,
                Map.of(),
                List.of(),
                List.of(),
                Optional.empty(),
                "unused",
                reserved);
    }

    @Test
    void mistakesAreRefused() {
        assertThrows(Options.UsageException.class, () -> Options.parse(new String[] {"--port"}, Map.of()));
        assertThrows(Options.UsageException.class, () -> Options.parse(new String[] {"--port", "x"}, Map.of()));
        assertThrows(Options.UsageException.class, () -> Options.parse(new String[] {"--prot", "1"}, Map.of()));
        assertThrows(Options.UsageException.class, () -> Options.parse(new String[] {"--param", "x"}, Map.of()));
    }
}
