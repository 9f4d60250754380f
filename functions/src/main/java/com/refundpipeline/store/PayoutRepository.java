package com.refundpipeline.store;

import com.refundpipeline.domain.Payout;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/** Payout intents and outcomes, keyed by their idempotency key. */
public interface PayoutRepository {

    /** Records the intent before the provider is called; false when an intent with this key already exists. */
    boolean recordIntent(Payout intent);

    /**
     * Records the intent already claimed by {@code owner} for {@code lease}: the first delivery's intent and claim in
     * one conditional write. False when an intent with this key already exists (then nothing is claimed).
     */
    default boolean recordClaimedIntent(Payout intent, String owner, Instant now, Duration lease) {
        return recordIntent(intent) && claim(intent.idempotencyKey(), owner, now, lease);
    }

    Optional<Payout> find(String idempotencyKey);

    /** Records an outcome, only over an intent that is still unsettled. */
    boolean recordOutcome(Payout outcome);

    /**
     * Claims the unsettled payout for one caller for {@code lease}: only the holder talks to the provider, so
     * concurrent deliveries of one payout message make one provider call, not several under the same key. A claim
     * left by a caller that died lapses after its lease.
     *
     * @return false when someone else holds an unexpired claim, or the payout is settled
     */
    boolean claim(String idempotencyKey, String owner, Instant now, Duration lease);

    /** Gives a claim back early; does nothing when {@code owner} no longer holds it. */
    void release(String idempotencyKey, String owner);
}
