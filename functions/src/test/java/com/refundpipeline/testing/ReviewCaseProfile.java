package com.refundpipeline.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * Runs the app as the review-case Lambda, with the template's environment for the functions that bring a case into
 * review (submit-refund, verify-evidence) and review-case itself.
 */
public class ReviewCaseProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        // The test clock tells the real time until a test sets it (the contact log's call hours).
        return Map.of(
                "quarkus.funqy.export", "review-case", "quarkus.arc.selected-alternatives", TestClock.class.getName());
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(
                LocalAwsResource.class,
                Map.of(
                        "functions",
                        "SubmitRefundFunction,VerifyEvidenceFunction,IssuePayoutFunction,ReviewCaseFunction")));
    }
}
