package com.refundpipeline.testing;

import com.refundpipeline.domain.Payout;
import com.refundpipeline.store.PayoutRepository;
import com.refundpipeline.store.dynamo.DynamoPayoutRepository;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The DynamoDB payout repository, except that the next {@code n} outcome writes fail as a crash would: after the
 * provider was called, before anything was recorded. Enabled only by {@link IssuePayoutStripeProfile}.
 */
@Alternative
@ApplicationScoped
public class FaultyPayoutRepository implements PayoutRepository {

    private static final AtomicInteger FAILING_OUTCOMES = new AtomicInteger();

    private final DynamoPayoutRepository delegate;

    public FaultyPayoutRepository(DynamoPayoutRepository delegate) {
        this.delegate = delegate;
    }

    public static void failNextOutcomeWrites(int count) {
        FAILING_OUTCOMES.set(count);
    }

    @Override
    public boolean recordIntent(Payout intent) {
        return delegate.recordIntent(intent);
    }

    @Override
    public boolean recordClaimedIntent(Payout intent, String owner, Instant now, Duration lease) {
        return delegate.recordClaimedIntent(intent, owner, now, lease);
    }

    @Override
    public Optional<Payout> find(String idempotencyKey) {
        return delegate.find(idempotencyKey);
    }

    @Override
    public boolean recordOutcome(Payout outcome) {
        if (FAILING_OUTCOMES.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            throw new IllegalStateException(
                    "simulated crash: the outcome of " + outcome.idempotencyKey() + " was never written");
        }
        return delegate.recordOutcome(outcome);
    }

    @Override
    public boolean claim(String idempotencyKey, String owner, Instant now, Duration lease) {
        return delegate.claim(idempotencyKey, owner, now, lease);
    }

    @Override
    public void release(String idempotencyKey, String owner) {
        delegate.release(idempotencyKey, owner);
    }
}
