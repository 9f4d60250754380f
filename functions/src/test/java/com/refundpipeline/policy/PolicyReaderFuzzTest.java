package com.refundpipeline.policy;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.refundpipeline.fuzz.FuzzInput;
import com.refundpipeline.fuzz.JsonMutator;
import com.refundpipeline.fuzz.ShortRun;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The policy document reader: any document gives a PolicyDocument or a PolicyException naming the field, never
 * another exception (a deployment with a broken policy must say where it is broken, not crash on a cast).
 */
class PolicyReaderFuzzTest {

    static final String DEFAULT = resource("policy/default.json");

    @FuzzTest(maxDuration = "20m")
    void policyDocument(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        String document = in.nextInt(10) == 0 ? in.restAsString() : JsonMutator.mutate(DEFAULT, in);
        try {
            PolicyDocument policy = PolicyReader.read(document);
            if (policy == null) {
                throw new AssertionError("no policy and no refusal");
            }
        } catch (PolicyException refused) {
            if (refused.field() == null || refused.getMessage() == null) {
                throw new AssertionError("a policy refusal without its field or problem", refused);
            }
        }
    }

    @Test
    void policyDocumentShortRun() {
        ShortRun.run(this::policyDocument);
    }

    static String resource(String name) {
        try (InputStream in = PolicyReaderFuzzTest.class.getClassLoader().getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
