package com.refundpipeline.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The life of a refund case, and the only place that says which move is allowed.
 *
 * <pre>
 * received | verifying -> approved | declined | needs_evidence | in_review | on_hold
 * on_hold              -> approved | declined | needs_evidence | in_review (re-checked when the hold ends)
 * needs_evidence       -> verifying (evidence added) | declined (expired)
 * in_review            -> approved | declined | needs_evidence
 * approved             -> payout_pending -> paid | payout_failed (retryable -> payout_pending)
 * paid | declined | payout_failed -> closed;  anything before payout -> withdrawn
 * received | verifying | on_hold | in_review -> awaiting_return (the rule needs the item back first)
 * awaiting_return   -> return_in_transit | return_received | closed (no parcel by the deadline)
 * return_in_transit -> return_received
 * return_received   -> approved | declined (inspection) | replacement_pending (an exchange after inspection)
 * received | verifying | on_hold | in_review -> replacement_pending (replacement or exchange granted)
 * replacement_pending -> replaced (the store shipped it) | approved (out of stock: the rule's next resolution)
 * replaced -> closed (after the feedback window)
 * </pre>
 * The customer (through the storefront) may withdraw at any point before the money moves, i.e. from every status
 * that can move to {@code withdrawn}; from payout_pending on, the money is moving and withdrawal is refused.
 */
public enum CaseStatus {
    RECEIVED,
    VERIFYING,
    NEEDS_EVIDENCE,
    IN_REVIEW,
    /** Waiting for a known moment (a parcel's expected delivery plus grace), then decided again. */
    ON_HOLD,
    APPROVED,
    DECLINED,
    PAYOUT_PENDING,
    PAID,
    PAYOUT_FAILED,
    CLOSED,
    WITHDRAWN,
    /** A return authorization was issued: the customer has a label and a deadline to send the item back. */
    AWAITING_RETURN,
    /** The carrier has the parcel on its way back. */
    RETURN_IN_TRANSIT,
    /** The parcel arrived at the warehouse; it waits to be inspected line by line. */
    RETURN_RECEIVED,
    /** The store's order system was asked to ship a replacement or an exchange; waiting for its answer. */
    REPLACEMENT_PENDING,
    /** The store shipped the replacement or exchange: settled, like paid. */
    REPLACED;

    private static final Set<CaseStatus> DECISIONS = EnumSet.of(APPROVED, DECLINED, NEEDS_EVIDENCE, IN_REVIEW);

    private static final Map<CaseStatus, Set<CaseStatus>> NEXT = Map.ofEntries(
            Map.entry(
                    RECEIVED,
                    with(with(with(with(DECISIONS, ON_HOLD), WITHDRAWN), AWAITING_RETURN), REPLACEMENT_PENDING)),
            Map.entry(
                    VERIFYING,
                    with(with(with(with(DECISIONS, ON_HOLD), WITHDRAWN), AWAITING_RETURN), REPLACEMENT_PENDING)),
            Map.entry(ON_HOLD, with(with(with(DECISIONS, WITHDRAWN), AWAITING_RETURN), REPLACEMENT_PENDING)),
            Map.entry(NEEDS_EVIDENCE, EnumSet.of(VERIFYING, DECLINED, WITHDRAWN)),
            Map.entry(
                    IN_REVIEW,
                    EnumSet.of(APPROVED, DECLINED, NEEDS_EVIDENCE, WITHDRAWN, AWAITING_RETURN, REPLACEMENT_PENDING)),
            Map.entry(AWAITING_RETURN, EnumSet.of(RETURN_IN_TRANSIT, RETURN_RECEIVED, CLOSED, WITHDRAWN)),
            Map.entry(RETURN_IN_TRANSIT, EnumSet.of(RETURN_RECEIVED, WITHDRAWN)),
            Map.entry(RETURN_RECEIVED, EnumSet.of(APPROVED, DECLINED, WITHDRAWN, REPLACEMENT_PENDING)),
            // The store was asked to ship: no withdrawal (the goods may be on their way); out of stock -> approved.
            Map.entry(REPLACEMENT_PENDING, EnumSet.of(REPLACED, APPROVED)),
            Map.entry(REPLACED, EnumSet.of(CLOSED)),
            Map.entry(APPROVED, EnumSet.of(PAYOUT_PENDING, WITHDRAWN)),
            Map.entry(PAYOUT_PENDING, EnumSet.of(PAID, PAYOUT_FAILED)),
            Map.entry(PAYOUT_FAILED, EnumSet.of(PAYOUT_PENDING, CLOSED)),
            Map.entry(PAID, EnumSet.of(CLOSED)),
            Map.entry(DECLINED, EnumSet.of(CLOSED)),
            Map.entry(CLOSED, EnumSet.noneOf(CaseStatus.class)),
            Map.entry(WITHDRAWN, EnumSet.noneOf(CaseStatus.class)));

    /** The statuses the customer hears about (each has a message in send-follow-up's templates). */
    private static final Set<CaseStatus> TOLD = EnumSet.of(
            RECEIVED,
            NEEDS_EVIDENCE,
            APPROVED,
            DECLINED,
            PAID,
            PAYOUT_FAILED,
            WITHDRAWN,
            AWAITING_RETURN,
            RETURN_IN_TRANSIT,
            RETURN_RECEIVED,
            REPLACEMENT_PENDING,
            REPLACED);

    /**
     * Whether reaching this status is news for the customer. The others (verifying, in review, on hold, payout
     * pending...) send no follow-up message at all: nobody would be told anything.
     */
    public boolean tellsCustomer() {
        return TOLD.contains(this);
    }

    public boolean canMoveTo(CaseStatus next) {
        return NEXT.get(this).contains(next);
    }

    /** Whether the customer may still withdraw: the money has not started to move. */
    public boolean withdrawable() {
        return canMoveTo(WITHDRAWN);
    }

    /** Whether the money has started to move (or moved): a withdrawal comes too late. */
    public boolean moneyMoving() {
        return this == PAYOUT_PENDING || this == PAID || this == PAYOUT_FAILED;
    }

    /** Settled: the case waits only for the feedback window, then closes. */
    public boolean settled() {
        return this == PAID || this == DECLINED || this == REPLACED;
    }

    /** Whether the case waits on the customer's parcel (the SLA clock stops, the return deadline runs). */
    public boolean awaitsParcel() {
        return this == AWAITING_RETURN || this == RETURN_IN_TRANSIT;
    }

    /** Whether the case still counts against the promised resolution time. */
    public boolean isOpen() {
        return this != PAID && this != DECLINED && this != REPLACED && this != CLOSED && this != WITHDRAWN;
    }

    /** Whether verify-evidence may (re)decide a case in this status. */
    public boolean awaitsVerification() {
        return this == RECEIVED || this == VERIFYING || this == ON_HOLD;
    }

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static CaseStatus fromWire(String value) {
        return parse(value).orElseThrow(() -> new IllegalArgumentException("unknown case status: " + value));
    }

    public static Optional<CaseStatus> parse(String value) {
        for (CaseStatus status : values()) {
            if (status.wire().equals(value)) {
                return Optional.of(status);
            }
        }
        return Optional.empty();
    }

    private static Set<CaseStatus> with(Set<CaseStatus> base, CaseStatus extra) {
        EnumSet<CaseStatus> all = EnumSet.copyOf(base);
        all.add(extra);
        return all;
    }
}
