package com.refundpipeline.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** Runs the app as the submit-refund Lambda, with the template's environment for: SubmitRefundFunction,VerifyEvidenceFunction,IssuePayoutFunction,SendFollowUpFunction. */
public class ChainProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.funqy.export", "submit-refund");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(
                new TestResourceEntry(WireMockAws.class),
                new TestResourceEntry(
                        LocalAwsResource.class,
                        Map.of(
                                "functions",
                                "SubmitRefundFunction,VerifyEvidenceFunction,IssuePayoutFunction,SendFollowUpFunction")));
    }
}
