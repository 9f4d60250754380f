package com.refundpipeline.localstack.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ScheduleExpressionTest {

    static final ZonedDateTime T = ZonedDateTime.parse("2026-11-24T04:31:24Z"); // a Tuesday

    static ZonedDateTime next(String expression, ZonedDateTime after) {
        return ScheduleExpression.parse(expression).next(after).orElseThrow();
    }

    @Test
    void rateFiresEveryPeriod() {
        assertEquals(T.plusMinutes(5), next("rate(5 minutes)", T));
        assertEquals(T.plusHours(1), next("rate(1 hour)", T));
        assertEquals(T.plusDays(2), next("rate(2 days)", T));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "cron(0 9 * * ? *)           | 2026-11-24T09:00Z",
                "cron(*/15 * * * ? *)        | 2026-11-24T04:45Z",
                "cron(0 0 1 * ? *)           | 2026-12-01T00:00Z",
                "cron(30 8 ? * MON-FRI *)    | 2026-11-24T08:30Z",
                "cron(0 10 ? * SUN *)        | 2026-11-29T10:00Z",
                "cron(0 3 ? * SAT *)         | 2026-11-28T03:00Z",
                "cron(0 10 ? * 1 *)          | 2026-11-29T10:00Z",
                "cron(0 0 1 JAN ? 2027)      | 2027-01-01T00:00Z",
                "cron(5,35 4 * * ? *)        | 2026-11-24T04:35Z",
            })
    void cronFindsTheNextMatchingMinute(String expression, String expected) {
        assertEquals(
                ZonedDateTime.parse(expected).toInstant(), next(expression, T).toInstant());
    }

    @Test
    void cronHonoursTheTimeZone() {
        ZonedDateTime shanghai = T.withZoneSameInstant(ZoneId.of("Asia/Shanghai"));
        assertEquals(ZonedDateTime.parse("2026-11-25T09:00+08:00[Asia/Shanghai]"), next("cron(0 9 * * ? *)", shanghai));
    }

    @Test
    void atFiresOnceOnly() {
        assertEquals(ZonedDateTime.parse("2026-12-01T09:00Z"), next("at(2026-12-01T09:00:00)", T));
        assertTrue(ScheduleExpression.parse("at(2026-01-01T00:00:00)").next(T).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "rate(5 fortnights)",
                "rate(0 minutes)",
                "cron(0 9 * * *)",
                "cron(0 9 * * MON *)",
                "cron(0 9 L * ? *)",
                "cron(61 9 * * ? *)",
                "every 5 minutes",
                "at(tomorrow)"
            })
    void nonsenseIsRefused(String expression) {
        assertThrows(IllegalArgumentException.class, () -> ScheduleExpression.parse(expression));
    }
}
