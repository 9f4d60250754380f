package com.refundpipeline.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * EasyPost's webhook signature: the {@code X-Hmac-Signature} header is {@code hmac-sha256-hex=<hex>}, an HMAC-SHA256
 * of the raw body keyed by the webhook's secret (NFKD-normalized, as EasyPost's client libraries do). Compared in
 * constant time. EasyPost signs no timestamp, so a replay verifies: what it would change is guarded by the case's
 * status and version instead.
 */
public final class EasyPostSignature {

    static final String PREFIX = "hmac-sha256-hex=";

    private EasyPostSignature() {}

    /** Why a delivery was refused; never says more than that. */
    public static final class Invalid extends Exception {

        Invalid(String message) {
            super(message, null, false, false);
        }
    }

    public static void verify(byte[] body, String header, String secret) throws Invalid {
        if (header == null || header.isBlank()) {
            throw new Invalid("no X-Hmac-Signature header");
        }
        String value = header.strip();
        if (!value.toLowerCase(Locale.ROOT).startsWith(PREFIX)) {
            throw new Invalid("X-Hmac-Signature is not hmac-sha256-hex");
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(value.substring(PREFIX.length()).toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException notHex) {
            throw new Invalid("X-Hmac-Signature is not hex");
        }
        if (!MessageDigest.isEqual(sign(body, secret), given)) {
            throw new Invalid("X-Hmac-Signature does not match");
        }
    }

    /** The header value EasyPost would send for {@code body} (the local stack's demo and the tests sign with it). */
    public static String header(byte[] body, String secret) {
        return PREFIX + HexFormat.of().formatHex(sign(body, secret));
    }

    private static byte[] sign(byte[] body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            byte[] key = Normalizer.normalize(secret, Normalizer.Form.NFKD).getBytes(StandardCharsets.UTF_8);
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
