package com.refundpipeline.store.dynamo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.refundpipeline.domain.Notification;
import com.refundpipeline.fuzz.LocalDynamo;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The outbox keyed by case (ADR 0012): a case's messages are its partition, read with one Query, and every call that
 * names a message by id alone (claim, settle, find) finds it under the case its id names.
 */
class OutboxByCaseTest {

    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    static LocalDynamo local;
    static DynamoNotificationOutbox outbox;

    @BeforeAll
    static void start() {
        local = new LocalDynamo("SendFollowUpFunction");
        outbox = new DynamoNotificationOutbox(local.dynamo(), local.config());
    }

    @AfterAll
    static void stop() {
        if (local != null) {
            local.close();
        }
    }

    static Notification pending(String caseId, String event, Instant sendAfter) {
        return Notification.pending(
                Notification.idFor(caseId, event),
                caseId,
                Notification.CUSTOMER,
                event,
                "email",
                "en",
                "Subject",
                "Body",
                Map.of(),
                NOW,
                sendAfter);
    }

    @Test
    void aCasesMessagesAreItsOwnAndOnlyItsOwn() {
        String caseId = "rc_" + UUID.randomUUID();
        String other = "rc_" + UUID.randomUUID();
        assertTrue(outbox.record(pending(caseId, "paid", NOW.plusSeconds(60))));
        assertTrue(outbox.record(pending(caseId, "received", NOW)));
        assertTrue(outbox.record(pending(other, "received", NOW)));

        assertEquals(
                List.of(caseId + "#received", caseId + "#paid"),
                outbox.forCase(caseId).stream()
                        .map(Notification::notificationId)
                        .toList());
        assertEquals(1, outbox.forCase(other).size());
    }

    @Test
    void aMessageNamedByIdAloneIsFoundUnderItsCase() {
        String caseId = "rc_" + UUID.randomUUID();
        String id = Notification.idFor(caseId, "approved");
        assertTrue(outbox.record(pending(caseId, "approved", NOW)));

        assertTrue(outbox.claim(id, NOW));
        outbox.settle(id, Notification.SENT, "ses-1", null, NOW);

        Notification sent = outbox.find(id).orElseThrow();
        assertEquals(Notification.SENT, sent.deliveryStatus());
        assertEquals(caseId, sent.caseId());
    }

    @Test
    void aMessageWhoseIdDoesNotNameItsCaseIsRefused() {
        Notification stray = pending("rc_" + UUID.randomUUID(), "paid", NOW);
        Notification elsewhere = new Notification(
                Notification.idFor("rc_other", "paid"),
                stray.caseId(),
                stray.audience(),
                stray.event(),
                stray.channel(),
                stray.locale(),
                stray.subject(),
                stray.body(),
                stray.parameters(),
                stray.deliveryStatus(),
                stray.createdAt(),
                stray.sendAfter(),
                null,
                0,
                null,
                null);
        assertThrows(IllegalArgumentException.class, () -> outbox.record(elsewhere));
    }
}
