package com.refundpipeline.store;

import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.CaseSummary;
import com.refundpipeline.domain.TimelineEvent;
import java.util.List;
import java.util.Optional;

/** What the support console reads and writes besides decisions: queues by what is due, search, internal notes. */
public interface CaseQueues {

    /** A page of a queue and the cursor of the next one (null when this is the last). */
    record Page(List<CaseSummary> cases, String next) {}

    /**
     * Optional filters; null means any. Amounts are minor units of {@code currency}; {@code openedFrom} (inclusive)
     * and {@code openedBefore} (exclusive) bound when the case was opened; {@code tier} is the authority tier the case
     * waits for, where {@code baseTier} (the policy's first) means never escalated.
     */
    record Filter(
            String reason,
            String currency,
            Long minAmount,
            Long maxAmount,
            java.time.Instant openedFrom,
            java.time.Instant openedBefore,
            String tier,
            String baseTier) {

        public Filter(String reason, String currency) {
            this(reason, currency, null, null, null, null, null, null);
        }
    }

    /** What became of a write guarded by the case's state. */
    enum Write {
        WRITTEN,
        /** The case is not as the writer read it (moved, escalated meanwhile, out of call attempts, or gone). */
        REFUSED
    }

    /** Cases in a status, the one due first first, through an index (never a scan). */
    Page dueFirst(CaseStatus status, Filter filter, int limit, String cursor);

    /** The case ids of an order's cases, newest first. */
    List<String> caseIdsOfOrder(String orderId, int limit);

    /** The case ids of a customer's cases, newest first. */
    List<String> caseIdsOfCustomer(String customerId, int limit);

    /**
     * Appends an internal note to the case's timeline without moving its status or version (so it never makes a
     * reviewer's decision conflict). Empty when there is no such case.
     */
    Optional<TimelineEvent> addNote(String caseId, CaseStatus status, TimelineEvent note);

    /**
     * Escalates the case to {@code toTier} with its timeline event, in one conditional write: only if the case is
     * still in {@code status} and still escalated to {@code fromTier} (null: never escalated). Status and version stay.
     */
    Write escalate(String caseId, CaseStatus status, String fromTier, String toTier, TimelineEvent event);

    /**
     * Records a phone call attempt with its timeline event, in one conditional write that also counts it: only while
     * fewer than {@code maxAttempts} were recorded. Status and version stay.
     */
    Write recordCall(String caseId, TimelineEvent event, int maxAttempts);
}
