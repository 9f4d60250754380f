package com.refundpipeline.store.dynamo;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.refundpipeline.domain.Notification;
import com.refundpipeline.followup.Courier;
import com.refundpipeline.fuzz.LocalDynamo;
import com.refundpipeline.store.NotificationOutbox;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The chaos run's defect (seed 2026: customers never told "received", "declined", "paid"), without the harness: a
 * DynamoDB write to the outbox is applied but its answer lost, and the SDK repeats it, as it does after a timeout or a
 * dropped connection. The repeat fails its condition against the write it made itself. Before the fix the outbox read
 * that as "recorded (or claimed) by someone else": a message recorded already claimed ({@code sending}) then had no
 * sender, no sweep looks at claimed messages, and it was never sent; a lost settle threw and sent the queue message
 * round again until it was dead-lettered.
 */
class OutboxLostAnswerTest {

    static final Instant NOW = Instant.parse("2026-11-30T12:00:00Z");

    static LocalDynamo local;
    /** When set, the next write is made twice and only the second answer returned, as an SDK retry after a loss. */
    static final AtomicBoolean loseNextAnswer = new AtomicBoolean();

    static DynamoNotificationOutbox outbox;

    @BeforeAll
    static void start() {
        local = new LocalDynamo("SendFollowUpFunction");
        DynamoDbClient real = local.dynamo();
        DynamoDbClient losing = LosingDynamo.around(real, loseNextAnswer);
        outbox = new DynamoNotificationOutbox(losing, local.config());
    }

    @AfterAll
    static void stop() {
        if (local != null) {
            local.close();
        }
    }

    static Notification message(String id, String status) {
        Notification pending = Notification.pending(
                id, "rc_lost", "customer", "paid", "email", "en", "Subject", "Body", Map.of(), NOW, NOW);
        return new Notification(
                pending.notificationId(),
                pending.caseId(),
                pending.audience(),
                pending.event(),
                pending.channel(),
                pending.locale(),
                pending.subject(),
                pending.body(),
                pending.parameters(),
                status,
                pending.createdAt(),
                pending.sendAfter(),
                null,
                Notification.SENDING.equals(status) ? 1 : 0,
                null,
                null);
    }

    static String newId() {
        return "rc_lost#" + UUID.randomUUID();
    }

    @Test
    void aClaimedMessageWhoseRecordAnswerWasLostIsStillItsWritersToSend() {
        String id = newId();
        loseNextAnswer.set(true);

        assertTrue(outbox.record(message(id, Notification.SENDING)), "the writer must know it holds the claim");
        // Anyone else recording it later (a repeated queue message) must not send it too.
        assertFalse(outbox.record(message(id, Notification.SENDING)));
    }

    @Test
    void aPaidMessageAndItsSurveyWhoseTransactionAnswerWasLostAreStillTheWriters() {
        String id = newId();
        loseNextAnswer.set(true);

        assertTrue(outbox.recordWith(message(id, Notification.SENDING), message(id + "#survey", Notification.PENDING)));
        assertFalse(
                outbox.recordWith(message(id, Notification.SENDING), message(id + "#survey", Notification.PENDING)));
    }

    @Test
    void aClaimWhoseAnswerWasLostIsTheClaimersAndNobodyElses() {
        String id = newId();
        assertTrue(outbox.record(message(id, Notification.PENDING)));
        loseNextAnswer.set(true);

        assertTrue(outbox.claim(id, NOW), "the claimer must send it: nobody else can claim it now");
        assertFalse(outbox.claim(id, NOW));
        assertEquals(1, outbox.find(id).orElseThrow().attempts());
    }

    @Test
    void aSettleWhoseAnswerWasLostIsDoneNotAFailure() {
        String id = newId();
        assertTrue(outbox.record(message(id, Notification.SENDING)));
        loseNextAnswer.set(true);

        assertDoesNotThrow(() -> outbox.settle(id, Notification.SENT, "ses-1", null, NOW));
        assertEquals(Notification.SENT, outbox.find(id).orElseThrow().deliveryStatus());
    }

    @Test
    void aClaimsLeaseRunsFromTheClaimNotFromWhenTheMessageIsDated() {
        // The received message is dated when the case was opened and claimed when the case first moves, maybe an
        // hour later: a lease from its date would hand a live sender's claim to the sweep (ADR 0061).
        String id = newId();
        Notification dated = message(id, Notification.SENDING);
        Instant claimedAt = NOW.plus(Duration.ofHours(1));
        assertTrue(outbox.record(new Notification(
                dated.notificationId(),
                dated.caseId(),
                dated.audience(),
                dated.event(),
                dated.channel(),
                dated.locale(),
                dated.subject(),
                dated.body(),
                dated.parameters(),
                dated.deliveryStatus(),
                NOW,
                claimedAt,
                null,
                1,
                null,
                null)));

        assertTrue(
                outbox.staleClaims(claimedAt.plusSeconds(1).minus(Courier.CLAIM_LEASE), 200).stream()
                        .noneMatch(s -> s.message().notificationId().equals(id)),
                "claimed a second ago: still its sender's");
        assertTrue(
                outbox.staleClaims(claimedAt.plusSeconds(1), 200).stream()
                        .anyMatch(s -> s.message().notificationId().equals(id)),
                "a lease past its claim is over");
    }

    @Test
    void aClaimWhoseSenderDiedIsTakenOverOnceAfterTheLease() {
        String id = newId();
        assertTrue(outbox.record(message(id, Notification.SENDING))); // claimed at NOW, then the sender was killed
        Instant later = NOW.plus(Courier.CLAIM_LEASE).plusSeconds(1);

        assertTrue(
                outbox.staleClaims(NOW.minusSeconds(1), 200).stream()
                        .noneMatch(s -> s.message().notificationId().equals(id)),
                "a claim within its lease is its sender's");
        NotificationOutbox.StaleClaim stale = outbox.staleClaims(later.minus(Courier.CLAIM_LEASE), 200).stream()
                .filter(s -> s.message().notificationId().equals(id))
                .findFirst()
                .orElseThrow(() -> new AssertionError("the sweep must find the claim its sender left"));
        assertTrue(outbox.reclaim(id, stale.claimedAt(), later));
        assertFalse(outbox.reclaim(id, stale.claimedAt(), later), "two sweeps: one takes it over");

        outbox.settle(id, Notification.SENT, "ses-2", null, later);
        assertTrue(
                outbox.staleClaims(later.plus(Duration.ofDays(1)), 200).stream()
                        .noneMatch(s -> s.message().notificationId().equals(id)),
                "a settled message leaves the index");
    }
}
