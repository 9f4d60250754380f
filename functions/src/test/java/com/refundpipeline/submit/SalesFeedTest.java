package com.refundpipeline.submit;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.refundpipeline.store.FiguresStore;
import com.refundpipeline.testing.LambdaEvents;
import com.refundpipeline.testing.SubmitRefundProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** POST /sales on submit-refund: the store's units sold per SKU and day, which the figures turn into refund rates. */
@QuarkusTest
@TestProfile(SubmitRefundProfile.class)
class SalesFeedTest {

    @Inject
    FiguresStore figures;

    static Map<?, ?> post(String body) {
        String event = LambdaEvents.functionUrl("POST", "/sales", Map.of("content-type", "application/json"), body);
        return given().contentType("application/json")
                .body(event)
                .when()
                .post("/_lambda_")
                .then()
                .statusCode(200)
                .extract()
                .as(Map.class);
    }

    @Test
    void aDaysSalesAreRecordedAndAResendReplacesThem() {
        Map<?, ?> answer = post("""
                {"day": "2031-04-01", "lines": [{"sku": "TSHIRT-M", "units_sold": 120}, {"sku": "MUG", "units_sold": 7}]}""");
        assertEquals(200, answer.get("statusCode"), String.valueOf(answer));
        assertEquals(2, new JsonPath(String.valueOf(answer.get("body"))).getInt("skus"));
        post("""
                {"day": "2031-04-01", "lines": [{"sku": "TSHIRT-M", "units_sold": 125}]}""");
        assertEquals(Map.of("TSHIRT-M", 125L, "MUG", 7L), figures.sales("default", "2031-04-01"));
    }

    @Test
    void badSalesAreRefusedNamingTheField() {
        for (String[] c : new String[][] {
            {"{\"lines\": [{\"sku\": \"A\", \"units_sold\": 1}]}", "400", "day"},
            {"{\"day\": \"01/04/2031\", \"lines\": [{\"sku\": \"A\", \"units_sold\": 1}]}", "422", "day"},
            {"{\"day\": \"2031-04-01\", \"lines\": []}", "400", "lines"},
            {"{\"day\": \"2031-04-01\", \"lines\": [{\"sku\": \"A#B\", \"units_sold\": 1}]}", "422", "lines[0].sku"},
            {
                "{\"day\": \"2031-04-01\", \"lines\": [{\"sku\": \"A\", \"units_sold\": -1}]}",
                "422",
                "lines[0].units_sold"
            }
        }) {
            Map<?, ?> answer = post(c[0]);
            assertEquals(Integer.parseInt(c[1]), answer.get("statusCode"), c[0]);
            assertEquals(c[2], new JsonPath(String.valueOf(answer.get("body"))).getString("error.field"), c[0]);
        }
    }
}
