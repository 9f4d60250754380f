package com.refundpipeline.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The clock moves only on the local stack, by the offset its file holds; AWS never gets the variables. */
class ClockProducerTest {

    @TempDir
    Path dir;

    @Test
    void withoutTheLocalStackFlagTheOffsetFileIsIgnored() throws IOException {
        Path file = Files.writeString(dir.resolve("offset"), "P8D");
        assertEquals(Clock.systemUTC(), new ClockProducer().clock(false, Optional.of(file.toString())));
        assertEquals(Clock.systemUTC(), new ClockProducer().clock(true, Optional.empty()));
    }

    @Test
    void onTheLocalStackTheClockIsAheadByTheFilesDuration() throws Exception {
        Path file = dir.resolve("offset");
        Clock clock = new ClockProducer().clock(true, Optional.of(file.toString()));
        assertTrue(Duration.between(Instant.now(), clock.instant()).abs().toSeconds() < 5, "no file, no offset");

        Files.writeString(file, "P8D\n");
        Thread.sleep(600);
        Duration ahead = Duration.between(Instant.now(), clock.instant());
        assertTrue(ahead.compareTo(Duration.ofDays(8).minusSeconds(5)) > 0, ahead::toString);
        assertTrue(ahead.compareTo(Duration.ofDays(8).plusSeconds(5)) < 0, ahead::toString);
    }

    @Test
    void theTemplateNeverGivesAFunctionTheLocalClock() throws IOException {
        String template = Files.readString(Path.of("../infra/template.yaml"));
        assertFalse(template.contains("REFUNDS_LOCAL_STACK"), "the template must not set REFUNDS_LOCAL_STACK");
        assertFalse(template.contains("REFUNDS_LOCAL_CLOCK"), "the template must not set REFUNDS_LOCAL_CLOCK_*");
    }
}
