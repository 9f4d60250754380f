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

    /** Optional filters; null means any. */
    record Filter(String reason, String currency) {}

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
}
