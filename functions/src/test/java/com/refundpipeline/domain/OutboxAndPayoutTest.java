package com.refundpipeline.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Ids that make a retry the same request: one message per case event, one provider call per payout attempt. */
class OutboxAndPayoutTest {

    private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");

    @Test
    void aMessageIsNamedByItsCaseAndEventAndStartsPending() {
        String id = Notification.idFor("rc_1", "approved");
        assertEquals("rc_1#approved", id);
        Notification n = Notification.pending(
                id,
                "rc_1",
                Notification.CUSTOMER,
                "approved",
                "email",
                "en",
                "Approved",
                "Your refund was approved",
                Map.of("amount", "29.99 EUR"),
                T0,
                T0.plusSeconds(60));
        assertEquals(Notification.PENDING, n.deliveryStatus());
        assertEquals(0, n.attempts());
        assertEquals(T0, n.createdAt());
        assertEquals(T0.plusSeconds(60), n.sendAfter());
        assertNull(n.sentAt());
        assertNull(n.providerMessageId());
        assertNull(n.failureReason());
        assertTrue(n.isForCustomer());
    }

    @Test
    void anOperationsAlertIsNotForTheCustomer() {
        Notification alert = Notification.pending(
                "rc_1#payout_failed",
                "rc_1",
                Notification.OPERATIONS,
                "payout_failed",
                "sns",
                "en",
                "s",
                "b",
                Map.of(),
                T0,
                T0);
        assertFalse(alert.isForCustomer());
    }

    @Test
    void aPayoutAttemptHasOneIdempotencyKeyAndKeepsItThroughItsStatuses() {
        assertEquals("refund-rc_1-1", Payout.idempotencyKey("rc_1", 1));
        assertEquals("refund-rc_1-2", Payout.idempotencyKey("rc_1", 2));
        Payout pending = firstAttempt("rc_1", 2_999, T0);
        Payout paid = pending.with(Payout.Status.SUCCEEDED, "re_123", null, T0.plusSeconds(5));
        assertEquals(
                new Payout(
                        "refund-rc_1-1",
                        "rc_1",
                        1,
                        2_999,
                        "EUR",
                        PayoutMethod.ORIGINAL_PAYMENT,
                        Payout.Status.SUCCEEDED,
                        "re_123",
                        null,
                        T0,
                        T0.plusSeconds(5)),
                paid);
    }

    /** The first attempt to pay a case, pending at {@code at}. */
    static Payout firstAttempt(String caseId, long amount, Instant at) {
        return new Payout(
                Payout.idempotencyKey(caseId, 1),
                caseId,
                1,
                amount,
                "EUR",
                PayoutMethod.ORIGINAL_PAYMENT,
                Payout.Status.PENDING,
                null,
                null,
                at,
                at);
    }
}
