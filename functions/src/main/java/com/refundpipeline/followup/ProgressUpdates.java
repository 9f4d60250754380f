package com.refundpipeline.followup;

import com.refundpipeline.config.FollowUpConfig;
import com.refundpipeline.domain.RefundCase;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;

/** The sweep's job for a case open longer than a day: one progress update per day, so no customer is left to wonder. */
@ApplicationScoped
public class ProgressUpdates {

    static final String PROGRESS = "progress";

    private final CustomerMessages messages;
    private final FollowUpConfig config;

    public ProgressUpdates(CustomerMessages messages, FollowUpConfig config) {
        this.messages = messages;
        this.config = config;
    }

    /** True when an update was recorded now; the day's number in its key makes a repeat a no-op. */
    boolean update(RefundCase c, Instant now) {
        Duration open = Duration.between(c.createdAt(), now);
        if (open.compareTo(config.progressAfter()) < 0) {
            return false;
        }
        long n = 1 + open.minus(config.progressAfter()).toDays();
        return messages.tell(c, PROGRESS + "#" + n, PROGRESS, null, now);
    }
}
