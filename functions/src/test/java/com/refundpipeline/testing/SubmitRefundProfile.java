package com.refundpipeline.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/** Runs the app as the submit-refund Lambda: the export and environment the template gives it. */
public class SubmitRefundProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.funqy.export", "submit-refund");
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(LocalAwsResource.class, Map.of("functions", "SubmitRefundFunction")));
    }
}
