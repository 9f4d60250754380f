package com.refundpipeline.submit;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.refundpipeline.domain.Refusal;
import com.refundpipeline.fuzz.ContactDetails;
import com.refundpipeline.fuzz.FunctionUrlRequests;
import com.refundpipeline.fuzz.FuzzInput;
import com.refundpipeline.fuzz.JsonMutator;
import com.refundpipeline.fuzz.Refusals;
import com.refundpipeline.fuzz.ShortRun;
import com.refundpipeline.http.ApiException;
import com.refundpipeline.http.FunctionUrlRequest;
import com.refundpipeline.http.JsonBodies;
import com.refundpipeline.json.Json;
import com.refundpipeline.policy.PolicyDocument;
import com.refundpipeline.policy.PolicyLoader;
import com.refundpipeline.testing.Requests;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The submit-refund body parser (JsonBodies into RefundRequestBody, then RefundRequestValidator), and the evidence
 * addition's: any bytes either give a valid request or a 4xx refusal with a code (and the field where there is
 * one), never another exception; no refusal repeats the customer's contact details. The function-level target (what
 * is written and sent) is SubmitRefundFuzzTest.
 */
class SubmitBodyFuzzTest {

    static final String SEED = Requests.damaged("ord_fuzz");
    static final PolicyDocument.EvidenceRules EVIDENCE =
            PolicyLoader.load("classpath:policy/default.json").document().evidence();

    @FuzzTest(maxDuration = "20m")
    void submitBody(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        String body = in.nextInt(10) == 0 ? in.restAsString() : JsonMutator.mutate(SEED, in);
        FunctionUrlRequest request = FunctionUrlRequests.post("/refunds", body, in, Map.of());
        try {
            RefundRequestValidator.validate(JsonBodies.read(request, RefundRequestBody.class), EVIDENCE);
        } catch (Refusal refused) {
            ContactDetails.assertNone(
                    "refusal",
                    Json.write(com.refundpipeline.http.ApiError.of(Refusals.check(refused))),
                    "a@example.com",
                    "+8613800000000");
        } catch (ApiException refused) {
            Refusals.check(refused);
        }
    }

    @FuzzTest(maxDuration = "20m")
    void evidenceBody(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        String seed = "{\"evidence\": [" + Requests.PHOTO + "], \"note\": \"here it is\"}";
        String body = in.nextInt(10) == 0 ? in.restAsString() : JsonMutator.mutate(seed, in);
        try {
            RefundRequestBody.EvidenceAddition addition = JsonBodies.read(
                    FunctionUrlRequests.post("/refunds/rc_00000000000000000000/evidence", body, in, Map.of()),
                    RefundRequestBody.EvidenceAddition.class);
            RefundRequestValidator.evidence(addition.evidence(), "evidence", EVIDENCE);
        } catch (Refusal refused) {
            Refusals.check(refused);
        } catch (ApiException refused) {
            Refusals.check(refused);
        }
    }

    @Test
    void submitBodyShortRun() {
        ShortRun.run(this::submitBody);
    }

    @Test
    void evidenceBodyShortRun() {
        ShortRun.run(this::evidenceBody);
    }
}
