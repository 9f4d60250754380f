package com.refundpipeline.store;

import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.TimelineEvent;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What follow-up keeps on a case besides its status: the channels the customer unsubscribed from, their satisfaction
 * answer, and whether a supervisor must look at the case again. Kept on the case item, beside the state machine.
 */
public interface CaseFollowUps {

    @RegisterForReflection
    public record Feedback(
            int score, String comment, Instant at, boolean reopened, Long goodwillCoupon, String currency) {}

    /** A case that a low satisfaction score sent back to a supervisor. */
    @RegisterForReflection
    public record Reopened(String caseId, Instant reopenedAt) {}

    enum FeedbackResult {
        RECORDED,
        ALREADY_GIVEN,
        CASE_CHANGED
    }

    /**
     * What a follow-up needs to tell the customer about a case, in one read: the case, the channels they left, whether
     * they answered the survey.
     */
    Optional<Recipient> recipient(String caseId);

    record Recipient(RefundCase refundCase, Set<String> unsubscribed, boolean answered) {}

    /** Adds the channel to the case's unsubscribed channels; false when there is no such case. */
    boolean unsubscribe(String caseId, String channel);

    /**
     * Records the answer once, with its timeline event, on the case as read (its version): a second answer or a
     * concurrent change records nothing. A reopening answer also puts the case on the supervisors' list.
     */
    FeedbackResult recordFeedback(RefundCase current, Feedback feedback, TimelineEvent event);

    /** Cases reopened by a low score and not yet looked at, oldest first. */
    List<Reopened> reopenedForSupervisor(int limit);

    /** Takes the case off the supervisors' list, with its timeline event; false when it was not on it. */
    boolean supervisorReviewed(RefundCase current, TimelineEvent event);

    /** A case with its satisfaction answer, if any, as a stream image of its item carries both. */
    record CaseWithFeedback(RefundCase refundCase, Feedback feedback) {}
}
