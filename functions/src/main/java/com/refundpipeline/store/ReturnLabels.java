package com.refundpipeline.store;

import com.refundpipeline.domain.ReturnLabel;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Return labels per case, bought at most once: a delivery claims the case's label before it calls the carrier, and
 * records the label under the claim; a redelivery finds the label and reuses it. The tracking code maps back to the
 * case for the carrier's tracking events.
 */
public interface ReturnLabels {

    /** The case's label, once bought. */
    Optional<ReturnLabel> find(String caseId);

    /**
     * Claims the right to buy the case's label; false when another delivery holds a live claim or the label exists.
     * A claim older than {@code lease} (its holder died mid-call) may be taken over.
     */
    boolean claim(String caseId, String owner, Instant now, Duration lease);

    /** Records the label bought under {@code owner}'s claim, and its tracking code's way back to the case. */
    void record(String caseId, String owner, ReturnLabel label);

    /** Gives up a claim whose call bought nothing, so the next delivery may try again. */
    void release(String caseId, String owner);

    /** The case a tracking code belongs to. */
    Optional<String> caseForTracking(String trackingCode);
}
