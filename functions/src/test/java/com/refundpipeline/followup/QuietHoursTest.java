package com.refundpipeline.followup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QuietHoursTest {

    static final QuietHours DEFAULT = new QuietHours(LocalTime.of(21, 0), LocalTime.of(9, 0));

    @ParameterizedTest(name = "{0} in {1} -> {2}")
    @CsvSource({
        // Daytime: at once.
        "2026-11-24T10:00:00Z, Europe/Paris,        2026-11-24T10:00:00Z",
        "2026-11-24T07:59:59Z, Europe/Paris,        2026-11-24T08:00:00Z", // 08:59:59 CET waits a second
        "2026-11-24T08:00:00Z, Europe/Paris,        2026-11-24T08:00:00Z", // 09:00 CET exactly is allowed
        "2026-11-24T19:59:59Z, Europe/Paris,        2026-11-24T19:59:59Z", // 20:59:59 CET
        "2026-11-24T20:00:00Z, Europe/Paris,        2026-11-25T08:00:00Z", // 21:00 CET: next morning
        // The same instant is night in Shanghai and morning in New York.
        "2026-11-24T14:00:00Z, Asia/Shanghai,       2026-11-25T01:00:00Z", // 22:00 CST -> 09:00 CST
        "2026-11-24T14:00:00Z, America/New_York,    2026-11-24T14:00:00Z", // 09:00 EST
        "2026-11-24T13:59:00Z, America/New_York,    2026-11-24T14:00:00Z", // 08:59 EST
        // Half-hour and far-east zones, and a zone where the UTC date is a day behind.
        "2026-11-24T16:00:00Z, Asia/Kolkata,        2026-11-25T03:30:00Z", // 21:30 IST
        "2026-11-24T10:00:00Z, Pacific/Auckland,    2026-11-24T20:00:00Z", // 23:00 NZDT -> 09:00 NZDT
        "2026-11-24T02:00:00Z, America/Los_Angeles, 2026-11-24T02:00:00Z", // 18:00 PST on the 23rd: at once
        "2026-11-24T05:00:00Z, America/Los_Angeles, 2026-11-24T17:00:00Z", // 21:00 PST on the 23rd
    })
    void waitsForTheEndOfTheCustomersNight(String now, String zone, String expected) {
        assertEquals(Instant.parse(expected), DEFAULT.nextAllowed(Instant.parse(now), ZoneId.of(zone)));
    }

    @ParameterizedTest(name = "{0} in {1} -> {2}")
    @CsvSource({
        // Europe/Paris springs forward on 2026-03-29 (02:00 CET -> 03:00 CEST): 09:00 that morning is 07:00Z.
        "2026-03-28T21:30:00Z, Europe/Paris,     2026-03-29T07:00:00Z",
        // ...and falls back on 2026-10-25 (03:00 CEST -> 02:00 CET): 09:00 that morning is 08:00Z.
        "2026-10-24T20:30:00Z, Europe/Paris,     2026-10-25T08:00:00Z",
        // New York springs forward on 2026-03-08 and falls back on 2026-11-01.
        "2026-03-08T03:00:00Z, America/New_York, 2026-03-08T13:00:00Z", // 22:00 EST -> 09:00 EDT
        "2026-11-01T02:00:00Z, America/New_York, 2026-11-01T14:00:00Z", // 22:00 EDT -> 09:00 EST
        // Auckland (southern hemisphere) springs forward on 2026-09-27.
        "2026-09-26T10:00:00Z, Pacific/Auckland, 2026-09-26T20:00:00Z", // 22:00 NZST -> 09:00 NZDT
    })
    void daylightSavingChangesDoNotMoveTheMorning(String now, String zone, String expected) {
        assertEquals(Instant.parse(expected), DEFAULT.nextAllowed(Instant.parse(now), ZoneId.of(zone)));
    }

    @ParameterizedTest(name = "quiet until 02:30 on {0}")
    @CsvSource({
        // 02:30 does not exist in Paris on 2026-03-29: the clock jumps from 02:00 to 03:00, so it is 03:30 CEST.
        "2026-03-29T00:30:00Z, 2026-03-29T01:30:00Z", // 01:30 CET
        // 02:30 happens twice on 2026-10-25: the first (CEST) one.
        "2026-10-24T23:30:00Z, 2026-10-25T00:30:00Z", // 01:30 CEST
    })
    void anEndInsideTheGapOrOverlapIsResolvedOnce(String now, String expected) {
        QuietHours shortNight = new QuietHours(LocalTime.of(1, 0), LocalTime.of(2, 30));
        assertEquals(Instant.parse(expected), shortNight.nextAllowed(Instant.parse(now), ZoneId.of("Europe/Paris")));
    }

    @ParameterizedTest(name = "cap reached at {0} in {1} -> {2}")
    @CsvSource({
        "2026-11-24T15:00:00Z, Europe/Paris,  2026-11-25T08:00:00Z",
        "2026-11-24T15:00:00Z, Asia/Shanghai, 2026-11-25T01:00:00Z", // 23:00 CST: the next day is near
        "2026-03-28T15:00:00Z, Europe/Paris,  2026-03-29T07:00:00Z", // the short day
    })
    void overTheCapWaitsForTheNextMorning(String now, String zone, String expected) {
        assertEquals(Instant.parse(expected), DEFAULT.nextDay(Instant.parse(now), ZoneId.of(zone)));
    }

    @ParameterizedTest(name = "{0}-{1} at {2}: quiet={3}")
    @CsvSource({
        "21:00, 09:00, 20:59, false",
        "21:00, 09:00, 21:00, true",
        "21:00, 09:00, 00:00, true",
        "21:00, 09:00, 08:59, true",
        "21:00, 09:00, 09:00, false",
        "13:00, 14:00, 13:30, true",
        "13:00, 14:00, 14:00, false",
        "13:00, 14:00, 12:59, false",
        "09:00, 09:00, 03:00, false",
    })
    void windowsThatWrapMidnightOrNot(String start, String end, String time, boolean quiet) {
        assertEquals(
                quiet, new QuietHours(LocalTime.parse(start), LocalTime.parse(end)).isQuiet(LocalTime.parse(time)));
    }
}
