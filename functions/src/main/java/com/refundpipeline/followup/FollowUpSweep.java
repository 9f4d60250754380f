package com.refundpipeline.followup;

import com.refundpipeline.config.FollowUpConfig;
import com.refundpipeline.config.PipelineConfig;
import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.store.CaseRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * The scheduled sweep: evidence reminders and expiry, daily progress updates, SLA alerts, then every message whose
 * time has come. Repeating it changes nothing: every message has a deterministic id and every move is conditional.
 */
@ApplicationScoped
public class FollowUpSweep {

    /** Enough for one sweep to stay well inside the function's timeout; the next sweep takes the rest. */
    static final int SWEEP_LIMIT = 200;

    /** Open cases read per page of the open-by-due index. */
    static final int PAGE = 50;

    /**
     * How long one sweep spends on open cases before it leaves the rest to the next sweep (the template gives the
     * function 15 s; closing and due messages come after). Cases that stay due for days (a failed payout waiting on
     * an operator, a hold) sit at the front of the index: with a fixed count, a sweep read the same oldest 200 every
     * time and never reached the rest (10,000 chaos cases: 53 of 263 cases needing evidence were reminded).
     */
    static final Duration OPEN_CASES_BUDGET = Duration.ofSeconds(6);

    /** What one sweep did, for its log line and for tests. */
    public record SweepReport(
            int alerts, int progressUpdates, int reminders, int expired, int delivered, int waiting, int closed) {}

    private final CaseRepository cases;
    private final EvidenceReminders evidence;
    private final ProgressUpdates progress;
    private final SlaAlerts sla;
    private final DueMessages due;
    private final SettledCaseClosing closing;
    private final ReturnDeadlines returns;
    private final FollowUpConfig config;
    private final PipelineConfig pipeline;
    private final Clock clock;

    /** Where this instance's next sweep of open cases starts (null: the oldest); one invocation at a time. */
    private volatile CaseRepository.DuePage.Cursor resumeAt;

    public FollowUpSweep(
            CaseRepository cases,
            EvidenceReminders evidence,
            ProgressUpdates progress,
            SlaAlerts sla,
            DueMessages due,
            SettledCaseClosing closing,
            ReturnDeadlines returns,
            FollowUpConfig config,
            PipelineConfig pipeline,
            Clock clock) {
        this.closing = closing;
        this.returns = returns;
        this.cases = cases;
        this.evidence = evidence;
        this.progress = progress;
        this.sla = sla;
        this.due = due;
        this.config = config;
        this.pipeline = pipeline;
        this.clock = clock;
    }

    public SweepReport sweep() {
        Instant now = clock.instant();
        // The open-by-due index orders open cases by their promise (request + resolution target); everything the
        // sweep acts on is at least this old, so the query reads only those.
        Duration youngest = min(config.decisionTarget(), config.progressAfter(), config.evidenceReminderInterval());
        Instant dueBound = now.plus(pipeline.resolutionTarget()).minus(youngest);
        Tally tally = new Tally();
        long stopAt = System.nanoTime() + OPEN_CASES_BUDGET.toNanos();
        CaseRepository.DuePage.Cursor from = resumeAt;
        do {
            CaseRepository.DuePage page = cases.openCasesDueBefore(dueBound, from, PAGE);
            page.caseIds().forEach(caseId -> chase(caseId, now, tally));
            from = page.next();
        } while (from != null && System.nanoTime() < stopAt);
        // Where this instance's next sweep starts: after the last page it read, or the oldest once it reached the end.
        resumeAt = from;
        int closed = closing.close(now, SWEEP_LIMIT);
        DueMessages.Delivery delivery = due.deliver(now, SWEEP_LIMIT);
        return new SweepReport(
                tally.alerts,
                tally.updates,
                tally.reminders,
                tally.expired,
                delivery.delivered(),
                delivery.waiting(),
                closed);
    }

    /** What one sweep did to open cases so far. */
    private static final class Tally {
        int alerts;
        int updates;
        int reminders;
        int expired;
    }

    private void chase(String caseId, Instant now, Tally tally) {
        RefundCase c = cases.find(caseId).orElse(null);
        if (c == null || !c.status().isOpen()) {
            return;
        }
        if (c.status() == CaseStatus.NEEDS_EVIDENCE) {
            // The SLA clock stops while the customer owes us evidence; reminders, then expiry, instead.
            switch (evidence.chase(c, now)) {
                case REMINDED -> tally.reminders++;
                case EXPIRED -> tally.expired++;
                case NOTHING -> {}
            }
            return;
        }
        if (c.status().awaitsParcel()) {
            // The SLA clock stops while the customer owes us the parcel; its due time is the return deadline.
            switch (returns.chase(c, now)) {
                case REMINDED -> tally.reminders++;
                case CLOSED -> tally.expired++;
                case NOTHING -> {}
            }
            return;
        }
        tally.updates += progress.update(c, now) ? 1 : 0;
        tally.alerts += sla.check(c, now);
    }

    private static Duration min(Duration... durations) {
        Duration min = durations[0];
        for (Duration d : durations) {
            min = d.compareTo(min) < 0 ? d : min;
        }
        return min;
    }
}
