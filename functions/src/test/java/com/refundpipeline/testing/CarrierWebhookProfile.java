package com.refundpipeline.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** Runs the app as the carrier-webhook Lambda; submit and verify make the cases whose parcels it tracks. */
public class CarrierWebhookProfile implements QuarkusTestProfile {

    public static final String WEBHOOK_SECRET = "easypost_webhook_test_0123456789";
    public static final String STORE_SECRET = "store_webhook_test_0123456789";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.funqy.export",
                "carrier-webhook",
                "refunds.returns.easypost-webhook-secret",
                WEBHOOK_SECRET,
                "refunds.store.webhook-secret",
                STORE_SECRET);
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(
                LocalAwsResource.class,
                Map.of("functions", "SubmitRefundFunction,VerifyEvidenceFunction,CarrierWebhookFunction")));
    }
}
