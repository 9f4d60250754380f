package com.refundpipeline.review;

import com.refundpipeline.http.ApiException;
import com.refundpipeline.http.FunctionUrlRequest;
import com.refundpipeline.policy.PolicyDocument;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The person acting, read only from what the HTTP API's JWT authorizer verified ({@code
 * requestContext.authorizer.jwt.claims}): never from a header the client chooses. On AWS the authorizer checks a
 * Cognito token; locally the local stack's gateway checks its own, and both hand the function the same shape.
 *
 * <p>The person is {@code cognito:username} (ID token) or {@code username} (access token), else {@code sub}. The tier
 * is the person's Cognito group that names a tier of the policy's authority list; in several, the one with the
 * widest authority. API Gateway flattens array claims to text ({@code "[agent supervisor]"}), so groups are read from
 * that form as well as from a JSON array.
 */
public final class SignedInReviewer {

    private SignedInReviewer() {}

    public static Reviewers.Reviewer of(FunctionUrlRequest request, PolicyDocument policy) {
        Map<String, Object> claims = request.verifiedClaims();
        String person = text(claims.get("cognito:username"))
                .or(() -> text(claims.get("username")))
                .or(() -> text(claims.get("sub")))
                .orElseThrow(() -> new ApiException(
                        401,
                        "not_signed_in",
                        "sign in to the console first: no verified identity came with this request",
                        null));
        List<String> groups = groups(claims.get("cognito:groups"));
        PolicyDocument.AuthorityTier best = null;
        for (String group : groups) {
            PolicyDocument.AuthorityTier tier = policy.tier(group).orElse(null);
            if (tier != null && (best == null || wider(tier, best, policy))) {
                best = tier;
            }
        }
        if (best == null) {
            throw new ApiException(
                    403,
                    "reviewer_unknown",
                    person + " is in no authority group ("
                            + policy.authority().stream()
                                    .map(PolicyDocument.AuthorityTier::tier)
                                    .toList()
                            + ") and may not decide refund cases",
                    null);
        }
        return new Reviewers.Reviewer(person, best);
    }

    /** Later tiers in the policy's authority list are the wider ones (agent, supervisor, finance). */
    private static boolean wider(
            PolicyDocument.AuthorityTier a, PolicyDocument.AuthorityTier b, PolicyDocument policy) {
        return policy.authority().indexOf(a) > policy.authority().indexOf(b);
    }

    private static Optional<String> text(Object value) {
        return value instanceof String s && !s.isBlank() ? Optional.of(s.strip()) : Optional.empty();
    }

    static List<String> groups(Object claim) {
        List<String> groups = new ArrayList<>();
        if (claim instanceof List<?> list) {
            list.forEach(g -> groups.add(String.valueOf(g).strip()));
        } else if (claim instanceof String s) {
            String inner = s.strip();
            if (inner.startsWith("[") && inner.endsWith("]")) {
                inner = inner.substring(1, inner.length() - 1);
            }
            for (String g : inner.split("[,\\s]+")) {
                String name = g.replace("\"", "").strip();
                if (!name.isEmpty()) {
                    groups.add(name);
                }
            }
        }
        return groups;
    }
}
