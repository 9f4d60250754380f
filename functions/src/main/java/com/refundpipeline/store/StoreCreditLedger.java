package com.refundpipeline.store;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.Optional;

/**
 * Store credit: an append-only ledger of entries per customer and currency, with the balance kept beside them and
 * moved in the same transaction as each entry. An entry's id is the payout's idempotency key, so a payout credits
 * once however often it is retried.
 */
public interface StoreCreditLedger {

    @RegisterForReflection
    record Entry(
            String customerId,
            String currency,
            String entryId,
            String caseId,
            long amount,
            long bonusAmount,
            Instant createdAt) {

        public long total() {
            return amount + bonusAmount;
        }
    }

    /** Appends the entry and moves the balance, unless an entry with this id exists: then returns that one. */
    Entry credit(Entry entry);

    Optional<Entry> find(String customerId, String currency, String entryId);

    /** The customer's balance in the currency, in minor units; 0 when they never had credit. */
    long balance(String customerId, String currency);

    @RegisterForReflection
    record Coupon(
            String customerId,
            String currency,
            String payoutKey,
            String caseId,
            String code,
            long amount,
            Instant createdAt) {}

    /**
     * Issues a goodwill coupon under the payout's key, unless one was issued under it already: then returns that
     * one, code and all. Coupons sit beside the customer's credit entries ({@code coupon#<payout key>}).
     */
    Coupon issueCoupon(Coupon coupon);

    Optional<Coupon> findCoupon(String customerId, String currency, String payoutKey);
}
