package com.refundpipeline.submit;

import static com.refundpipeline.testing.BodyEditor.set;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.refundpipeline.testing.LambdaEvents;
import com.refundpipeline.testing.LocalAws;
import com.refundpipeline.testing.Requests;
import com.refundpipeline.testing.SubmitRefundProfile;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Every refusal names its status, code and field, and leaves nothing written and nothing sent. */
@QuarkusTest
@TestProfile(SubmitRefundProfile.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputTest {

    static final String ORDER = "ord_bad_input";
    static final String GOOD = Requests.damaged(ORDER);
    static final String JSON = "application/json";

    @Inject
    LocalAws aws;

    @BeforeAll
    void ordersWithHistory() {
        // An order already refunded in full, and one refunded before in another currency.
        aws.putLedger("ord_refunded", "USD", 5998, 5998);
        aws.putLedger("ord_in_eur", "EUR", 5998, 0);
        // Both T-shirts of this one were refunded; a cent of the capture is still unclaimed.
        aws.putLedger("ord_units_refunded", "USD", 5998, 5997);
        aws.dynamo()
                .updateItem(u -> u.tableName(LocalAws.table("OrderLedgerTable"))
                        .key(Map.of("order_id", AttributeValue.fromS("ord_units_refunded")))
                        .updateExpression("SET #u = :two")
                        .expressionAttributeNames(Map.of("#u", "units:TSHIRT-M"))
                        .expressionAttributeValues(Map.of(":two", AttributeValue.fromN("2"))));
    }

    static Stream<Arguments> refusals() {
        String big = "{\"note\": \"" + "x".repeat(70 * 1024) + "\"}";
        return Stream.of(
                row("no Idempotency-Key header", null, JSON, GOOD, 400, "idempotency_key_missing", "Idempotency-Key"),
                row("empty Idempotency-Key", "", JSON, GOOD, 400, "idempotency_key_invalid", "Idempotency-Key"),
                row(
                        "Idempotency-Key of 256 characters",
                        "k".repeat(256),
                        JSON,
                        GOOD,
                        400,
                        "idempotency_key_invalid",
                        "Idempotency-Key"),
                row(
                        "Idempotency-Key with a control character",
                        "key\u0007",
                        JSON,
                        GOOD,
                        400,
                        "idempotency_key_invalid",
                        "Idempotency-Key"),
                row(
                        "Idempotency-Key outside ASCII",
                        "ключ-1",
                        JSON,
                        GOOD,
                        400,
                        "idempotency_key_invalid",
                        "Idempotency-Key"),
                row("no content type", "k", null, GOOD, 415, "unsupported_media_type", null),
                row("text/plain", "k", "text/plain", GOOD, 415, "unsupported_media_type", null),
                row("body over 64 KiB", "k", JSON, big, 413, "body_too_large", null),
                row("truncated JSON", "k", JSON, GOOD.substring(0, GOOD.length() / 2), 400, "invalid_json", null),
                row("empty body", "k", JSON, "", 400, "invalid_json", null),
                row("a JSON array", "k", JSON, "[" + GOOD + "]", 400, "invalid_json", null),
                row("trailing garbage", "k", JSON, GOOD + " }", 400, "invalid_json", null),
                row("not JSON at all", "k", JSON, "order=ord_1&reason=damaged", 400, "invalid_json", null),
                row("order missing", "k", JSON, set(GOOD, "order", null), 400, "parameter_missing", "order"),
                row("order id missing", "k", JSON, set(GOOD, "order.id", null), 400, "parameter_missing", "order.id"),
                row("order id blank", "k", JSON, set(GOOD, "order.id", "\"  \""), 400, "parameter_missing", "order.id"),
                row(
                        "captured amount as a string",
                        "k",
                        JSON,
                        set(GOOD, "order.captured_amount", "\"5998\""),
                        400,
                        "parameter_invalid",
                        "order.captured_amount"),
                row(
                        "captured amount with decimals",
                        "k",
                        JSON,
                        set(GOOD, "order.captured_amount", "59.98"),
                        400,
                        "parameter_invalid",
                        "order.captured_amount"),
                row(
                        "captured amount beyond 64 bits",
                        "k",
                        JSON,
                        set(GOOD, "order.captured_amount", "99999999999999999999999"),
                        400,
                        "parameter_invalid",
                        "order.captured_amount"),
                row(
                        "captured amount negative",
                        "k",
                        JSON,
                        set(GOOD, "order.captured_amount", "-1"),
                        422,
                        "amount_invalid",
                        "order.captured_amount"),
                row(
                        "unit amount negative",
                        "k",
                        JSON,
                        set(GOOD, "order.lines[0].unit_amount", "-2999"),
                        422,
                        "amount_invalid",
                        "order.lines[0].unit_amount"),
                row(
                        "unit amount so large the total overflows",
                        "k",
                        JSON,
                        set(set(GOOD, "order.lines[0].unit_amount", "9223372036854775807"), "items[0].quantity", "2"),
                        422,
                        "amount_invalid",
                        "items"),
                row(
                        "unknown currency",
                        "k",
                        JSON,
                        set(GOOD, "order.currency", "\"XYZ\""),
                        422,
                        "currency_unknown",
                        "order.currency"),
                row(
                        "lower-case currency",
                        "k",
                        JSON,
                        set(GOOD, "order.currency", "\"usd\""),
                        422,
                        "currency_unknown",
                        "order.currency"),
                row(
                        "zero quantity",
                        "k",
                        JSON,
                        set(GOOD, "items[0].quantity", "0"),
                        422,
                        "quantity_invalid",
                        "items[0].quantity"),
                row(
                        "negative quantity",
                        "k",
                        JSON,
                        set(GOOD, "items[0].quantity", "-1"),
                        422,
                        "quantity_invalid",
                        "items[0].quantity"),
                row(
                        "more than was ordered",
                        "k",
                        JSON,
                        set(GOOD, "items[0].quantity", "3"),
                        422,
                        "quantity_exceeds_order",
                        "items[0].quantity"),
                row(
                        "sku not on the order",
                        "k",
                        JSON,
                        set(GOOD, "items[0].sku", "\"HAT-L\""),
                        422,
                        "sku_not_in_order",
                        "items[0].sku"),
                row(
                        "unicode sku not on the order",
                        "k",
                        JSON,
                        set(GOOD, "items[0].sku", "\"T恤-中\""),
                        422,
                        "sku_not_in_order",
                        "items[0].sku"),
                row("no items", "k", JSON, set(GOOD, "items", "[]"), 422, "parameter_invalid", "items"),
                row("a null item", "k", JSON, set(GOOD, "items[0]", "null"), 400, "parameter_missing", "items[0]"),
                row(
                        "no order lines",
                        "k",
                        JSON,
                        set(GOOD, "order.lines", "[]"),
                        422,
                        "parameter_invalid",
                        "order.lines"),
                row("unknown reason", "k", JSON, set(GOOD, "reason", "\"broken\""), 422, "reason_unknown", "reason"),
                row("reason missing", "k", JSON, set(GOOD, "reason", null), 400, "parameter_missing", "reason"),
                row("reason as a number", "k", JSON, set(GOOD, "reason", "7"), 400, "parameter_invalid", "reason"),
                row(
                        "a misspelt field",
                        "k",
                        JSON,
                        set(GOOD, "reson", "\"damaged\""),
                        400,
                        "parameter_unknown",
                        "reson"),
                row(
                        "unknown payout method",
                        "k",
                        JSON,
                        set(GOOD, "preferred_method", "\"cash\""),
                        422,
                        "method_unknown",
                        "preferred_method"),
                row(
                        "evidence over plain http",
                        "k",
                        JSON,
                        set(GOOD, "evidence[0].url", "\"http://evidence.example/1.jpg\""),
                        422,
                        "evidence_invalid",
                        "evidence[0].url"),
                row(
                        "evidence of zero bytes",
                        "k",
                        JSON,
                        set(GOOD, "evidence[0].bytes", "0"),
                        422,
                        "evidence_invalid",
                        "evidence[0].bytes"),
                row(
                        "a date that is not a date",
                        "k",
                        JSON,
                        set(GOOD, "order.placed_at", "\"yesterday\""),
                        400,
                        "parameter_invalid",
                        "order.placed_at"),
                row(
                        "unknown shipment status",
                        "k",
                        JSON,
                        set(GOOD, "order.shipment_status", "\"lost\""),
                        422,
                        "shipment_status_unknown",
                        "order.shipment_status"),
                row("customer missing", "k", JSON, set(GOOD, "customer", null), 400, "parameter_missing", "customer"),
                row(
                        "unknown time zone",
                        "k",
                        JSON,
                        set(GOOD, "customer.time_zone", "\"Mars/Olympus\""),
                        422,
                        "parameter_invalid",
                        "customer.time_zone"),
                row(
                        "sms without a phone",
                        "k",
                        JSON,
                        set(set(GOOD, "customer.channel", "\"sms\""), "customer.phone", null),
                        400,
                        "parameter_missing",
                        "customer.phone"),
                row(
                        "an order already refunded in full",
                        "k-refunded",
                        JSON,
                        set(GOOD, "order.id", "\"ord_refunded\""),
                        422,
                        "amount_exceeds_refundable",
                        "items"),
                row(
                        "an order refunded before in another currency",
                        "k-eur",
                        JSON,
                        set(GOOD, "order.id", "\"ord_in_eur\""),
                        422,
                        "currency_mismatch",
                        "order.currency"),
                row(
                        "more than was captured",
                        "k",
                        JSON,
                        set(GOOD, "order.captured_amount", "100"),
                        422,
                        "amount_exceeds_captured",
                        "items"),
                // The order's optional amounts and the partial-refund fields of an item.
                row(
                        "discount negative",
                        "k",
                        JSON,
                        set(GOOD, "order.discount_amount", "-1"),
                        422,
                        "amount_invalid",
                        "order.discount_amount"),
                row(
                        "tax negative",
                        "k",
                        JSON,
                        set(GOOD, "order.tax_amount", "-5"),
                        422,
                        "amount_invalid",
                        "order.tax_amount"),
                row(
                        "shipping negative",
                        "k",
                        JSON,
                        set(GOOD, "order.shipping_amount", "-499"),
                        422,
                        "amount_invalid",
                        "order.shipping_amount"),
                row(
                        "tax as a string",
                        "k",
                        JSON,
                        set(GOOD, "order.tax_amount", "\"5\""),
                        400,
                        "parameter_invalid",
                        "order.tax_amount"),
                row(
                        "shipping with decimals",
                        "k",
                        JSON,
                        set(GOOD, "order.shipping_amount", "4.99"),
                        400,
                        "parameter_invalid",
                        "order.shipping_amount"),
                row(
                        "discount above the lines' worth",
                        "k",
                        JSON,
                        set(GOOD, "order.discount_amount", "5999"),
                        422,
                        "discount_exceeds_order",
                        "order.discount_amount"),
                row(
                        "tax and shipping past what was captured",
                        "k",
                        JSON,
                        set(set(GOOD, "order.tax_amount", "600"), "items[0].quantity", "2"),
                        422,
                        "amount_exceeds_captured",
                        "items"),
                row(
                        "refund percent of zero",
                        "k",
                        JSON,
                        set(GOOD, "items[0].refund_percent", "0"),
                        422,
                        "percent_invalid",
                        "items[0].refund_percent"),
                row(
                        "refund percent over 100",
                        "k",
                        JSON,
                        set(GOOD, "items[0].refund_percent", "101"),
                        422,
                        "percent_invalid",
                        "items[0].refund_percent"),
                row(
                        "refund percent with decimals",
                        "k",
                        JSON,
                        set(GOOD, "items[0].refund_percent", "30.5"),
                        400,
                        "parameter_invalid",
                        "items[0].refund_percent"),
                row(
                        "refund amount of zero",
                        "k",
                        JSON,
                        set(GOOD, "items[0].refund_amount", "0"),
                        422,
                        "amount_invalid",
                        "items[0].refund_amount"),
                row(
                        "refund amount above the item",
                        "k",
                        JSON,
                        set(GOOD, "items[0].refund_amount", "3000"),
                        422,
                        "amount_exceeds_item",
                        "items[0].refund_amount"),
                row(
                        "refund percent and amount together",
                        "k",
                        JSON,
                        set(set(GOOD, "items[0].refund_percent", "30"), "items[0].refund_amount", "500"),
                        422,
                        "parameter_invalid",
                        "items[0].refund_amount"),
                row(
                        "units already refunded",
                        "k-units",
                        JSON,
                        set(GOOD, "order.id", "\"ord_units_refunded\""),
                        422,
                        "quantity_exceeds_refundable",
                        "items[0].quantity"));
    }

    static Arguments row(
            String name, String key, String contentType, String body, int status, String code, String field) {
        return Arguments.of(name, key, contentType, body, status, code, field);
    }

    @ParameterizedTest(name = "{0} -> {4} {5}")
    @MethodSource("refusals")
    void isRefusedAndChangesNothing(
            String name, String key, String contentType, String body, int status, String code, String field) {
        long casesBefore = aws.caseCount();
        long messagesBefore = aws.messagesWaiting(aws.verifyQueue()) + aws.messagesWaiting(aws.followUpQueue());
        Map<String, String> headers = new HashMap<>();
        if (key != null) {
            headers.put("idempotency-key", key);
        }
        if (contentType != null) {
            headers.put("content-type", contentType);
        }
        JsonPath response = SubmitRefundFunctionTest.body(
                SubmitRefundFunctionTest.invoke(LambdaEvents.functionUrl("POST", "/refunds", headers, body))
                        .body("statusCode", org.hamcrest.Matchers.equalTo(status)));

        assertEquals(code, response.getString("error.code"));
        assertEquals(field, response.getString("error.field"));
        org.junit.jupiter.api.Assertions.assertFalse(
                response.getString("error.message").isBlank());
        assertEquals(casesBefore, aws.caseCount(), "no case written");
        assertEquals(
                messagesBefore,
                aws.messagesWaiting(aws.verifyQueue()) + aws.messagesWaiting(aws.followUpQueue()),
                "nothing sent");
    }

    @Test
    void unknownRoutesAre404() {
        JsonPath response = SubmitRefundFunctionTest.body(SubmitRefundFunctionTest.invoke(
                        LambdaEvents.functionUrl("POST", "/payouts", Map.of("content-type", JSON), GOOD))
                .body("statusCode", org.hamcrest.Matchers.equalTo(404)));
        assertEquals("route_not_found", response.getString("error.code"));
    }
}
