package com.refundpipeline.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** Runs the app as the send-follow-up Lambda, with the template's environment for: SubmitRefundFunction,VerifyEvidenceFunction,IssuePayoutFunction,SendFollowUpFunction. */
public class SendFollowUpProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.funqy.export",
                "send-follow-up",
                "quarkus.arc.selected-alternatives",
                TestClock.class.getName());
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
