package com.refundpipeline.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** Runs the app as the payout-webhook Lambda, with Stripe on WireMock to make payouts pending first. */
public class PayoutWebhookProfile implements QuarkusTestProfile {

    public static final String WEBHOOK_SECRET = "whsec_test_0123456789abcdef";

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.funqy.export", "payout-webhook", "refunds.payment.stripe-webhook-secret", WEBHOOK_SECRET);
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(
                new TestResourceEntry(
                        LocalAwsResource.class,
                        Map.of(
                                "functions",
                                "SubmitRefundFunction,VerifyEvidenceFunction,IssuePayoutFunction,"
                                        + "PayoutWebhookFunction",
                                "parameters",
                                "PaymentProvider=stripe")),
                new TestResourceEntry(StripeOnWireMock.class));
    }
}
