package com.refundpipeline.webhook;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StripeSignatureTest {

    static final String SECRET = "whsec_test_secret";
    static final String PAYLOAD = "{\"id\":\"evt_1\",\"type\":\"refund.updated\"}";
    static final Instant NOW = Instant.ofEpochSecond(1_764_000_000L);
    static final Duration FIVE_MINUTES = Duration.ofMinutes(5);

    static String header(long t, String payload, String secret) {
        return "t=" + t + ",v1=" + StripeSignature.sign(t, payload, secret);
    }

    @Test
    void aSignatureOverTheTimestampAndPayloadVerifies() {
        assertDoesNotThrow(() -> StripeSignature.verify(
                PAYLOAD, header(NOW.getEpochSecond(), PAYLOAD, SECRET), SECRET, NOW, FIVE_MINUTES));
    }

    @Test
    void anyOfSeveralV1SignaturesMayMatchAndV0IsIgnored() {
        long t = NOW.getEpochSecond();
        String header = "t=" + t + ",v1=" + StripeSignature.sign(t, PAYLOAD, "whsec_old") + ",v1="
                + StripeSignature.sign(t, PAYLOAD, SECRET) + ",v0=deadbeef";
        assertDoesNotThrow(() -> StripeSignature.verify(PAYLOAD, header, SECRET, NOW, FIVE_MINUTES));
    }

    @Test
    void refusals() {
        long t = NOW.getEpochSecond();
        assertThrows(
                StripeSignature.Invalid.class, () -> StripeSignature.verify(PAYLOAD, null, SECRET, NOW, FIVE_MINUTES));
        assertThrows(
                StripeSignature.Invalid.class,
                () -> StripeSignature.verify(PAYLOAD, "garbage", SECRET, NOW, FIVE_MINUTES));
        assertThrows(
                StripeSignature.Invalid.class,
                () -> StripeSignature.verify(PAYLOAD, header(t, PAYLOAD, "whsec_wrong"), SECRET, NOW, FIVE_MINUTES),
                "another secret");
        assertThrows(
                StripeSignature.Invalid.class,
                () -> StripeSignature.verify(PAYLOAD + " ", header(t, PAYLOAD, SECRET), SECRET, NOW, FIVE_MINUTES),
                "a changed payload");
        assertThrows(
                StripeSignature.Invalid.class,
                () -> StripeSignature.verify(PAYLOAD, header(t - 301, PAYLOAD, SECRET), SECRET, NOW, FIVE_MINUTES),
                "too old: a replay");
        assertThrows(
                StripeSignature.Invalid.class,
                () -> StripeSignature.verify(PAYLOAD, header(t + 301, PAYLOAD, SECRET), SECRET, NOW, FIVE_MINUTES),
                "from the future");
        assertThrows(
                StripeSignature.Invalid.class,
                () -> StripeSignature.verify(
                        PAYLOAD,
                        "t=" + t + ",v0=" + StripeSignature.sign(t, PAYLOAD, SECRET),
                        SECRET,
                        NOW,
                        FIVE_MINUTES),
                "only the v1 scheme counts");
        assertThrows(
                StripeSignature.Invalid.class,
                () -> StripeSignature.verify(
                        PAYLOAD, "t=soon,v1=" + StripeSignature.sign(t, PAYLOAD, SECRET), SECRET, NOW, FIVE_MINUTES));
        assertDoesNotThrow(
                () -> StripeSignature.verify(PAYLOAD, header(t - 299, PAYLOAD, SECRET), SECRET, NOW, FIVE_MINUTES),
                "inside the tolerance");
    }
}
