package com.refundpipeline.testing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Amazon SES v2, SNS and EventBridge's PutEvents at their HTTP boundary, for the functions that send: the endpoints
 * point here, and by default all accept every message with the answers their APIs document.
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
        // EventBridge PutEvents (AWS JSON 1.1): one entry in, its event id out.
        server.stubFor(post(urlEqualTo("/"))
                .atPriority(1)
                .withHeader("X-Amz-Target", equalTo("AWSEvents.PutEvents"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/x-amz-json-1.1")
                        .withBody(
                                "{\"FailedEntryCount\":0,\"Entries\":[{\"EventId\":\"{{randomValue type='UUID'}}\"}]}")
                        .withTransformers("response-template")));
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(
                options().dynamicPort().templatingEnabled(true).globalTemplating(false));
        server.start();
        acceptAll();
        return Map.of(
                "refunds.followup.ses-endpoint",
                server.baseUrl(),
                "refunds.followup.sns-endpoint",
                server.baseUrl(),
                "refunds.store.events-endpoint",
                server.baseUrl());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
