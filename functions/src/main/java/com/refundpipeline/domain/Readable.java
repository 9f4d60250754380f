package com.refundpipeline.domain;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Currency;
import java.util.Locale;

/**
 * How the product writes money, times and durations for people (timeline reasons, decision explanations, errors,
 * alerts): amounts in major units with the currency's own decimals and its code, times to the minute in UTC.
 * Machine fields keep minor units and ISO instants; only the words go through here.
 */
@SuppressWarnings("AvoidCommonTypeNames") // java.lang.Readable is never used here; the name reads as meant
public final class Readable {

    private static final DateTimeFormatter MINUTE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT).withZone(ZoneOffset.UTC);

    private Readable() {}

    /** 3000000 USD → "30,000.00 USD"; 5000 JPY → "5,000 JPY" (no minor unit); 1234 KWD → "1.234 KWD". */
    public static String money(long minorUnits, String currencyCode) {
        int digits = Math.max(Currency.getInstance(currencyCode).getDefaultFractionDigits(), 0);
        return String.format(Locale.ROOT, "%,." + digits + "f", BigDecimal.valueOf(minorUnits, digits)) + " "
                + currencyCode;
    }

    /** 2026-12-01T09:30:12.123456789Z → "2026-12-01 09:30 UTC". */
    public static String time(Instant at) {
        return MINUTE.format(at);
    }

    /** P7D → "7 days", PT36H → "36 hours", PT90M → "90 minutes"; anything finer as ISO 8601. */
    public static String duration(Duration d) {
        if (d.isZero() || d.isNegative()) {
            return d.toString();
        }
        if (d.toSeconds() % 86_400 == 0) {
            return plural(d.toDays(), "day");
        }
        if (d.toSeconds() % 3_600 == 0) {
            return plural(d.toHours(), "hour");
        }
        if (d.toSeconds() % 60 == 0) {
            return plural(d.toMinutes(), "minute");
        }
        return d.toString();
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }
}
