package com.refundpipeline.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the app as the issue-payout Lambda deployed with PaymentProvider=stripe, Stripe being WireMock, and a payout
 * repository whose writes a test can make fail (to stand for a crash between the provider call and the record).
 */
public class IssuePayoutStripeProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.funqy.export", "issue-payout");
    }

    @Override
    public Set<Class<?>> getEnabledAlternatives() {
        return Set.of(FaultyPayoutRepository.class);
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(
                new TestResourceEntry(
                        LocalAwsResource.class,
                        Map.of(
                                "functions", "SubmitRefundFunction,VerifyEvidenceFunction,IssuePayoutFunction",
                                "parameters", "PaymentProvider=stripe,StoreCreditBonusPercent=10")),
                new TestResourceEntry(StripeOnWireMock.class));
    }
}
