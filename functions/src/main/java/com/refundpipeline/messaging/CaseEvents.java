package com.refundpipeline.messaging;

import com.refundpipeline.domain.RefundCase;

/** The hops between functions. Every consumer is idempotent, so sending a message twice is harmless. */
public interface CaseEvents {

    void verificationRequested(RefundCase refundCase);

    void payoutRequested(RefundCase refundCase);

    void statusChanged(RefundCase refundCase);
}
