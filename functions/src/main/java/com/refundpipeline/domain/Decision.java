package com.refundpipeline.domain;

import com.fasterxml.jackson.annotation.JsonCreator;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What was decided about a case and why: the outcome, the money, the rule that decided and the policy version it
 * belongs to, so the decision can be explained to the customer and replayed. An approval also carries how its amount
 * was made, line by line ({@code breakdown}).
 */
@RegisterForReflection
public record Decision(
        CaseStatus outcome,
        Long amount,
        PayoutMethod method,
        String rule,
        String policyVersion,
        DeclineCode declineCode,
        String explanation,
        String decidedBy,
        Instant decidedAt,
        List<Check> checks,
        Inputs inputs,
        String inputsHash,
        Instant holdUntil,
        RefundBreakdown breakdown,
        Grant grant) {

    @JsonCreator
    public Decision {}

    /** A decision without a granted resolution (declines, and decisions made before resolutions were policy). */
    public Decision(
            CaseStatus outcome,
            Long amount,
            PayoutMethod method,
            String rule,
            String policyVersion,
            DeclineCode declineCode,
            String explanation,
            String decidedBy,
            Instant decidedAt,
            List<Check> checks,
            Inputs inputs,
            String inputsHash,
            Instant holdUntil,
            RefundBreakdown breakdown) {
        this(
                outcome,
                amount,
                method,
                rule,
                policyVersion,
                declineCode,
                explanation,
                decidedBy,
                decidedAt,
                checks,
                inputs,
                inputsHash,
                holdUntil,
                breakdown,
                null);
    }

    /**
     * The resolution granted and why (the customer's preference, or the rule's order when the preference was not
     * offered or cannot be carried out), and the rule's return terms: whether the item must come back first, in how
     * many days, and who pays for sending it. A replacement or exchange also names its {@code fallback}: the money
     * resolution the rule offers next, granted when the store answers out of stock.
     */
    @RegisterForReflection
    public record Grant(
            Resolution resolution,
            String why,
            boolean returnFirst,
            int returnDays,
            ReturnShipping returnShipping,
            ReturnAuthorization authorization,
            Resolution fallback,
            ReplacementShipment shipment,
            String exchangeSku) {

        @JsonCreator
        public Grant {}

        /** A grant before a return was authorized. */
        public Grant(
                Resolution resolution, String why, boolean returnFirst, int returnDays, ReturnShipping returnShipping) {
            this(resolution, why, returnFirst, returnDays, returnShipping, null, null, null, null);
        }

        /** The same grant with the return authorized: the deadline and the label, written with the move. */
        public Grant withAuthorization(ReturnAuthorization newAuthorization) {
            return new Grant(
                    resolution,
                    why,
                    returnFirst,
                    returnDays,
                    returnShipping,
                    newAuthorization,
                    fallback,
                    shipment,
                    exchangeSku);
        }

        /** The same grant with the money resolution that follows when the goods cannot be sent. */
        public Grant withFallback(Resolution newFallback) {
            return new Grant(
                    resolution,
                    why,
                    returnFirst,
                    returnDays,
                    returnShipping,
                    authorization,
                    newFallback,
                    shipment,
                    exchangeSku);
        }

        /** The same grant with the store's shipment of the goods. */
        public Grant withShipment(ReplacementShipment newShipment) {
            return new Grant(
                    resolution,
                    why,
                    returnFirst,
                    returnDays,
                    returnShipping,
                    authorization,
                    fallback,
                    newShipment,
                    exchangeSku);
        }

        /** The same grant exchanging for {@code sku}: a reviewer's exchange names the variant the request did not. */
        public Grant withExchangeSku(String sku) {
            return new Grant(
                    resolution, why, returnFirst, returnDays, returnShipping, authorization, fallback, shipment, sku);
        }

        /** The variant an exchange sends: the one granted, else the one the request asked for. */
        public String exchangeSkuFor(RefundRequest request) {
            if (resolution != Resolution.EXCHANGE) {
                return null;
            }
            return exchangeSku != null ? exchangeSku : request.exchangeSku();
        }

        /** Whether the grant sends goods (a replacement or an exchange) rather than money. */
        public boolean sendsGoods() {
            return resolution != null && resolution.payoutMethod().isEmpty();
        }
    }

    /** The same decision with the resolution it grants. */
    public Decision withGrant(Grant newGrant) {
        return new Decision(
                outcome,
                amount,
                method,
                rule,
                policyVersion,
                declineCode,
                explanation,
                decidedBy,
                decidedAt,
                checks,
                inputs,
                inputsHash,
                holdUntil,
                breakdown,
                newGrant);
    }

    /** A decision without a validator record (the first policy version wrote these). */
    public Decision(
            CaseStatus outcome,
            Long amount,
            PayoutMethod method,
            String rule,
            String policyVersion,
            DeclineCode declineCode,
            String explanation,
            String decidedBy,
            Instant decidedAt) {
        this(
                outcome,
                amount,
                method,
                rule,
                policyVersion,
                declineCode,
                explanation,
                decidedBy,
                decidedAt,
                null,
                null,
                null,
                null,
                null);
    }

    /** A decision without a line-by-line amount (declines, holds, reviews, and decisions made before it existed). */
    public Decision(
            CaseStatus outcome,
            Long amount,
            PayoutMethod method,
            String rule,
            String policyVersion,
            DeclineCode declineCode,
            String explanation,
            String decidedBy,
            Instant decidedAt,
            List<Check> checks,
            Inputs inputs,
            String inputsHash,
            Instant holdUntil) {
        this(
                outcome,
                amount,
                method,
                rule,
                policyVersion,
                declineCode,
                explanation,
                decidedBy,
                decidedAt,
                checks,
                inputs,
                inputsHash,
                holdUntil,
                null);
    }

    /** The same decision for the amount a breakdown computed, line by line. */
    public Decision withAmount(RefundBreakdown newBreakdown) {
        return new Decision(
                outcome,
                newBreakdown.total(),
                method,
                rule,
                policyVersion,
                declineCode,
                explanation,
                decidedBy,
                decidedAt,
                checks,
                inputs,
                inputsHash,
                holdUntil,
                newBreakdown,
                grant);
    }

    /**
     * What one validator found: passed or not, the outcome it asked for when not, and why, in words a person can
     * read out.
     */
    @RegisterForReflection
    public record Check(String validator, boolean passed, CaseStatus demands, String message) {}

    /**
     * What the decision saw besides the case's own request, so it can be replayed exactly: what other cases of the
     * order had committed (amount, and units per sku, which set the cent shares of discounts, tax and shipping), how
     * many refunds the customer had in the frequent-refunder window, and the time.
     */
    @RegisterForReflection
    public record Inputs(
            String ledgerCurrency,
            long capturedAmount,
            long committedElsewhere,
            int customerRecentRefunds,
            Instant decidedAt,
            Map<String, Long> committedUnits) {

        @JsonCreator
        public Inputs {}

        public Inputs(
                String ledgerCurrency,
                long capturedAmount,
                long committedElsewhere,
                int customerRecentRefunds,
                Instant decidedAt) {
            this(ledgerCurrency, capturedAmount, committedElsewhere, customerRecentRefunds, decidedAt, null);
        }
    }
}
