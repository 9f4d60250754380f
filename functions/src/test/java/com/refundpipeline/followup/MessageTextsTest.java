package com.refundpipeline.followup;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.PayoutMethod;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.RefundRequest;
import com.refundpipeline.json.Json;
import com.refundpipeline.submit.RefundRequestBody;
import com.refundpipeline.submit.RefundRequestValidatorAccess;
import com.refundpipeline.testing.Requests;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * Every customer message renders for every payout method the customer may ask for, in every language. The chaos run
 * (seed 2026) found "received" and "paid" throwing "no message text arrives.goodwill_coupon" for a coupon request:
 * send-follow-up failed the queue message three times, it was dead-lettered, and the customer heard nothing.
 */
class MessageTextsTest {

    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    @Test
    void everyStatusMessageRendersForEveryPayoutMethodAndLanguage() {
        RefundRequest base = RefundRequestValidatorAccess.validate(
                Json.read(Requests.damaged("ord_texts"), RefundRequestBody.class));
        for (String locale : new String[] {"en-US", "zh-CN"}) {
            for (PayoutMethod method : PayoutMethod.values()) {
                RefundRequest request = new RefundRequest(
                        base.order(),
                        base.items(),
                        base.reason(),
                        base.note(),
                        base.evidence(),
                        method,
                        new RefundRequest.CustomerContact("a@example.com", null, locale, "Europe/Paris", "email"),
                        base.preferredResolution());
                RefundCase c = RefundCase.open("key-" + method, request, "hash", NOW, Duration.ofHours(24));
                for (CaseStatus status : CaseStatus.values()) {
                    if (!MessageTemplates.has(status.wire())) {
                        continue;
                    }
                    String what = status.wire() + " for " + method.wire() + " in " + locale;
                    MessageTemplates.Message m =
                            assertDoesNotThrow(() -> MessageTemplates.render(status.wire(), c, NOW), what);
                    assertFalse(m.body().contains("{"), what + ": " + m.body());
                }
            }
        }
    }
}
