package com.refundpipeline.review;

import com.refundpipeline.policy.PolicyDocument;
import com.refundpipeline.policy.RefundPolicy;
import jakarta.inject.Singleton;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A person deciding, with their authority tier from the policy; and the people configured for review-case
 * ({@code id=tier}), which the local stack's sign-in offers. Who is acting on a request comes from the verified
 * sign-in only ({@link SignedInReviewer}), never from this list or from a header.
 */
@Singleton
public class Reviewers {

    public record Reviewer(String id, PolicyDocument.AuthorityTier tier) {}

    private final Map<String, Reviewer> byId;

    public Reviewers(ReviewConfig config, RefundPolicy policy) {
        this.byId = parse(config.reviewers().orElse(""), policy.document());
    }

    public Optional<Reviewer> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    static Map<String, Reviewer> parse(String spec, PolicyDocument policy) {
        Map<String, Reviewer> reviewers = new LinkedHashMap<>();
        for (String entry : spec.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.trim().split("=", 2);
            if (parts.length != 2 || !parts[0].matches("[A-Za-z0-9._@-]{1,64}")) {
                throw new IllegalStateException("REFUNDS_REVIEW_REVIEWERS: '" + entry.trim() + "' is not id=tier");
            }
            PolicyDocument.AuthorityTier tier = policy.tier(parts[1].trim())
                    .orElseThrow(() -> new IllegalStateException("REFUNDS_REVIEW_REVIEWERS: reviewer " + parts[0]
                            + " has tier " + parts[1].trim() + ", which the policy's authority list does not name"));
            reviewers.put(parts[0], new Reviewer(parts[0], tier));
        }
        return Map.copyOf(reviewers);
    }
}
