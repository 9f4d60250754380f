package com.refundpipeline.followup;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.jboss.logging.Logger;

import com.refundpipeline.config.FollowUpConfig;
import com.refundpipeline.config.PipelineConfig;
import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.CaseTransition;
import com.refundpipeline.domain.Decision;
import com.refundpipeline.domain.DeclineCode;
import com.refundpipeline.domain.Notification;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.TimelineEvent;
import com.refundpipeline.logging.LogEvents;
import com.refundpipeline.policy.RefundPolicy;
import com.refundpipeline.store.CaseFollowUps;
import com.refundpipeline.store.CaseRepository;
import com.refundpipeline.store.NotificationOutbox;
import com.refundpipeline.store.TransitionResult;

/**
 * Puts what the customer and operations must hear into the outbox, once per case and event (the outbox id is the
 * case and the event, so a repeated message or a repeated schedule records nothing new), and hands it to the
 * {@link Courier} at once. What cannot go out at once (quiet hours, the daily cap, a survey days later) waits in the
 * outbox with its time, and the scheduled sweep sends it when that time has come.
 */
@ApplicationScoped
public class FollowUpService {

    private static final Logger LOG = Logger.getLogger(FollowUpService.class);
    /** Enough for one sweep to stay well inside the function's timeout; the next sweep takes the rest. */
    static final int SWEEP_LIMIT = 200;

    static final String SURVEY = "survey";
    static final String PROGRESS = "progress";
    static final String EVIDENCE_REMINDER = "evidence_reminder";
    static final String SLA_DECISION = "sla_decision";
    static final String SLA_BREACH = "sla_breach";

    /** What one sweep did, for its log line and for tests. */
    public record SweepReport(int alerts, int progressUpdates, int reminders, int expired, int delivered,
            int waiting) {
    }

    private final CaseRepository cases;
    private final CaseFollowUps followUps;
    private final NotificationOutbox outbox;
    private final Courier courier;
    private final FollowUpConfig config;
    private final PipelineConfig pipeline;
    private final Clock clock;
    /** How long a case may wait on evidence: the store's policy says, not the follow-up's own settings. */
    private final Duration evidenceExpiry;

    public FollowUpService(CaseRepository cases, CaseFollowUps followUps, NotificationOutbox outbox, Courier courier,
            FollowUpConfig config, PipelineConfig pipeline, Clock clock, RefundPolicy policy) {
        this.evidenceExpiry = policy.document().evidenceExpiresAfter();
        this.cases = cases;
        this.followUps = followUps;
        this.outbox = outbox;
        this.courier = courier;
        this.config = config;
        this.pipeline = pipeline;
        this.clock = clock;
    }

    /** Tells the customer the case reached {@code status}, if it is still there or has passed through it. */
    public void statusChanged(String caseId, CaseStatus status) {
        RefundCase refundCase = cases.find(caseId).orElseThrow(() -> new IllegalStateException("no case " + caseId));
        Optional<TimelineEvent> reached = lastArrival(refundCase, status);
        if (reached.isEmpty()) {
            // The message outran the write it reports (it cannot, as writes come first) or names a status the case
            // never had: either way there is nothing true to tell.
            throw new IllegalStateException("case " + caseId + " never reached " + status.wire());
        }
        if (!MessageTemplates.has(status.wire())) {
            return;
        }
        RefundCase asOfStatus = refundCase.status() == status ? refundCase : statusView(refundCase, status);
        Instant expires = status == CaseStatus.NEEDS_EVIDENCE ? reached.get().at().plus(evidenceExpiry) : null;
        tellCustomer(asOfStatus, status.wire(), status.wire(), expires, clock.instant());
        if (status == CaseStatus.PAID) {
            // Asked once the money has settled, not when it was requested; the Courier checks again when it is due.
            tellCustomer(asOfStatus, SURVEY, SURVEY, null, reached.get().at().plus(config.surveyDelay()));
        }
    }

    /**
     * The scheduled sweep: evidence reminders and expiry, daily progress updates, SLA alerts, then every message
     * whose time has come. Repeating it changes nothing: every message has a deterministic id and every move is
     * conditional.
     */
    public SweepReport sweep() {
        Instant now = clock.instant();
        int alerts = 0;
        int progress = 0;
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
                Instant asked = lastArrival(c, CaseStatus.NEEDS_EVIDENCE).map(TimelineEvent::at).orElse(c.updatedAt());
                if (!now.isBefore(asked.plus(evidenceExpiry))) {
                    expired += expire(c, now) ? 1 : 0;
                } else {
                    long due = Duration.between(asked, now).dividedBy(config.evidenceReminderInterval());
                    if (due >= 1 && config.evidenceReminders() > 0) {
                        long n = Math.min(due, config.evidenceReminders());
                        reminders += tellCustomer(c, EVIDENCE_REMINDER + "#" + n, EVIDENCE_REMINDER,
                                asked.plus(evidenceExpiry), now) ? 1 : 0;
                    }
                }
                continue;
            }
            Duration open = Duration.between(c.createdAt(), now);
            if (open.compareTo(config.progressAfter()) >= 0) {
                long n = 1 + open.minus(config.progressAfter()).toDays();
                progress += tellCustomer(c, PROGRESS + "#" + n, PROGRESS, null, now) ? 1 : 0;
            }
            boolean undecided = c.status() == CaseStatus.RECEIVED || c.status() == CaseStatus.VERIFYING
                    || c.status() == CaseStatus.IN_REVIEW;
            if (undecided && c.createdAt().plus(config.decisionTarget()).isBefore(now)) {
                alerts += alert(c, SLA_DECISION, "decided", c.createdAt().plus(config.decisionTarget()), now);
            }
            if (c.resolutionDueAt().isBefore(now)) {
                alerts += alert(c, SLA_BREACH, "paid", c.resolutionDueAt(), now);
            }
        }
        int delivered = 0;
        int waiting = 0;
        // Messages that waited for the same moment (the end of the night) go out in the order they were recorded:
        // "approved" before "paid".
        List<Notification> due = outbox.dueBefore(now, SWEEP_LIMIT).stream()
                .sorted(Comparator.comparing(Notification::sendAfter).thenComparing(Notification::createdAt))
                .toList();
        for (Notification message : due) {
            String status = courier.deliver(message);
            if (Notification.PENDING.equals(status)) {
                waiting++;
            } else {
                delivered++;
            }
        }
        return new SweepReport(alerts, progress, reminders, expired, delivered, waiting);
    }

    /** needs_evidence → declined (no_evidence), one conditional write; then the customer hears why. */
    private boolean expire(RefundCase c, Instant now) {
        String policyVersion = c.decision() == null ? null : c.decision().policyVersion();
        Decision decision = new Decision(CaseStatus.DECLINED, null, null, "evidence_expiry", policyVersion,
                DeclineCode.NO_EVIDENCE, DeclineCode.NO_EVIDENCE.explanation(), RefundCase.SYSTEM, now);
        CaseTransition transition = c.moveTo(CaseStatus.DECLINED, RefundCase.SYSTEM,
                "no evidence within " + evidenceExpiry, now).withDecision(decision);
        if (cases.apply(transition) != TransitionResult.APPLIED) {
            return false; // evidence arrived, or another sweep expired it first
        }
        LOG.infof("case %s declined: no evidence within %s", c.caseId(), evidenceExpiry);
        statusChanged(c.caseId(), CaseStatus.DECLINED);
        return true;
    }

    /** One alert per case and target; operations read the case by its id (no personal data in the alert). */
    private int alert(RefundCase c, String event, String due, Instant target, Instant now) {
        Notification alert = Notification.pending(Notification.idFor(c.caseId(), event), c.caseId(),
                Notification.OPERATIONS, event, "operations", "en", "SLA breach: not " + due + ": " + c.caseId(),
                "Case " + c.caseId() + " (" + c.request().reason().wire() + ") is " + c.status().wire()
                        + "; it should have been " + due + " by " + target + ".",
                Map.of("status", c.status().wire(), "target", target.toString()), now, now);
        if (!outbox.record(alert)) {
            return 0;
        }
        LogEvents.log(LOG, Logger.Level.WARN, LogEvents.SLA_BREACHED, "case %s breached its %s target (%s)",
                c.caseId(), event, target);
        courier.deliver(alert);
        return 1;
    }

    /**
     * Records the customer's message for {@code event} (its id suffix {@code key}) to go out from {@code sendAfter},
     * and tries it at once when that time has come. False when it was recorded before: a repeat sends nothing here;
     * a message an earlier attempt left pending goes out with the next sweep.
     */
    private boolean tellCustomer(RefundCase c, String key, String event, Instant expires, Instant sendAfter) {
        MessageTemplates.Message text = MessageTemplates.render(event, c, expires);
        Instant now = clock.instant();
        Notification message = Notification.pending(Notification.idFor(c.caseId(), key), c.caseId(),
                Notification.CUSTOMER, event, c.request().customer().channel(),
                MessageTemplates.language(c.request().customer().locale()), text.subject(), text.body(), Map.of(),
                now, sendAfter);
        if (!outbox.record(message)) {
            return false;
        }
        LOG.infof("case %s: %s recorded for %s", c.caseId(), key, message.channel());
        if (!sendAfter.isAfter(now)) {
            courier.deliver(message);
        }
        return true;
    }

    private static Optional<TimelineEvent> lastArrival(RefundCase c, CaseStatus status) {
        TimelineEvent last = null;
        for (TimelineEvent e : c.timeline()) {
            if (e.to() == status) {
                last = e;
            }
        }
        return Optional.ofNullable(last);
    }

    private static Duration min(Duration... durations) {
        Duration min = durations[0];
        for (Duration d : durations) {
            min = d.compareTo(min) < 0 ? d : min;
        }
        return min;
    }

    /** The case as it was when it reached {@code status}, for a message that arrives after the case moved on. */
    private static RefundCase statusView(RefundCase c, CaseStatus status) {
        return new RefundCase(c.caseId(), status, c.version(), c.createdAt(), c.updatedAt(), c.resolutionDueAt(),
                c.request(), c.requestHash(), c.requestedAmount(), c.decision(), c.payout(), c.timeline());
    }
}
