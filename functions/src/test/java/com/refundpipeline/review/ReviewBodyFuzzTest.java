package com.refundpipeline.review;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.refundpipeline.domain.Refusal;
import com.refundpipeline.fuzz.FunctionUrlRequests;
import com.refundpipeline.fuzz.FuzzInput;
import com.refundpipeline.fuzz.JsonMutator;
import com.refundpipeline.fuzz.Refusals;
import com.refundpipeline.fuzz.ShortRun;
import com.refundpipeline.http.ApiException;
import com.refundpipeline.http.JsonBodies;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * review-case's decision body: any bytes give a ReviewDecisionBody or a 4xx refusal with a code, never another
 * exception. What a decision then does to a case is ReviewCaseFunctionTest's.
 */
class ReviewBodyFuzzTest {

    static final String APPROVE = "{\"action\": \"approve\", \"amount\": 2999, \"method\": \"original_payment\", "
            + "\"explanation\": \"photo shows the tear\"}";
    static final String DECLINE = "{\"action\": \"decline\", \"decline_code\": \"no_evidence\", "
            + "\"explanation\": \"no photo of the damage\"}";

    @FuzzTest(maxDuration = "20m")
    void decisionBody(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        String body =
                in.nextInt(10) == 0 ? in.restAsString() : JsonMutator.mutate(in.nextBoolean() ? APPROVE : DECLINE, in);
        try {
            ReviewDecisionBody decision = JsonBodies.read(
                    FunctionUrlRequests.post("/cases/rc_00000000000000000000/decisions", body, in, Map.of()),
                    ReviewDecisionBody.class);
            if (decision == null) {
                throw new AssertionError("no body and no refusal for " + body);
            }
        } catch (Refusal refused) {
            Refusals.check(refused);
        } catch (ApiException refused) {
            Refusals.check(refused);
        }
    }

    @Test
    void decisionBodyShortRun() {
        ShortRun.run(this::decisionBody);
    }
}
