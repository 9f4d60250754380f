package com.refundpipeline.webhook;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.refundpipeline.domain.Refusal;
import com.refundpipeline.fuzz.ContactDetails;
import com.refundpipeline.fuzz.FuzzInput;
import com.refundpipeline.fuzz.JsonMutator;
import com.refundpipeline.fuzz.Refusals;
import com.refundpipeline.fuzz.ShortRun;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * carrier-webhook's two callers: EasyPost's tracking events ({@code X-Hmac-Signature}, then the body) and the store's
 * answers on {@code POST /store} ({@code Store-Signature}, then the body). The EasyPost signature check accepts only
 * what the secret signed and throws nothing but its refusal (the store signs as Stripe does: StripeWebhookFuzzTest);
 * a signed body of any shape is read or refused with a code and field, and what the answer repeats of it holds no
 * contact details.
 */
class CarrierWebhookFuzzTest {

    static final String SECRET = "easypost_fuzz";
    static final String TRACKER_UPDATED = """
            {"id": "evt_1", "object": "Event", "description": "tracker.updated", "mode": "test",
             "result": {"id": "trk_1", "object": "Tracker", "tracking_code": "EZ1000000001", "status": "delivered",
                        "carrier": "USPS", "tracking_details": [{"status": "in_transit"}]}}""";
    static final String SHIPPED = """
            {"type": "replacement_shipped", "case_id": "rc_0123456789abcdef0123", "carrier": "UPS",
             "tracking_code": "1Z999AA10123456784", "shipped_at": "2026-11-30T10:00:00Z"}""";
    static final String OUT_OF_STOCK = "{\"type\": \"out_of_stock\", \"case_id\": \"rc_0123456789abcdef0123\"}";
    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    @FuzzTest(maxDuration = "20m")
    void easyPostSignature(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        byte[] body = (in.nextBoolean() ? TRACKER_UPDATED : in.nextString(200)).getBytes(StandardCharsets.UTF_8);
        String good = EasyPostSignature.header(body, SECRET);
        String hex = good.substring(EasyPostSignature.PREFIX.length());
        String header = switch (in.nextInt(5)) {
            case 0 -> in.restAsString();
            case 1 -> EasyPostSignature.PREFIX + in.nextString(80);
            case 2 -> in.nextString(20) + hex + in.restAsString();
            case 3 -> flipOneDigit(good, in);
            default -> (in.nextBoolean() ? good.toUpperCase(Locale.ROOT) : good) + in.nextString(4);
        };
        boolean accepted;
        try {
            EasyPostSignature.verify(body, header, SECRET);
            accepted = true;
        } catch (EasyPostSignature.Invalid refused) {
            accepted = false;
        }
        if (accepted && !header.strip().equalsIgnoreCase(good)) {
            throw new AssertionError("accepted a signature that is not the secret's: " + header);
        }
    }

    private static String flipOneDigit(String header, FuzzInput in) {
        char[] chars = header.toCharArray();
        int at = EasyPostSignature.PREFIX.length() + in.nextInt(chars.length - EasyPostSignature.PREFIX.length());
        chars[at] = HexFormat.of().toHexDigits((byte) in.nextInt(16)).charAt(1);
        return new String(chars);
    }

    /** What carrier-webhook reads of a verified EasyPost body: an update, an event it ignores, or invalid_json. */
    @FuzzTest(maxDuration = "20m")
    void trackerEvent(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        String body = in.nextInt(8) == 0 ? in.restAsString() : JsonMutator.mutate(TRACKER_UPDATED, in);
        TrackerUpdate update;
        try {
            update = TrackerUpdate.read(body.getBytes(StandardCharsets.UTF_8));
        } catch (Refusal refused) {
            Refusals.check(refused);
            return;
        }
        if (update == null) {
            throw new AssertionError("no event and no refusal for " + body);
        }
        if (update.ignored()) {
            ContactDetails.assertNone("the ignored event's answer", update.shownDescription());
        } else if (update.trackingCode().isEmpty()
                || update.trackingCode().length() > TrackerUpdate.MAX_TRACKING_CODE) {
            throw new AssertionError("tracked by an unusable code: " + update.trackingCode());
        } else {
            ContactDetails.assertNone("the timeline's actor", update.actor());
        }
    }

    /** The store's signed answer: an answer the case can take, or a refusal with a code and the field. */
    @FuzzTest(maxDuration = "20m")
    void storeAnswer(byte[] data) {
        FuzzInput in = new FuzzInput(data);
        String body = in.nextInt(8) == 0
                ? in.restAsString()
                : JsonMutator.mutate(in.nextBoolean() ? SHIPPED : OUT_OF_STOCK, in);
        StoreAnswers.Answer answer;
        try {
            answer = StoreAnswers.Answer.read(body, NOW);
        } catch (Refusal refused) {
            ContactDetails.assertNone("the refusal", Refusals.check(refused).getMessage());
            return;
        }
        if (answer == null || answer.caseId() == null || !answer.caseId().matches("rc_[0-9a-f]{20}")) {
            throw new AssertionError("an answer for no case: " + body);
        }
        boolean shipped = "replacement_shipped".equals(answer.type());
        if (shipped != (answer.shipment() != null) || !(shipped || "out_of_stock".equals(answer.type()))) {
            throw new AssertionError("an answer of another type, or a shipment without one: " + answer);
        }
        if (shipped
                && (answer.shipment().shippedAt() == null
                        || !answer.shipment().carrier().matches("[A-Za-z0-9][A-Za-z0-9 ._-]{0,63}"))) {
            throw new AssertionError("a shipment the customer cannot be told: " + answer.shipment());
        }
    }

    @Test
    void easyPostSignatureShortRun() {
        ShortRun.run(this::easyPostSignature);
    }

    @Test
    void trackerEventShortRun() {
        ShortRun.run(this::trackerEvent);
    }

    @Test
    void storeAnswerShortRun() {
        ShortRun.run(this::storeAnswer);
    }
}
