package com.refundpipeline.support;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Time comes from one injectable clock, so tests can decide what "now" is. On AWS it is the system clock, always.
 *
 * <p>The local stack alone may move it, for the chaos run's clock moves (reminders, evidence expiry, closing): only
 * when {@code REFUNDS_LOCAL_STACK=true} and {@code REFUNDS_LOCAL_CLOCK_OFFSET_FILE} names a file, that file holds an
 * ISO-8601 duration (e.g. {@code P8D}) added to the system clock, read again at most every half second. The template
 * sets neither variable (ClockProducerTest checks the template names neither), see
 * docs/adr/0032-a-movable-clock-for-the-local-stack.md.
 */
public class ClockProducer {

    @Produces
    @Singleton
    @DefaultBean
    Clock clock(
            @ConfigProperty(name = "refunds.local-stack", defaultValue = "false") boolean localStack,
            @ConfigProperty(name = "refunds.local.clock-offset-file") Optional<String> offsetFile) {
        if (localStack && offsetFile.isPresent()) {
            return new OffsetFileClock(Path.of(offsetFile.get()));
        }
        return Clock.systemUTC();
    }

    /** The system clock plus the duration a file holds (none while the file is missing or unreadable). */
    static final class OffsetFileClock extends Clock {

        private static final long REREAD_NANOS = Duration.ofMillis(500).toNanos();

        private final Path file;
        private Duration offset = Duration.ZERO;
        private long readAt;
        private boolean read;

        OffsetFileClock(Path file) {
            this.file = file;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset());
        }

        synchronized Duration offset() {
            long now = System.nanoTime();
            if (!read || now - readAt > REREAD_NANOS) {
                read = true;
                readAt = now;
                try {
                    offset = Duration.parse(
                            Files.readString(file, StandardCharsets.UTF_8).trim());
                } catch (IOException | DateTimeParseException e) {
                    offset = Duration.ZERO;
                }
            }
            return offset;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the product works in UTC");
        }
    }
}
