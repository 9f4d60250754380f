package com.refundpipeline.localstack.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The local stand-in for the console's Cognito user pool and for API Gateway's JWT authorizer. It signs in the people
 * configured for review-case (its {@code REFUNDS_REVIEW_REVIEWERS}, {@code person=tier}), each in the group of their
 * tier, with ID tokens signed by a key made for this run only (RS256; the key never leaves the process), and it
 * verifies a token as the authorizer would: the signature, the algorithm, the issuer, the audience and the expiry.
 * What the function receives is the authorizer's shape: every claim as text, arrays as {@code "[a b]"}.
 */
public final class LocalSignIn {

    public static final String AUDIENCE = "refunds-local-console";
    static final Duration LIFETIME = Duration.ofHours(1);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getUrlDecoder();

    /** A person who may sign in locally. */
    public record Person(String name, String tier) {}

    /** A token's claims as the authorizer hands them to the function, or why it was refused. */
    public record Verdict(Map<String, String> claims, String refusal) {
        public boolean ok() {
            return refusal == null;
        }
    }

    private final KeyPair keys;
    private final String keyId;
    private final String issuer;
    private final List<Person> people;
    private final Clock clock;

    public LocalSignIn(String issuer, List<Person> people, Clock clock) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            this.keys = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        this.keyId = "local-"
                + HexFormat.of().formatHex(UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8), 0, 6);
        this.issuer = issuer;
        this.people = List.copyOf(people);
        this.clock = clock;
    }

    /** {@code ana=agent,sam=supervisor}: review-case's configured people. */
    public static List<Person> parse(String spec) {
        List<Person> people = new ArrayList<>();
        if (spec == null) {
            return people;
        }
        for (String entry : spec.split(",")) {
            String[] parts = entry.trim().split("=", 2);
            if (parts.length == 2 && !parts[0].isBlank() && !parts[1].isBlank()) {
                people.add(new Person(parts[0].trim(), parts[1].trim()));
            }
        }
        return people;
    }

    public List<Person> people() {
        return people;
    }

    public String issuer() {
        return issuer;
    }

    public Optional<String> signIn(String name) {
        return people.stream().filter(p -> p.name().equals(name)).findFirst().map(this::token);
    }

    String token(Person person) {
        Instant now = clock.instant();
        ObjectNode claims = JSON.createObjectNode();
        claims.put(
                "sub",
                UUID.nameUUIDFromBytes(("local:" + person.name()).getBytes(StandardCharsets.UTF_8))
                        .toString());
        claims.put("cognito:username", person.name());
        claims.putArray("cognito:groups").add(person.tier());
        claims.put("iss", issuer);
        claims.put("aud", AUDIENCE);
        claims.put("token_use", "id");
        claims.put("auth_time", now.getEpochSecond());
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plus(LIFETIME).getEpochSecond());
        return sign(claims);
    }

    String sign(ObjectNode claims) {
        ObjectNode header =
                JSON.createObjectNode().put("alg", "RS256").put("typ", "JWT").put("kid", keyId);
        String signingInput = B64.encodeToString(header.toString().getBytes(StandardCharsets.UTF_8)) + "."
                + B64.encodeToString(claims.toString().getBytes(StandardCharsets.UTF_8));
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(keys.getPrivate());
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64.encodeToString(rsa.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Checks {@code Authorization: Bearer <token>} (or the bare token) as API Gateway's JWT authorizer does. */
    public Verdict verify(String authorization) {
        if (authorization == null || authorization.isBlank()) {
            return new Verdict(null, "no token");
        }
        String token = authorization.strip();
        if (token.regionMatches(true, 0, "Bearer ", 0, 7)) {
            token = token.substring(7).strip();
        }
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            return new Verdict(null, "not a JWT");
        }
        JsonNode header;
        JsonNode claims;
        byte[] signature;
        try {
            header = JSON.readTree(B64D.decode(parts[0]));
            claims = JSON.readTree(B64D.decode(parts[1]));
            signature = B64D.decode(parts[2]);
        } catch (Exception e) {
            return new Verdict(null, "not a JWT");
        }
        if (!"RS256".equals(header.path("alg").asText())
                || !keyId.equals(header.path("kid").asText())) {
            return new Verdict(null, "unknown key or algorithm");
        }
        try {
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initVerify(keys.getPublic());
            rsa.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rsa.verify(signature)) {
                return new Verdict(null, "bad signature");
            }
        } catch (GeneralSecurityException e) {
            return new Verdict(null, "bad signature");
        }
        if (!issuer.equals(claims.path("iss").asText())) {
            return new Verdict(null, "wrong issuer");
        }
        String audience = claims.has("aud")
                ? claims.path("aud").asText()
                : claims.path("client_id").asText();
        if (!AUDIENCE.equals(audience)) {
            return new Verdict(null, "wrong audience");
        }
        long now = clock.instant().getEpochSecond();
        if (!claims.path("exp").canConvertToLong() || claims.path("exp").asLong() <= now) {
            return new Verdict(null, "expired");
        }
        if (claims.has("nbf") && claims.path("nbf").asLong() > now) {
            return new Verdict(null, "not yet valid");
        }
        Map<String, String> flat = new LinkedHashMap<>();
        claims.fields().forEachRemaining(e -> flat.put(e.getKey(), text(e.getValue())));
        return new Verdict(flat, null);
    }

    /** As API Gateway passes claims on: text, with arrays as {@code [a b]}. */
    private static String text(JsonNode value) {
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            value.forEach(v -> items.add(v.asText()));
            return "[" + String.join(" ", items) + "]";
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }
}
