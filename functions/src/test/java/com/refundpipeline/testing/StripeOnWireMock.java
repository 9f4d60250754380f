package com.refundpipeline.testing;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/**
 * Stripe's API as WireMock on this machine: the function under test is given its address and a test key, the way
 * a deployment is given the real ones. Tests stub it and read its request journal through {@link #server()}.
 */
public class StripeOnWireMock implements QuarkusTestResourceLifecycleManager {

    public static final String SECRET_KEY = "sk_test_wiremock";
    private static volatile WireMockServer server;

    public static WireMockServer server() {
        return server;
    }

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(wireMockConfig()
                .dynamicPort()
                .bindAddress("127.0.0.1")
                .containerThreads(30)
                .jettyAcceptors(2));
        server.start();
        return Map.of(
                "refunds.payment.stripe-api-base",
                server.baseUrl(),
                "refunds.payment.stripe-secret-key",
                SECRET_KEY,
                // Short, so a test can wait out a timeout; long enough for WireMock's first, slow answer.
                "refunds.payment.stripe-timeout",
                "PT4S");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
