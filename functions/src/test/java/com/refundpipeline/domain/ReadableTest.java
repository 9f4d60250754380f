package com.refundpipeline.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Money, times and durations as people read them in reasons, explanations, errors and alerts. */
class ReadableTest {

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                "3000000 | USD | 30,000.00 USD",
                "20000   | USD | 200.00 USD",
                "5       | EUR | 0.05 EUR",
                "0       | GBP | 0.00 GBP",
                "-299    | USD | -2.99 USD",
                "5000    | JPY | 5,000 JPY",
                "1234    | KWD | 1.234 KWD",
                "123456789012 | USD | 1,234,567,890.12 USD",
            })
    void moneyIsInMajorUnitsWithTheCurrencysOwnDecimals(long minorUnits, String currency, String text) {
        assertEquals(text, Readable.money(minorUnits, currency));
    }

    @Test
    void aTimeIsToTheMinuteInUtc() {
        assertEquals("2026-12-01 09:30 UTC", Readable.time(Instant.parse("2026-12-01T09:30:59.123456789Z")));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "P7D,   7 days",
        "P1D,   1 day",
        "PT36H, 36 hours",
        "PT90M, 90 minutes",
        "PT1M,  1 minute",
        "PT45S, PT45S",
        "PT0S,  PT0S",
        "-P1D,  PT-24H",
    })
    void aDurationIsInWholeUnits(String iso, String text) {
        assertEquals(text, Readable.duration(Duration.parse(iso)));
    }
}
