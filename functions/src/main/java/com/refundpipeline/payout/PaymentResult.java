package com.refundpipeline.payout;

/** What the provider says of a refund. */
public record PaymentResult(Status status, String providerReference, String failureReason) {

    public enum Status {
        SUCCEEDED,
        /** Accepted, not settled yet (Stripe's pending / requires_action). */
        PENDING,
        /** Refused for good (Stripe's failed / canceled); the reason says why. */
        FAILED
    }
}
