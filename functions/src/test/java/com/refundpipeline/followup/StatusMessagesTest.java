package com.refundpipeline.followup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.refundpipeline.domain.CaseStatus;
import org.junit.jupiter.api.Test;

/** Only statuses with a customer message are sent to send-follow-up; the two lists must not drift apart. */
class StatusMessagesTest {

    @Test
    void aStatusIsSentToFollowUpExactlyWhenItHasACustomerMessage() {
        for (CaseStatus status : CaseStatus.values()) {
            assertEquals(MessageTemplates.has(status.wire()), status.tellsCustomer(), status.wire());
        }
    }
}
