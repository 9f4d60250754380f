package com.refundpipeline.store.dynamo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.CaseTransition;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.RefundRequest;
import com.refundpipeline.domain.TimelineEvent;
import com.refundpipeline.fuzz.LocalDynamo;
import com.refundpipeline.json.Json;
import com.refundpipeline.store.TransitionResult;
import com.refundpipeline.submit.RefundRequestBody;
import com.refundpipeline.submit.RefundRequestValidatorAccess;
import com.refundpipeline.testing.Requests;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Random interleavings of moves on one case against DynamoDB Local, checked against a model of CaseStatus: deciders
 * that read the case then move it, duplicate deliveries of a move already made, late messages acting on a copy read
 * several moves ago, the same write repeated after a lost answer, two deciders racing on the same version, moves
 * the state machine forbids, and notes (unconditional appends, with the status of an old read) written between a
 * decider's read and its move. Whatever the order, the stored case is exactly the model's: its status, its version,
 * and its timeline, event for event as written (a move's {@code from} is stored implied by the move before it, ADR
 * 0037), of allowed moves only.
 */
class CaseInterleavingPropertyTest {

    static LocalDynamo local;
    static DynamoCaseRepository cases;
    static DynamoCaseQueues queues;
    static final RefundRequest REQUEST = RefundRequestValidatorAccess.validate(
            Json.read(Requests.damaged("ord_interleaving"), RefundRequestBody.class));
    static final Instant T0 = Instant.parse("2026-11-30T12:00:00Z");

    enum Kind {
        DECIDE,
        DUPLICATE,
        LATE,
        RACE,
        FORBIDDEN,
        NOTE
    }

    record Move(Kind kind, int choice, int other, int age) {}

    @BeforeContainer
    static void start() {
        local = new LocalDynamo();
        cases = new DynamoCaseRepository(local.dynamo(), local.config());
        queues = new DynamoCaseQueues(local.dynamo(), local.config());
    }

    @AfterContainer
    static void stop() {
        if (local != null) {
            local.close();
        }
    }

    @Provide
    Arbitrary<List<Move>> moves() {
        Arbitrary<Move> move = Combinators.combine(
                        Arbitraries.of(Kind.class),
                        Arbitraries.integers().between(0, 11),
                        Arbitraries.integers().between(0, 11),
                        Arbitraries.integers().between(1, 4))
                .as(Move::new);
        return move.list().ofMinSize(1).ofMaxSize(14);
    }

    @Property(tries = 60, seed = "17")
    void everyInterleavingFollowsCaseStatus(@ForAll("moves") List<Move> moves) throws Exception {
        RefundCase opened =
                RefundCase.open("interleave-" + UUID.randomUUID(), REQUEST, "hash", T0, Duration.ofHours(24));
        cases.createOrGetExisting(opened);
        CaseStatus modelStatus = CaseStatus.RECEIVED;
        long modelVersion = 1;
        List<RefundCase> seen = new ArrayList<>(List.of(opened));
        CaseTransition last = null;
        List<TimelineEvent> modelTimeline = new ArrayList<>(opened.timeline());
        int minute = 0;
        for (Move move : moves) {
            RefundCase current = cases.find(opened.caseId()).orElseThrow();
            List<CaseStatus> next = allowed(current.status());
            Instant at = T0.plusSeconds(60L * ++minute);
            switch (move.kind()) {
                case DECIDE -> {
                    if (next.isEmpty()) {
                        continue;
                    }
                    CaseTransition t = current.moveTo(next.get(move.choice() % next.size()), "decider", "move", at);
                    assertEquals(TransitionResult.APPLIED, cases.apply(t), "a fresh decider's move is written");
                    modelStatus = t.to();
                    modelVersion++;
                    modelTimeline.add(t.event());
                    last = t;
                }
                case NOTE -> {
                    // A reviewer's note, from a read several moves ago, lands after this decider read the case and
                    // before it moves: the move was encoded against a timeline without the note.
                    RefundCase old = seen.get(Math.max(0, seen.size() - 1 - move.age()));
                    TimelineEvent note =
                            new TimelineEvent(at, "case.note", old.status(), old.status(), "reviewer:r", "note|\\");
                    assertTrue(
                            queues.addNote(opened.caseId(), old.status(), note).isPresent());
                    modelTimeline.add(note);
                    if (!next.isEmpty()) {
                        CaseTransition t = current.moveTo(
                                next.get(move.choice() % next.size()), "decider", "after a note", at.plusSeconds(1));
                        assertEquals(TransitionResult.APPLIED, cases.apply(t), "a note does not stop a move");
                        modelStatus = t.to();
                        modelVersion++;
                        modelTimeline.add(t.event());
                        last = t;
                    }
                }
                case DUPLICATE -> {
                    if (last != null) {
                        // A redelivered message makes the same move again from the case it first read, at its own
                        // instant: the version has moved on, so nothing is written.
                        CaseTransition again =
                                last.current().moveTo(last.to(), last.event().actor(), "again", at);
                        assertEquals(
                                TransitionResult.STALE, cases.apply(again), "a duplicate delivery changes nothing");
                        // The very same write repeated (the SDK's retry after a lost answer) is known as made (ADR
                        // 0035), so its caller re-tells the move; it writes nothing either.
                        assertEquals(TransitionResult.APPLIED, cases.apply(last), "a repeated write is known as made");
                    }
                }
                case LATE -> {
                    RefundCase old = seen.get(Math.max(0, seen.size() - 1 - move.age()));
                    List<CaseStatus> then = allowed(old.status());
                    if (then.isEmpty() || old.version() == current.version()) {
                        continue;
                    }
                    CaseTransition t = old.moveTo(then.get(move.choice() % then.size()), "late", "late", at);
                    assertEquals(TransitionResult.STALE, cases.apply(t), "a late message acts on an old version");
                }
                case RACE -> {
                    if (next.isEmpty()) {
                        continue;
                    }
                    CaseTransition a = current.moveTo(next.get(move.choice() % next.size()), "decider-a", "a", at);
                    CaseTransition b = current.moveTo(next.get(move.other() % next.size()), "decider-b", "b", at);
                    CyclicBarrier start = new CyclicBarrier(2);
                    CompletableFuture<TransitionResult> ra = CompletableFuture.supplyAsync(() -> race(start, a));
                    CompletableFuture<TransitionResult> rb = CompletableFuture.supplyAsync(() -> race(start, b));
                    TransitionResult resultA = ra.get();
                    TransitionResult resultB = rb.get();
                    assertTrue(
                            resultA == TransitionResult.APPLIED ^ resultB == TransitionResult.APPLIED,
                            "exactly one of two racing deciders wins: " + resultA + ", " + resultB);
                    CaseTransition winner = resultA == TransitionResult.APPLIED ? a : b;
                    modelStatus = winner.to();
                    modelVersion++;
                    modelTimeline.add(winner.event());
                    last = winner;
                }
                case FORBIDDEN -> {
                    EnumSet<CaseStatus> forbidden = EnumSet.complementOf(EnumSet.copyOf(withSelf(next, current)));
                    if (forbidden.isEmpty()) {
                        continue;
                    }
                    CaseStatus target = new ArrayList<>(forbidden).get(move.choice() % forbidden.size());
                    try {
                        current.moveTo(target, "rogue", "forbidden", at);
                        throw new AssertionError(current.status() + " -> " + target + " was allowed");
                    } catch (IllegalStateException refused) {
                        // the state machine refuses before anything is written
                    }
                }
            }
            RefundCase stored = cases.find(opened.caseId()).orElseThrow();
            seen.add(stored);
            assertEquals(modelStatus, stored.status(), "status after " + move);
            assertEquals(modelVersion, stored.version(), "version after " + move);
            assertEquals(modelTimeline, stored.timeline(), "timeline after " + move);
            assertTimelineFollowsCaseStatus(stored);
        }
    }

    private static TransitionResult race(CyclicBarrier start, CaseTransition t) {
        try {
            start.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return cases.apply(t);
    }

    private static List<CaseStatus> allowed(CaseStatus from) {
        return EnumSet.allOf(CaseStatus.class).stream().filter(from::canMoveTo).toList();
    }

    private static List<CaseStatus> withSelf(List<CaseStatus> next, RefundCase current) {
        List<CaseStatus> all = new ArrayList<>(next);
        all.add(current.status());
        return all;
    }

    static void assertTimelineFollowsCaseStatus(RefundCase stored) {
        List<TimelineEvent> timeline = stored.timeline().stream()
                .filter(e -> !"case.note".equals(e.type()))
                .toList();
        assertEquals(stored.version(), timeline.size(), "one timeline move per version");
        CaseStatus at = CaseStatus.RECEIVED;
        for (TimelineEvent event : timeline.subList(1, timeline.size())) {
            assertEquals(at, event.from(), "the timeline continues from where it was");
            assertTrue(at.canMoveTo(event.to()), at + " -> " + event.to() + " is not an allowed move");
            at = event.to();
        }
        assertEquals(stored.status(), at, "the timeline ends at the status");
    }
}
