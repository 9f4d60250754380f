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
        int alerts = 0;
        int updates = 0;
        int reminders = 0;
        int expired = 0;
        // The open-by-due index orders open cases by their promise (request + resolution target); everything the
        // sweep acts on is at least this old, so the query reads only those.
        Duration youngest = min(config.decisionTarget(), config.progressAfter(), config.evidenceReminderInterval());
        Instant dueBound = now.plus(pipeline.resolutionTarget()).minus(youngest);
        for (String caseId : cases.openCasesDueBefore(dueBound, SWEEP_LIMIT)) {
            RefundCase c = cases.find(caseId).orElse(null);
            if (c == null || !c.status().isOpen()) {
                continue;
            }
            if (c.status() == CaseStatus.NEEDS_EVIDENCE) {
                // The SLA clock stops while the customer owes us evidence; reminders, then expiry, instead.
                switch (evidence.chase(c, now)) {
                    case REMINDED -> reminders++;
                    case EXPIRED -> expired++;
                    case NOTHING -> {}
                }
                continue;
            }
            if (c.status().awaitsParcel()) {
                // The SLA clock stops while the customer owes us the parcel; its due time is the return deadline.
                switch (returns.chase(c, now)) {
                    case REMINDED -> reminders++;
                    case CLOSED -> expired++;
                    case NOTHING -> {}
                }
                continue;
            }
            updates += progress.update(c, now) ? 1 : 0;
            alerts += sla.check(c, now);
        }
        int closed = closing.close(now, SWEEP_LIMIT);
        DueMessages.Delivery delivery = due.deliver(now, SWEEP_LIMIT);
        return new SweepReport(alerts, updates, reminders, expired, delivery.delivered(), delivery.waiting(), closed);
    }

    private static Duration min(Duration... durations) {
        Duration min = durations[0];
        for (Duration d : durations) {
            min = d.compareTo(min) < 0 ? d : min;
        }
        return min;
    }
}
