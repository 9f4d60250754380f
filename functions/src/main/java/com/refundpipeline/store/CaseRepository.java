package com.refundpipeline.store;

import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.CaseSummary;
import com.refundpipeline.domain.CaseTransition;
import com.refundpipeline.domain.Inspection;
import com.refundpipeline.domain.OrderReservation;
import com.refundpipeline.domain.RefundCase;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Where refund cases live. Every write is conditional, so duplicates and races change nothing twice. */
public interface CaseRepository {

    /** Records a new case; returns the case already recorded under the same id instead, if there is one. */
    Optional<RefundCase> createOrGetExisting(RefundCase newCase);

    Optional<RefundCase> find(String caseId);

    /**
     * The inspection of the case's returned parcel, as its move recorded it ({@link CaseTransition#inspection}): empty
     * until a return was inspected.
     */
    Optional<Inspection> inspection(String caseId);

    /** Moves the case if it is still at the status and version the transition was made from. */
    TransitionResult apply(CaseTransition transition);

    /**
     * Moves the case and commits its share of the order in one transaction, so an approval can never take more than
     * the order has left.
     */
    TransitionResult apply(CaseTransition transition, OrderReservation reservation);

    /**
     * Moves the case and gives the order back the share it committed at approval (a withdrawal before the money
     * moved), in one transaction: the amount and the units return to what the order has left to refund.
     */
    TransitionResult applyReleasing(CaseTransition transition, OrderReservation reserved);

    /**
     * Moves the case and gives the order back part of the share it holds (an inspection that accepted less than the
     * return held), in one transaction; the case keeps the rest. Only a case that holds a share may do this: the
     * ledger's refusal is {@code ORDER_CAP_EXCEEDED} and nothing is written.
     */
    TransitionResult applyAdjusting(CaseTransition transition, OrderReservation released);

    /**
     * Ids of cases in a settled status ({@code paid}, {@code declined}) opened before {@code createdBefore}, oldest
     * first: the candidates for closing once their feedback window has passed (a Query on the by-status index).
     */
    List<String> inStatusCreatedBefore(CaseStatus status, Instant createdBefore, int limit);

    /**
     * Ids of cases still open whose promised resolution time is before {@code time}, oldest promise first, starting
     * after {@code after} (null: from the oldest); the page's {@code next} is where the following page starts, null
     * after the last.
     */
    DuePage openCasesDueBefore(Instant time, DuePage.Cursor after, int limit);

    /** One page of {@link #openCasesDueBefore}. */
    record DuePage(List<String> caseIds, Cursor next) {
        /** The last case read: its promised resolution time as stored, and its id. */
        public record Cursor(String dueAt, String caseId) {}
    }

    /**
     * How many refund cases the customer opened at or after {@code since}, not counting {@code exceptCaseId}: the
     * frequent-refunder signal.
     */
    int countForCustomerSince(String customerId, Instant since, String exceptCaseId);

    /** Cases in a status, oldest first (the review queue, the cases waiting on evidence). */
    List<CaseSummary> inStatusOldestFirst(CaseStatus status, int limit);
}
