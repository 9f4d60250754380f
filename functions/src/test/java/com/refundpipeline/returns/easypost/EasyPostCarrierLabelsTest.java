package com.refundpipeline.returns.easypost;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.refundpipeline.domain.ReturnLabel;
import com.refundpipeline.returns.CarrierLabels;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The EasyPost adapter against WireMock answering with the shapes of EasyPost's API reference (Shipment, Rate). */
class EasyPostCarrierLabelsTest {

    static final String KEY = "EZTK_test_wiremock";
    static WireMockServer easypost;
    EasyPostCarrierLabels labels;

    static final String OUTBOUND = """
            {"id": "shp_out1", "object": "Shipment", "mode": "test",
             "to_address": {"id": "adr_customer", "object": "Address", "city": "Redondo Beach", "country": "US"},
             "from_address": {"id": "adr_store", "object": "Address", "city": "San Francisco", "country": "US"},
             "parcel": {"id": "prcl_1", "object": "Parcel", "weight": 15.4},
             "tracking_code": "9400100000000000000001", "is_return": false}""";

    static final String CREATED = """
            {"id": "shp_ret1", "object": "Shipment", "mode": "test", "is_return": true, "reference": "rc_1",
             "rates": [
               {"id": "rate_priority", "object": "Rate", "carrier": "USPS", "service": "Priority", "rate": "9.40",
                "currency": "USD", "shipment_id": "shp_ret1"},
               {"id": "rate_ground", "object": "Rate", "carrier": "USPS", "service": "GroundAdvantage",
                "rate": "6.07", "currency": "USD", "shipment_id": "shp_ret1"},
               {"id": "rate_express", "object": "Rate", "carrier": "USPS", "service": "Express", "rate": "31.25",
                "currency": "USD", "shipment_id": "shp_ret1"}],
             "postage_label": null, "tracking_code": null}""";

    static final String BOUGHT = """
            {"id": "shp_ret1", "object": "Shipment", "mode": "test", "is_return": true,
             "selected_rate": {"id": "rate_ground", "object": "Rate", "carrier": "USPS",
                               "service": "GroundAdvantage", "rate": "6.07", "currency": "USD"},
             "postage_label": {"id": "pl_1", "object": "PostageLabel", "label_file_type": "image/png",
                               "label_url": "https://easypost-files.s3.amazonaws.com/files/postage_label/ret1.png"},
             "tracking_code": "9434600208303110000001",
             "tracker": {"id": "trk_1", "object": "Tracker", "tracking_code": "9434600208303110000001",
                         "status": "pre_transit"}}""";

    @BeforeAll
    static void start() {
        easypost = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
        easypost.start();
    }

    @AfterAll
    static void stop() {
        easypost.stop();
    }

    @BeforeEach
    void reset() {
        easypost.resetAll();
        labels = new EasyPostCarrierLabels(easypost.baseUrl(), () -> KEY, Duration.ofSeconds(10));
    }

    static CarrierLabels.LabelRequest request(String shipment) {
        return new CarrierLabels.LabelRequest("rc_1", "ord_1", shipment);
    }

    void stubHappyPath() {
        easypost.stubFor(get(urlPathEqualTo("/v2/shipments/shp_out1"))
                .willReturn(aResponse().withStatus(200).withBody(OUTBOUND)));
        easypost.stubFor(post(urlPathEqualTo("/v2/shipments"))
                .willReturn(aResponse().withStatus(201).withBody(CREATED)));
        easypost.stubFor(post(urlPathEqualTo("/v2/shipments/shp_ret1/buy"))
                .willReturn(aResponse().withStatus(200).withBody(BOUGHT)));
    }

    @Test
    void reversesTheOutboundShipmentAndBuysTheLowestRate() {
        stubHappyPath();
        ReturnLabel label = labels.buy(request("shp_out1"));

        assertEquals("USPS", label.carrier());
        assertEquals("9434600208303110000001", label.trackingCode());
        assertEquals("https://easypost-files.s3.amazonaws.com/files/postage_label/ret1.png", label.labelUrl());
        assertEquals(607, label.cost());
        assertEquals("USD", label.currency());

        String basic = "Basic " + Base64.getEncoder().encodeToString((KEY + ":").getBytes(StandardCharsets.UTF_8));
        easypost.verify(
                getRequestedFor(urlPathEqualTo("/v2/shipments/shp_out1")).withHeader("Authorization", equalTo(basic)));
        // The same addresses and parcel, flagged as a return: EasyPost swaps the addresses itself.
        easypost.verify(postRequestedFor(urlPathEqualTo("/v2/shipments"))
                .withHeader("Authorization", equalTo(basic))
                .withRequestBody(equalToJson("""
                        {"shipment": {"to_address": {"id": "adr_customer"}, "from_address": {"id": "adr_store"},
                                      "parcel": {"id": "prcl_1"}, "is_return": true, "reference": "rc_1"}}""")));
        easypost.verify(postRequestedFor(urlPathEqualTo("/v2/shipments/shp_ret1/buy"))
                .withRequestBody(equalToJson("{\"rate\": {\"id\": \"rate_ground\"}}")));
    }

    @Test
    void busyOrBrokenIsRetryableAndARefusalIsNot() {
        easypost.stubFor(get(urlPathEqualTo("/v2/shipments/shp_out1"))
                .willReturn(aResponse().withStatus(200).withBody(OUTBOUND)));
        easypost.stubFor(post(urlPathEqualTo("/v2/shipments"))
                .willReturn(aResponse()
                        .withStatus(429)
                        .withBody("{\"error\": {\"code\": \"RATE_LIMITED\", \"message\": \"slow down\"}}")));
        CarrierLabels.CarrierException busy =
                assertThrows(CarrierLabels.CarrierException.class, () -> labels.buy(request("shp_out1")));
        assertTrue(busy.retryable());

        easypost.stubFor(post(urlPathEqualTo("/v2/shipments"))
                .willReturn(aResponse().withStatus(503).withBody("<html>busy</html>")));
        assertTrue(assertThrows(CarrierLabels.CarrierException.class, () -> labels.buy(request("shp_out1")))
                .retryable());

        easypost.stubFor(post(urlPathEqualTo("/v2/shipments"))
                .willReturn(aResponse()
                        .withStatus(422)
                        .withBody("{\"error\": {\"code\": \"ADDRESS.VERIFY.FAILURE\", \"message\": \"bad\","
                                + " \"errors\": []}}")));
        CarrierLabels.CarrierException refused =
                assertThrows(CarrierLabels.CarrierException.class, () -> labels.buy(request("shp_out1")));
        assertFalse(refused.retryable());
        assertTrue(refused.getMessage().contains("ADDRESS.VERIFY.FAILURE"), refused.getMessage());
        // Nothing was bought on any of these.
        easypost.verify(0, postRequestedFor(urlPathEqualTo("/v2/shipments/shp_ret1/buy")));
    }

    @Test
    void withoutAnOutboundShipmentOrARateNoLabelIsBought() {
        assertFalse(assertThrows(CarrierLabels.CarrierException.class, () -> labels.buy(request(null)))
                .retryable());
        easypost.stubFor(get(urlPathEqualTo("/v2/shipments/shp_out1"))
                .willReturn(aResponse().withStatus(200).withBody(OUTBOUND)));
        easypost.stubFor(post(urlPathEqualTo("/v2/shipments"))
                .willReturn(aResponse().withStatus(201).withBody("{\"id\": \"shp_ret1\", \"rates\": []}")));
        assertFalse(assertThrows(CarrierLabels.CarrierException.class, () -> labels.buy(request("shp_out1")))
                .retryable());
        assertEquals(
                0,
                easypost.countRequestsMatching(postRequestedFor(urlPathEqualTo("/v2/shipments/shp_ret1/buy"))
                                .build())
                        .getCount());
    }

    @Test
    void ratesBecomeMinorUnitsOfTheirCurrency() {
        assertEquals(607, EasyPostCarrierLabels.minorUnits("6.07", "USD"));
        assertEquals(1200, EasyPostCarrierLabels.minorUnits("12", "EUR"));
        assertEquals(850, EasyPostCarrierLabels.minorUnits("850", "JPY"));
    }
}
