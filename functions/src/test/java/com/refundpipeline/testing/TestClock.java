package com.refundpipeline.testing;

import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * A clock a test can set and move, for quiet hours, caps and schedules. Enabled per profile
 * (quarkus.arc.selected-alternatives); until a test sets it, it tells the real time. Once set, every reading is a
 * millisecond later than the one before, as time moves between two steps of a real run.
 */
@Alternative
@Singleton
public class TestClock extends Clock {

    private Instant fixed;

    public synchronized void set(Instant instant) {
        fixed = instant;
    }

    public synchronized void advance(Duration duration) {
        fixed = instant().plus(duration);
    }

    public synchronized void reset() {
        fixed = null;
    }

    @Override
    public synchronized Instant instant() {
        if (fixed == null) {
            return Instant.now();
        }
        Instant now = fixed;
        fixed = fixed.plusMillis(1);
        return now;
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
