package com.refundpipeline.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** Runs the app as the issue-payout Lambda, with the template's environment for: SubmitRefundFunction,VerifyEvidenceFunction,IssuePayoutFunction. */
public class IssuePayoutProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.funqy.export", "issue-payout");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(
                LocalAwsResource.class,
                Map.of("functions", "SubmitRefundFunction,VerifyEvidenceFunction,IssuePayoutFunction")));
    }
}
