package com.refundpipeline.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.Map;

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
        assertEquals(9001, Options.parse(new String[] {"--port", "9001"}, Map.of("PORT", "9000")).port());
    }

    @Test
    void everyOption() {
        Options o = Options.parse(new String[] {"--port=0", "--data-dir", "data", "--template", "t.yaml",
                "--artifact", "f.zip", "--stage", "alice", "--param", "PaymentProvider=sandbox",
                "--schedule-rate-seconds", "10", "--dynamodb-port", "8000", "--sqs-port", "9324",
                "--visibility-timeout-seconds", "5"}, Map.of());
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
    void mistakesAreRefused() {
        assertThrows(Options.UsageException.class, () -> Options.parse(new String[] {"--port"}, Map.of()));
        assertThrows(Options.UsageException.class, () -> Options.parse(new String[] {"--port", "x"}, Map.of()));
        assertThrows(Options.UsageException.class, () -> Options.parse(new String[] {"--prot", "1"}, Map.of()));
        assertThrows(Options.UsageException.class, () -> Options.parse(new String[] {"--param", "x"}, Map.of()));
    }
}
