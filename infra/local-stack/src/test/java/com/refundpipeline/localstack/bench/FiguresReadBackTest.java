package com.refundpipeline.localstack.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bench's "Figures read back": money as a person reads it, and a count that does not match is a failed check. */
class FiguresReadBackTest {

    @Test
    void amountsKeptInMinorUnitsAreShownInMajorUnitsWithTheirCurrency() {
        assertEquals("12.34 USD", FiguresReadBack.majorUnits("USD", 1234));
        assertEquals("599800.00 EUR", FiguresReadBack.majorUnits("EUR", 59_980_000));
        assertEquals("500 JPY", FiguresReadBack.majorUnits("JPY", 500));
        assertEquals("1.000 KWD", FiguresReadBack.majorUnits("KWD", 1000));
    }

    @Test
    void theRowsAreShownAndAMismatchedCountIsAFailedCheck() {
        String md = new Report(Map.of()).figuresMarkdown(figures(7, 8));
        assertTrue(md.contains("| damaged | 7 | 7 | 7 | 209.93 USD | 300 / 900 | 900 / 3600 |"), md);
        assertTrue(md.contains("| 2026-11-30 | 7 |"), md);
        assertTrue(md.contains("| requests counted = cases the bench submitted | 7 = 8: **failed** |"), md);
    }

    @Test
    void aMatchingCountIsShownAsOk() {
        String md = new Report(Map.of()).figuresMarkdown(figures(7, 7));
        assertTrue(md.contains("| requests counted = cases the bench submitted | 7 = 7: ok |"), md);
    }

    private static Map<String, Object> figures(long counted, long submitted) {
        Map<String, Object> reason = row("reason", "damaged", counted);
        Map<String, Object> day = row("day", "2026-11-30", counted);
        Map<String, Object> f = new LinkedHashMap<>();
        f.put("from", "2026-11-01");
        f.put("to", "2026-11-30");
        f.put("time_zone", "UTC");
        f.put("signed_in_as", "fin");
        f.put("stream_drained", true);
        f.put("by_reason", Map.of("status", 200, "rows", List.of(reason)));
        f.put("by_day", Map.of("status", 200, "rows", List.of(day)));
        f.put("requests_counted", counted);
        f.put("cases_submitted", submitted);
        f.put("requests_match", counted == submitted);
        return f;
    }

    private static Map<String, Object> row(String by, String key, long requests) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put(by, key);
        r.put("requests", requests);
        r.put("approved", requests);
        r.put("paid", requests);
        r.put("refunded", FiguresReadBack.majorUnits("USD", 2999 * requests));
        r.put("decision_p50_s", 300L);
        r.put("decision_p90_s", 900L);
        r.put("money_p50_s", 900L);
        r.put("money_p90_s", 3600L);
        return r;
    }
}
