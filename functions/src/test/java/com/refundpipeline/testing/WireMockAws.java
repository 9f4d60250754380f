package com.refundpipeline.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Amazon SES v2 and SNS at their HTTP boundary, for the functions that send: the channels' endpoints point here, and
 * by default both accept every message with the answers their APIs document.
 */
public class WireMockAws implements QuarkusTestResourceLifecycleManager {

    private static WireMockServer server;

    public static WireMockServer server() {
        return server;
    }

    /** Back to accepting everything, with no requests remembered. */
    public static void acceptAll() {
        server.resetAll();
        server.stubFor(post(urlEqualTo("/v2/email/outbound-emails"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"MessageId\":\"{{randomValue type='UUID'}}\"}")
                        .withTransformers("response-template")));
        server.stubFor(post(urlEqualTo("/"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/xml")
                        .withBody("<PublishResponse xmlns=\"https://sns.amazonaws.com/doc/2010-03-31/\"><PublishResult>"
                                + "<MessageId>{{randomValue type='UUID'}}</MessageId></PublishResult><ResponseMetadata>"
                                + "<RequestId>f187a3c1-376f-11df-8963-01868b7c937a</RequestId></ResponseMetadata>"
                                + "</PublishResponse>")
                        .withTransformers("response-template")));
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(
                options().dynamicPort().templatingEnabled(true).globalTemplating(false));
        server.start();
        acceptAll();
        return Map.of(
                "refunds.followup.ses-endpoint", server.baseUrl(), "refunds.followup.sns-endpoint", server.baseUrl());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
