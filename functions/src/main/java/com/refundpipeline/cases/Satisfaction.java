package com.refundpipeline.cases;

import com.refundpipeline.config.FollowUpConfig;
import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.Readable;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.Refusal;
import com.refundpipeline.domain.TimelineEvent;
import com.refundpipeline.store.CaseFollowUps;
import com.refundpipeline.store.CaseFollowUps.Feedback;
import com.refundpipeline.store.CaseRepository;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * The customer's answers, relayed by the storefront: their satisfaction (once per case; a score of 1-2 sends the case
 * back to a supervisor and may earn a goodwill coupon) and their unsubscribes.
 */
@ApplicationScoped
public class Satisfaction {

    private static final Logger LOG = Logger.getLogger(Satisfaction.class);
    static final int MAX_COMMENT = 2000;
    static final Set<String> CHANNELS = Set.of("email", "sms");

    @RegisterForReflection
    public record FeedbackBody(Integer score, String comment) {}

    @RegisterForReflection
    public record UnsubscribeBody(String channel) {}

    @RegisterForReflection
    public record FeedbackReceipt(String caseId, int score, boolean reopened, Long goodwillCoupon, String currency) {}

    private final CaseRepository cases;
    private final CaseFollowUps followUps;
    private final FollowUpConfig config;
    private final Clock clock;

    public Satisfaction(CaseRepository cases, CaseFollowUps followUps, FollowUpConfig config, Clock clock) {
        this.cases = cases;
        this.followUps = followUps;
        this.config = config;
        this.clock = clock;
    }

    public FeedbackReceipt answer(String caseId, FeedbackBody body) {
        if (body.score() == null) {
            throw Refusal.malformed("parameter_missing", "score is required (1 to 5)", "score");
        }
        if (body.score() < 1 || body.score() > 5) {
            throw Refusal.rule("score_invalid", "score must be from 1 to 5", "score");
        }
        String comment = body.comment() == null || body.comment().isBlank()
                ? null
                : body.comment().strip();
        if (comment != null && comment.length() > MAX_COMMENT) {
            throw Refusal.rule("comment_too_long", "comment takes at most " + MAX_COMMENT + " characters", "comment");
        }
        RefundCase c = existing(caseId);
        if (c.status().isOpen() || c.status() == CaseStatus.WITHDRAWN) {
            throw Refusal.conflict(
                    "case_not_resolved",
                    "case " + caseId + " is " + c.status().wire() + "; feedback is taken once it is resolved");
        }
        Instant now = clock.instant();
        boolean reopen = body.score() <= 2;
        Long coupon = reopen && config.goodwillCoupon() > 0 ? config.goodwillCoupon() : null;
        Feedback feedback =
                new Feedback(body.score(), comment, now, reopen, coupon, coupon == null ? null : c.currency());
        // The comment stays in the feedback, not on the timeline: the timeline is for who did what.
        TimelineEvent event = new TimelineEvent(
                now,
                reopen ? "case.reopened" : "case.feedback",
                c.status(),
                c.status(),
                "customer",
                "satisfaction " + body.score() + "/5"
                        + (reopen ? ": for a supervisor to review" : "")
                        + (coupon == null ? "" : "; goodwill coupon " + Readable.money(coupon, c.currency())));
        switch (followUps.recordFeedback(c, feedback, event)) {
            case ALREADY_GIVEN ->
                throw Refusal.conflict(
                        "feedback_already_given", "case " + caseId + " already has the customer's answer");
            case CASE_CHANGED ->
                throw Refusal.conflict("case_changed", "case " + caseId + " changed meanwhile; read it and retry");
            case RECORDED ->
                LOG.infof(
                        "case %s: satisfaction %d%s",
                        caseId, body.score(), reopen ? ", reopened for a supervisor" : "");
        }
        return new FeedbackReceipt(caseId, body.score(), reopen, coupon, feedback.currency());
    }

    public void unsubscribe(String caseId, UnsubscribeBody body) {
        if (body.channel() == null) {
            throw Refusal.malformed("parameter_missing", "channel is required (email or sms)", "channel");
        }
        if (!CHANNELS.contains(body.channel())) {
            throw Refusal.rule("parameter_invalid", "channel must be one of " + CHANNELS, "channel");
        }
        if (!followUps.unsubscribe(caseId, body.channel())) {
            throw Refusal.notFound("case_not_found", "no case " + caseId);
        }
    }

    /** For the supervisors' list (the review function): cases a low score reopened, oldest first. */
    public List<CaseFollowUps.Reopened> reopenedForSupervisor(int limit) {
        return followUps.reopenedForSupervisor(limit);
    }

    /** A supervisor has looked at a reopened case: it leaves the list, with a timeline event naming them. */
    public boolean supervisorReviewed(String caseId, String supervisor, String note) {
        RefundCase c = existing(caseId);
        return followUps.supervisorReviewed(
                c,
                new TimelineEvent(clock.instant(), "case.reopen_reviewed", c.status(), c.status(), supervisor, note));
    }

    private RefundCase existing(String caseId) {
        return cases.find(caseId).orElseThrow(() -> Refusal.notFound("case_not_found", "no case " + caseId));
    }
}
