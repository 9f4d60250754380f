package com.refundpipeline.policy;

import com.refundpipeline.domain.RefundRequest;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Evidence must be present and well-formed: a known type with an accepted content type, within the size limit,
 * and stored at the configured evidence location. URLs are only read, never fetched: a host we do not control is
 * refused, not visited. Pieces that fail are not counted towards the photos the rule requires.
 */
final class EvidenceValidator implements Validator {

    static final String NAME = "evidence";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Finding check(Subject subject) {
        PolicyDocument.EvidenceRules rules = subject.policy().evidence();
        List<RefundRequest.Evidence> evidence = subject.input().request().evidence();
        List<String> problems = new ArrayList<>();
        int goodPhotos = 0;
        for (int i = 0; i < evidence.size(); i++) {
            String problem = problem(evidence.get(i), rules);
            if (problem != null) {
                problems.add("evidence[" + i + "] " + problem);
            } else if (evidence.get(i).isPhoto()) {
                goodPhotos++;
            }
        }
        int required = subject.rule().photosRequired();
        String ignored = problems.isEmpty() ? "" : "; not counted: " + String.join("; ", problems);
        if (goodPhotos < required) {
            return Finding.askForEvidence(
                    NAME,
                    goodPhotos + " usable photo(s), rule " + subject.rule().id() + " requires " + required + ignored,
                    "Please send " + (required - goodPhotos) + " more photo(s) of the problem"
                            + (problems.isEmpty() ? "" : " (some of the files we have could not be used)")
                            + " through the store, so we can confirm it.");
        }
        return Finding.pass(NAME, goodPhotos + " usable photo(s), " + required + " required" + ignored);
    }

    static String problem(RefundRequest.Evidence piece, PolicyDocument.EvidenceRules rules) {
        Set<String> types = rules.contentTypes().get(piece.type());
        if (types == null) {
            return "has type " + piece.type() + ", accepted: "
                    + rules.contentTypes().keySet();
        }
        String contentType =
                piece.contentType() == null ? "" : piece.contentType().toLowerCase(Locale.ROOT);
        if (!types.contains(contentType)) {
            return "is " + (contentType.isEmpty() ? "of no content type" : contentType) + ", accepted for "
                    + piece.type() + ": " + types;
        }
        if (piece.bytes() <= 0 || piece.bytes() > rules.maxBytes()) {
            return "is " + piece.bytes() + " bytes, accepted: 1 to " + rules.maxBytes();
        }
        String host = host(piece.url());
        if (host == null) {
            return "has no https URL";
        }
        if (!rules.allowedHosts().contains(host)) {
            return "is stored at " + host + ", not at the evidence store " + rules.allowedHosts();
        }
        return null;
    }

    private static String host(String url) {
        try {
            URI uri = new URI(url);
            if (!"https".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null || uri.getUserInfo() != null) {
                return null;
            }
            return uri.getHost().toLowerCase(Locale.ROOT);
        } catch (URISyntaxException | NullPointerException e) {
            return null;
        }
    }
}
