package com.refundpipeline.submit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.json.Json;
import com.refundpipeline.testing.Requests;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The receipt's next step is read by the shopper: the promise is a time a person can read, not an instant. */
class CaseReceiptTest {

    @Test
    void theNextStepNamesThePromisedTimeToTheMinute() {
        Instant created = Instant.parse("2026-11-30T09:30:12.123456789Z");
        RefundCase opened = new RefundCase(
                "rc_00000000000000000000",
                CaseStatus.RECEIVED,
                1,
                created,
                created,
                Instant.parse("2026-12-01T09:30:12.123456789Z"),
                RefundRequestValidatorAccess.validate(Json.read(Requests.damaged("ord_r"), RefundRequestBody.class)),
                "h",
                2999,
                null,
                null,
                List.of());
        assertEquals(
                "We are checking the request against the order and the refund policy. The customer hears from us"
                        + " at every step, and the money is promised by 2026-12-01 09:30 UTC.",
                CaseReceipt.of(opened).nextStep());
    }
}
