package com.refundpipeline.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Stripe's webhook signature: the {@code Stripe-Signature} header is {@code t=<unix seconds>,v1=<hex>[,v1=...]},
 * each {@code v1} an HMAC-SHA256, keyed by the endpoint's signing secret, of {@code "<t>.<raw body>"}. A payload is
 * genuine when one {@code v1} matches (compared in constant time) and {@code t} is within the tolerance of now,
 * which stops replays of old deliveries. Other schemes ({@code v0}) are ignored.
 */
public final class StripeSignature {

    private StripeSignature() {}

    /** Why a delivery was refused; never says which part of a signature was wrong beyond that. */
    public static final class Invalid extends Exception {

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    public static void verify(String payload, String header, String secret, Instant now, Duration tolerance)
            throws Invalid {
        if (header == null || header.isBlank()) {
            throw new Invalid("no Stripe-Signature header");
        }
        Long timestamp = null;
        List<String> signatures = new ArrayList<>();
        for (String element : header.split(",")) {
            int eq = element.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            String name = element.substring(0, eq).trim();
            String value = element.substring(eq + 1).trim();
            if (name.equals("t")) {
                try {
                    timestamp = Long.parseLong(value);
                } catch (NumberFormatException e) {
                    throw new Invalid("the signature's timestamp is not a number");
                }
            } else if (name.equals("v1")) {
                signatures.add(value);
            }
        }
        if (timestamp == null || signatures.isEmpty()) {
            throw new Invalid("the Stripe-Signature header has no timestamp or no v1 signature");
        }
        byte[] expected = sign(timestamp, payload, secret).getBytes(StandardCharsets.US_ASCII);
        boolean matched = false;
        for (String signature : signatures) {
            matched |= MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
        }
        if (!matched) {
            throw new Invalid("no signature matches the payload");
        }
        if (Math.abs(now.getEpochSecond() - timestamp) > tolerance.toSeconds()) {
            throw new Invalid("the signature's timestamp is outside the tolerance of " + tolerance);
        }
    }

    /** The hex HMAC-SHA256 Stripe sends as v1 for this timestamp and payload; tests sign with it too. */
    public static String sign(long timestamp, String payload, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + payload).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
