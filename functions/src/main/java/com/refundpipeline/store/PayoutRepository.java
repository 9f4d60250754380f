package com.refundpipeline.store;

import java.util.Optional;

import com.refundpipeline.domain.Payout;

/** Payout intents and outcomes, keyed by their idempotency key. */
public interface PayoutRepository {

    /** Records the intent before the provider is called; false when an intent with this key already exists. */
    boolean recordIntent(Payout intent);

    Optional<Payout> find(String idempotencyKey);

    /** Records an outcome, only over an intent that is still unsettled. */
    boolean recordOutcome(Payout outcome);
}
