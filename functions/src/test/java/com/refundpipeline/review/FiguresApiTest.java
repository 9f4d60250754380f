package com.refundpipeline.review;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.refundpipeline.store.FigureKey;
import com.refundpipeline.store.FiguresStore;
import com.refundpipeline.testing.LambdaEvents;
import com.refundpipeline.testing.ReviewCaseProfile;
import com.refundpipeline.testing.SignedIn;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** GET /figures on review-case: rows by reason, SKU, category and day, as JSON and CSV; bad parameters are 400s. */
@QuarkusTest
@TestProfile(ReviewCaseProfile.class)
class FiguresApiTest {

    /** Days no other test writes: the rows here are exactly what this test put. */
    static final String DAY1 = "2031-03-01";

    static final String DAY2 = "2031-03-02";
    static boolean seeded;

    @Inject
    FiguresStore figures;

    @BeforeEach
    void seed() {
        if (seeded) {
            return;
        }
        seeded = true;
        // Day 1: two damaged T-shirt cases paid to the card (fast), one wrong mug declined by a person.
        add(
                DAY1,
                "damaged",
                "*",
                "*",
                "original_payment",
                counters(
                        "requests",
                        2L,
                        "approved",
                        2L,
                        "paid",
                        2L,
                        "decided_auto",
                        2L,
                        "refunded_USD",
                        5998L,
                        "units_requested",
                        2L,
                        "units_refunded",
                        2L,
                        "decision_h00",
                        2L,
                        "money_h00",
                        1L,
                        "money_h05",
                        1L,
                        "csat_answers",
                        2L,
                        "csat_sum",
                        9L,
                        "csat_4",
                        1L,
                        "csat_5",
                        1L));
        add(
                DAY1,
                "damaged",
                "TSHIRT-M",
                "apparel",
                "original_payment",
                counters(
                        "requests",
                        2L,
                        "approved",
                        2L,
                        "paid",
                        2L,
                        "refunded_USD",
                        5998L,
                        "units_requested",
                        2L,
                        "units_refunded",
                        2L,
                        "decision_h00",
                        2L));
        add(
                DAY1,
                "wrong_item",
                "*",
                "*",
                "none",
                counters(
                        "requests",
                        1L,
                        "declined",
                        1L,
                        "decided_manual",
                        1L,
                        "units_requested",
                        1L,
                        "decision_h05",
                        1L,
                        "evidence_requests",
                        1L));
        add(
                DAY1,
                "wrong_item",
                "MUG",
                "kitchen",
                "none",
                counters("requests", 1L, "declined", 1L, "units_requested", 1L));
        // Day 2: a T-shirt bought wrong, still in review.
        add(DAY2, "wrong_item", "*", "*", "none", counters("requests", 1L, "in_review", 1L, "units_requested", 1L));
        add(
                DAY2,
                "wrong_item",
                "TSHIRT-M",
                "apparel",
                "none",
                counters("requests", 1L, "in_review", 1L, "units_requested", 1L));
        figures.recordSales("default", DAY1, "TSHIRT-M", 40);
        figures.recordSales("default", DAY2, "TSHIRT-M", 60);
    }

    static Map<String, Long> counters(Object... pairs) {
        Map<String, Long> counters = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            counters.put((String) pairs[i], ((Number) pairs[i + 1]).longValue());
        }
        return counters;
    }

    void add(String day, String reason, String sku, String category, String resolution, Map<String, Long> c) {
        figures.add(
                "rc_seed",
                day + reason + sku,
                Map.of(new FigureKey("default", day, reason, sku, category, resolution), c),
                java.time.Instant.parse("2031-03-03T00:00:00Z"));
    }

    static Map<?, ?> get(Map<String, String> query, Map<String, String> headers) {
        // Any signed-in person may read the figures; an agent is the least tier.
        String event = SignedIn.as(LambdaEvents.functionUrl("GET", "/figures", query, headers, null), "ana");
        return given().contentType("application/json")
                .body(event)
                .when()
                .post("/_lambda_")
                .then()
                .statusCode(200)
                .extract()
                .as(Map.class);
    }

    static JsonPath json(Map<String, String> query) {
        Map<?, ?> response = get(query, Map.of());
        assertEquals(200, response.get("statusCode"), String.valueOf(response));
        return new JsonPath(String.valueOf(response.get("body")));
    }

    static Map<String, String> range(String by) {
        Map<String, String> q = new LinkedHashMap<>();
        q.put("from", DAY1);
        q.put("to", DAY2);
        q.put("by", by);
        return q;
    }

    @Test
    void byReasonCountsEachCaseOnceWithPercentilesShareAndSatisfaction() {
        JsonPath answer = json(range("reason"));
        assertEquals("reason", answer.getString("by"));
        assertEquals(List.of("damaged", "wrong_item"), answer.getList("rows.reason"));
        assertEquals(2, answer.getInt("rows[0].requests"));
        assertEquals(5998, answer.getInt("rows[0].refunded.USD"));
        assertEquals(1.0, answer.getDouble("rows[0].automatic_share"));
        assertEquals(300, answer.getInt("rows[0].decision_time.p50_seconds"));
        assertEquals(300, answer.getInt("rows[0].time_to_money.p50_seconds"));
        assertEquals(86400, answer.getInt("rows[0].time_to_money.p90_seconds"));
        assertEquals(4.5, answer.getDouble("rows[0].csat.average"));
        assertEquals(4.5, answer.getDouble("rows[0].csat_by_resolution.original_payment.average"));
        assertEquals(2, answer.getInt("rows[1].requests"));
        assertEquals(1, answer.getInt("rows[1].in_review"));
        assertEquals(0.0, answer.getDouble("rows[1].automatic_share"));
        assertNull(answer.get("rows[1].csat.average"));
    }

    @Test
    void bySkuGivesRefundRatesFromTheSalesFeedAndTopReasons() {
        JsonPath answer = json(range("sku"));
        assertEquals(List.of("MUG", "TSHIRT-M"), answer.getList("rows.sku"));
        assertEquals(100, answer.getInt("rows[1].units_sold"));
        assertEquals(0.02, answer.getDouble("rows[1].refund_rate"));
        assertEquals(List.of("damaged", "wrong_item"), answer.getList("rows[1].top_reasons.reason"));
        assertNull(answer.get("rows[0].units_sold"));
        assertNull(answer.get("rows[0].refund_rate"));
        assertTrue(answer.getString("refund_rate").startsWith("units refunded / units sold"));

        Map<String, String> oneDay = range("sku");
        oneDay.put("from", "2031-03-05");
        oneDay.put("to", "2031-03-05");
        assertTrue(json(oneDay).getString("refund_rate").startsWith("unavailable"));
    }

    @Test
    void byCategoryAndByDay() {
        JsonPath byCategory = json(range("category"));
        assertEquals(List.of("apparel", "kitchen"), byCategory.getList("rows.category"));
        assertEquals(3, byCategory.getInt("rows[0].requests"));
        JsonPath byDay = json(range("day"));
        assertEquals(List.of(DAY1, DAY2), byDay.getList("rows.day"));
        assertEquals(3, byDay.getInt("rows[0].requests"));
    }

    @Test
    void theSameRowsAsCsv() {
        Map<String, String> q = range("sku");
        q.put("currency", "USD");
        Map<?, ?> response = get(q, Map.of("Accept", "text/csv"));
        assertEquals(200, response.get("statusCode"));
        assertTrue(String.valueOf(response.get("headers")).contains("text/csv"));
        String[] lines = String.valueOf(response.get("body")).split("\r\n");
        assertEquals(3, lines.length);
        assertTrue(lines[0].startsWith("sku,requests,open,in_review,approved,declined"), lines[0]);
        assertTrue(lines[0].contains("refunded_USD"), lines[0]);
        assertTrue(lines[2].startsWith("TSHIRT-M,3,"), lines[2]);
        assertTrue(lines[2].endsWith(",100,0.02,damaged:2;wrong_item:1"), lines[2]);
        q.put("format", "csv");
        Map<?, ?> again = get(q, Map.of());
        assertEquals(response.get("body"), again.get("body"));
    }

    @ParameterizedTest
    @CsvSource({
        "'',2031-03-02,day,,parameter_missing,from",
        "2031-3-1,2031-03-02,day,,parameter_invalid,from",
        "2031-03-02,2031-03-01,day,,parameter_invalid,to",
        "2030-01-01,2031-03-01,day,,parameter_invalid,to",
        "2031-03-01,2031-03-02,customer,,parameter_invalid,by",
        "2031-03-01,2031-03-02,sku,usd,parameter_invalid,currency"
    })
    void badParametersAre400sNamingTheField(
            String from, String to, String by, String currency, String code, String field) {
        Map<String, String> q = new LinkedHashMap<>();
        if (!from.isEmpty()) {
            q.put("from", from);
        }
        q.put("to", to);
        q.put("by", by);
        if (currency != null) {
            q.put("currency", currency);
        }
        Map<?, ?> response = get(q, Map.of());
        assertEquals(400, response.get("statusCode"));
        JsonPath error = new JsonPath(String.valueOf(response.get("body")));
        assertEquals(code, error.getString("error.code"));
        assertEquals(field, error.getString("error.field"));
    }

    @Test
    void anUnknownParameterIsRefused() {
        Map<String, String> q = range("day");
        q.put("store", "other");
        Map<?, ?> response = get(q, Map.of());
        assertEquals(400, response.get("statusCode"));
        assertEquals("store", new JsonPath(String.valueOf(response.get("body"))).getString("error.field"));
    }
}
