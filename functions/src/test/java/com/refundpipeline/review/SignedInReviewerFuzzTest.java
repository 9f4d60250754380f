package com.refundpipeline.review;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.refundpipeline.fuzz.FuzzInput;
import com.refundpipeline.fuzz.Refusals;
import com.refundpipeline.fuzz.ShortRun;
import com.refundpipeline.http.ApiException;
import com.refundpipeline.http.FunctionUrlRequest;
import com.refundpipeline.policy.PolicyDocument;
import com.refundpipeline.policy.PolicyLoader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * review-case's "header": who acts comes from the claims the JWT authorizer verified, in either of the shapes API
 * Gateway hands over (a JSON array of groups, or its flattened text {@code "[agent supervisor]"}). Any claims give a
 * person with a tier named by one of their groups, or a 401/403 with a code; never another exception, and never a
 * tier the claims do not name.
 */
class SignedInReviewerFuzzTest {

    static final PolicyDocument POLICY =
            PolicyLoader.load("classpath:policy/default.json").document();
    static final List<String> NAMES = List.of("cognito:username", "username", "sub", "cognito:groups", "email");
    static final List<String> GROUPS = List.of("agent", "supervisor", "finance", "warehouse", "Agent", "admin", "");

    @FuzzTest(maxDuration = "20m")
    void claims(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        Map<String, Object> claims = new HashMap<>();
        for (int n = in.nextInt(6); n > 0; n--) {
            String name = in.nextInt(6) == 0 ? in.nextString(20) : in.pick(NAMES);
            claims.put(name, value(in));
        }
        Reviewers.Reviewer reviewer;
        try {
            reviewer = SignedInReviewer.of(request(claims), POLICY);
        } catch (ApiException refused) {
            Refusals.check(refused);
            if (refused.status() != 401 && refused.status() != 403) {
                throw new AssertionError("a sign-in refused with " + refused.status(), refused);
            }
            return;
        }
        if (reviewer.id() == null || reviewer.id().isBlank()) {
            throw new AssertionError("a reviewer without an identity from " + claims);
        }
        List<String> named = SignedInReviewer.groups(claims.get("cognito:groups"));
        if (!named.contains(reviewer.tier().tier())) {
            throw new AssertionError("tier " + reviewer.tier().tier() + " is none of the groups in " + claims);
        }
    }

    private static Object value(FuzzInput in) {
        return switch (in.nextInt(5)) {
            case 0 -> in.nextString(40);
            case 1 -> "[" + String.join(in.nextBoolean() ? " " : ",", groups(in)) + "]";
            case 2 -> new ArrayList<Object>(groups(in));
            case 3 -> in.nextBoolean() ? (Object) in.nextLong() : null;
            default -> in.pick(GROUPS);
        };
    }

    private static List<String> groups(FuzzInput in) {
        List<String> groups = new ArrayList<>();
        for (int n = in.nextInt(4); n > 0; n--) {
            groups.add(in.nextInt(4) == 0 ? in.nextString(16) : in.pick(GROUPS));
        }
        return groups;
    }

    /** A console request as API Gateway hands it on: the authorizer's verified claims in its request context. */
    private static FunctionUrlRequest request(Map<String, Object> claims) {
        return new FunctionUrlRequest(
                "2.0",
                "$default",
                "/cases",
                "",
                null,
                Map.of(),
                null,
                new FunctionUrlRequest.RequestContext(
                        "123456789012",
                        "fuzz",
                        "fuzz.execute-api.aws",
                        "req-fuzz",
                        null,
                        null,
                        new FunctionUrlRequest.Http("GET", "/cases", "HTTP/1.1", "203.0.113.9", "fuzz"),
                        new FunctionUrlRequest.Authorizer(new FunctionUrlRequest.Jwt(claims, List.of()))),
                null,
                false);
    }

    @Test
    void claimsShortRun() {
        ShortRun.run(this::claims);
    }
}
