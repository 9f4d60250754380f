package com.refundpipeline.testing;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;
import java.util.Map;

/**
 * Runs the app as the tally-figures Lambda, with the template's environment for the functions that take a case to
 * paid and answered (the tests make real case items, whose images they feed the stream function), and the figures
 * store that can be told to fail.
 */
public class TallyFiguresProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "quarkus.funqy.export",
                "tally-figures",
                "quarkus.arc.selected-alternatives",
                FaultyFiguresStore.class.getName());
    }

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(
                LocalAwsResource.class,
                Map.of(
                        "functions",
                        "SubmitRefundFunction,VerifyEvidenceFunction,IssuePayoutFunction,TallyFiguresFunction")));
    }
}
