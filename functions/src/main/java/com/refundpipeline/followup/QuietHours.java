package com.refundpipeline.followup;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;

/**
 * When a message may reach a person: not between {@code start} and {@code end} of their local clock. The window may
 * wrap midnight (21:00-09:00). Local times are resolved by {@link ZonedDateTime#of}, so an end that falls in a
 * daylight-saving gap moves forward with the clock, and one in an overlap takes the earlier instant.
 */
public record QuietHours(LocalTime start, LocalTime end) {

    public boolean isQuiet(LocalTime time) {
        if (start.equals(end)) {
            return false;
        }
        return start.isBefore(end)
                ? !time.isBefore(start) && time.isBefore(end)
                : !time.isBefore(start) || time.isBefore(end);
    }

    /** {@code at} itself when it is outside quiet hours, else the end of the quiet hours it falls in. */
    public Instant nextAllowed(Instant at, ZoneId zone) {
        ZonedDateTime local = at.atZone(zone);
        LocalTime time = local.toLocalTime();
        if (!isQuiet(time)) {
            return at;
        }
        // Wrapping windows end tomorrow when we are in the evening part.
        LocalDate endDay = start.isAfter(end) && !time.isBefore(start)
                ? local.toLocalDate().plusDays(1)
                : local.toLocalDate();
        return ZonedDateTime.of(endDay, end, zone).toInstant();
    }

    /** The first allowed moment of the customer's next day: where a message over the daily cap waits. */
    public Instant nextDay(Instant at, ZoneId zone) {
        LocalDate tomorrow = at.atZone(zone).toLocalDate().plusDays(1);
        return nextAllowed(tomorrow.atStartOfDay(zone).toInstant(), zone);
    }
}
