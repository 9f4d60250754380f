package com.refundpipeline.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.refundpipeline.domain.Refusal;
import com.refundpipeline.json.Json;
import com.refundpipeline.policy.PolicyDocument;
import com.refundpipeline.policy.PolicyLoader;
import com.refundpipeline.testing.BodyEditor;
import com.refundpipeline.testing.Requests;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The evidence a request may carry is what the store's policy says, and nothing hard-coded besides. */
class RefundRequestValidatorTest {

    private static final PolicyDocument.EvidenceRules DEFAULT =
            PolicyLoader.load("classpath:policy/default.json").document().evidence();
    private static final long MIB = 1024 * 1024;

    @Test
    void aStoreThatRaisesTheSizeLimitGetsLargerEvidenceAccepted() {
        RefundRequestBody body = withPhotoOf(40 * MIB);
        Refusal refused = assertThrows(Refusal.class, () -> RefundRequestValidator.validate(body, DEFAULT));
        assertEquals("evidence[0].bytes", refused.field());
        assertEquals("bytes must be between 1 and " + DEFAULT.maxBytes(), refused.getMessage());

        PolicyDocument.EvidenceRules raised =
                new PolicyDocument.EvidenceRules(DEFAULT.allowedHosts(), 100 * MIB, DEFAULT.contentTypes());
        assertEquals(
                40 * MIB,
                RefundRequestValidator.validate(body, raised).evidence().get(0).bytes());
    }

    @Test
    void aStoreThatLowersTheSizeLimitGetsItEnforcedAtSubmission() {
        PolicyDocument.EvidenceRules lowered =
                new PolicyDocument.EvidenceRules(DEFAULT.allowedHosts(), 1024, DEFAULT.contentTypes());
        Refusal refused =
                assertThrows(Refusal.class, () -> RefundRequestValidator.validate(withPhotoOf(48211), lowered));
        assertEquals(Refusal.Kind.RULE, refused.kind());
        assertEquals("bytes must be between 1 and 1024", refused.getMessage());
    }

    @Test
    void theEvidenceTypesAreThePolicysOwn() {
        PolicyDocument.EvidenceRules photosOnly = new PolicyDocument.EvidenceRules(
                DEFAULT.allowedHosts(),
                DEFAULT.maxBytes(),
                Map.of("photo", Set.of("image/jpeg"), "receipt", Set.of("application/pdf")));
        Refusal refused = assertThrows(
                Refusal.class,
                () -> RefundRequestValidator.validate(
                        Json.read(
                                Requests.damaged("ord_v").replace("\"type\": \"photo\"", "\"type\": \"video\""),
                                RefundRequestBody.class),
                        photosOnly));
        assertEquals("type must be one of [photo, receipt]", refused.getMessage());
        assertEquals("evidence[0].type", refused.field());
    }

    @Test
    void anExchangeSkuGoesWithAnExchangeOfOneWholeLineForAnotherVariant() {
        String damaged = Requests.damaged("ord_x");
        String exchange = BodyEditor.set(damaged, "preferred_resolution", "\"exchange\"");
        assertEquals(
                "TSHIRT-L",
                RefundRequestValidator.validate(
                                Json.read(
                                        BodyEditor.set(exchange, "exchange_sku", "\"TSHIRT-L\""),
                                        RefundRequestBody.class),
                                DEFAULT)
                        .exchangeSku());
        Map<String, String> refusals = Map.of(
                BodyEditor.set(damaged, "exchange_sku", "\"TSHIRT-L\""), "exchange_sku_without_exchange",
                BodyEditor.set(exchange, "exchange_sku", "\"TSHIRT-M\""), "exchange_sku_invalid",
                BodyEditor.set(
                                BodyEditor.set(exchange, "exchange_sku", "\"TSHIRT-L\""),
                                "items[0].refund_percent",
                                "50"),
                        "exchange_needs_one_line",
                BodyEditor.set(exchange, "exchange_sku", "\" \""), "parameter_missing");
        refusals.forEach((json, code) -> {
            Refusal refused = assertThrows(
                    Refusal.class,
                    () -> RefundRequestValidator.validate(Json.read(json, RefundRequestBody.class), DEFAULT));
            assertEquals(code, refused.code(), json);
            assertEquals("exchange_sku", refused.field(), json);
        });
    }

    private static RefundRequestBody withPhotoOf(long bytes) {
        String json = Requests.damaged("ord_v").replace("\"bytes\": 48211", "\"bytes\": " + bytes);
        return Json.read(json, RefundRequestBody.class);
    }

    /** Found by make fuzz (SubmitBodyFuzzTest, SubmitRefundFuzzTest): a refusal repeated a phone or address sent. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource(
            delimiter = '|',
            value = {
                "order.currency         | \"XYZ\"             | XYZ is not an ISO 4217 currency code",
                "order.currency         | \"bob@example.com\" | order.currency is not an ISO 4217 currency code",
                "order.currency         | \"+14155550123\"    | order.currency is not an ISO 4217 currency code",
                "items[0].sku           | \"SHOE-9\"          | sku SHOE-9 is not on order ord_s",
                "items[0].sku           | \"+14155550123\"    | this sku is not on order ord_s",
                "items[0].sku           | \"a@example.com\"   | this sku is not on order ord_s"
            })
    void aRefusalRepeatsOnlyPlainTokensOfWhatWasSent(String field, String value, String message) {
        RefundRequestBody body =
                Json.read(BodyEditor.set(Requests.damaged("ord_s"), field, value), RefundRequestBody.class);
        Refusal refused = assertThrows(Refusal.class, () -> RefundRequestValidator.validate(body, DEFAULT));
        assertEquals(message, refused.getMessage());
        assertEquals(field, refused.field());
    }
}
