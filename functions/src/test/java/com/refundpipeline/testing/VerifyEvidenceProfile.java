package com.refundpipeline.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** Runs the app as the verify-evidence Lambda, with the template's environment for: SubmitRefundFunction,VerifyEvidenceFunction. */
public class VerifyEvidenceProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.funqy.export", "verify-evidence");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(
                LocalAwsResource.class, Map.of("functions", "SubmitRefundFunction,VerifyEvidenceFunction")));
    }
}
