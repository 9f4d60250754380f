package com.refundpipeline.policy;

import com.refundpipeline.domain.PayoutMethod;
import com.refundpipeline.domain.Readable;
import com.refundpipeline.domain.RefundReason;
import com.refundpipeline.domain.Resolution;
import com.refundpipeline.domain.ReturnShipping;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A store's refund policy as data: one version of it, read and checked by {@link PolicyReader}. Amounts are minor
 * units per ISO 4217 currency; durations are ISO-8601.
 */
public record PolicyDocument(
        String store,
        String version,
        EvidenceRules evidence,
        Duration evidenceExpiresAfter,
        FrequentRefunder frequentRefunder,
        List<AuthorityTier> authority,
        List<ReturnRule> rules,
        Closing closing,
        Contact contact) {

    public PolicyDocument(
            String store,
            String version,
            EvidenceRules evidence,
            Duration evidenceExpiresAfter,
            FrequentRefunder frequentRefunder,
            List<AuthorityTier> authority,
            List<ReturnRule> rules,
            Closing closing) {
        this(
                store,
                version,
                evidence,
                evidenceExpiresAfter,
                frequentRefunder,
                authority,
                rules,
                closing,
                Contact.DEFAULT);
    }

    public PolicyDocument(
            String store,
            String version,
            EvidenceRules evidence,
            Duration evidenceExpiresAfter,
            FrequentRefunder frequentRefunder,
            List<AuthorityTier> authority,
            List<ReturnRule> rules) {
        this(store, version, evidence, evidenceExpiresAfter, frequentRefunder, authority, rules, Closing.DEFAULT);
    }

    /**
     * The end of a case: a settled case (paid, declined) closes {@code feedbackWindow} after it settled, and a
     * closed or withdrawn case is kept {@code retention} after it ended, then expires (the table's TTL).
     */
    public record Closing(Duration feedbackWindow, Duration retention) {
        public static final Closing DEFAULT = new Closing(Duration.ofDays(30), Duration.ofDays(730));
    }

    /**
     * Reaching the customer by phone, as customer-service practice demands: a call only from {@code callFrom} until
     * {@code callUntil} of the customer's local clock, at most {@code maxCallAttempts} per case; {@code storeTimeZone}
     * is the store's clock (the queues' opening-date filter, and the customer's when the case has none).
     */
    public record Contact(LocalTime callFrom, LocalTime callUntil, int maxCallAttempts, ZoneId storeTimeZone) {
        public static final Contact DEFAULT =
                new Contact(LocalTime.of(10, 0), LocalTime.of(18, 0), 3, ZoneId.of("UTC"));

        /** Whether a call may be made at this local time of the customer: from callFrom, before callUntil. */
        public boolean mayCallAt(LocalTime local) {
            return !local.isBefore(callFrom) && local.isBefore(callUntil);
        }
    }

    /** Where evidence may come from and what it may be; evidence is never fetched, only its description checked. */
    public record EvidenceRules(Set<String> allowedHosts, long maxBytes, Map<String, Set<String>> contentTypes) {}

    /** More than {@code maxRefunds} other refund cases of one customer within {@code window} sends a case to a person. */
    public record FrequentRefunder(Duration window, int maxRefunds) {}

    /** Up to how much a reviewer of this tier may decide, per currency; {@code unlimited} for the top tier. */
    public record AuthorityTier(String tier, Map<String, Long> upTo, boolean unlimited) {

        public boolean covers(long amount, String currency) {
            if (unlimited) {
                return true;
            }
            Long limit = upTo.get(currency);
            return limit != null && amount <= limit;
        }

        public String describeLimit(String currency) {
            if (unlimited) {
                return "any amount";
            }
            Long limit = upTo.get(currency);
            return limit == null ? "nothing in " + currency : "up to " + Readable.money(limit, currency);
        }
    }

    /** Days a customer has to send an item back once the return is authorized, when the rule does not say. */
    public static final int DEFAULT_RETURN_DAYS = 14;

    /** What the return window counts from. */
    public enum WindowStart {
        DELIVERY,
        SHIPMENT,
        ORDER
    }

    public record Window(Duration length, WindowStart from) {}

    /** For a parcel reported not received while the carrier still has it: how long to wait before looking again. */
    public record InTransit(Duration expectedTransit, Duration grace) {}

    /**
     * The terms for some reasons, and optionally only some product categories. A rule naming categories applies when
     * any requested line is in one of them and is preferred over a rule for every category.
     */
    public record ReturnRule(
            String id,
            Set<RefundReason> reasons,
            Set<String> categories,
            Window window,
            int photosRequired,
            boolean returnInspected,
            boolean automatic,
            String reviewNote,
            Map<String, Long> autoApproveLimit,
            int restockingFeeBps,
            boolean refundShipping,
            List<PayoutMethod> methods,
            InTransit inTransit,
            List<Resolution> resolutions,
            int returnDays,
            ReturnShipping returnShipping) {

        /** A rule written before resolutions were policy: the money resolutions its methods allow, in order. */
        public ReturnRule(
                String id,
                Set<RefundReason> reasons,
                Set<String> categories,
                Window window,
                int photosRequired,
                boolean returnInspected,
                boolean automatic,
                String reviewNote,
                Map<String, Long> autoApproveLimit,
                int restockingFeeBps,
                boolean refundShipping,
                List<PayoutMethod> methods,
                InTransit inTransit) {
            this(
                    id,
                    reasons,
                    categories,
                    window,
                    photosRequired,
                    returnInspected,
                    automatic,
                    reviewNote,
                    autoApproveLimit,
                    restockingFeeBps,
                    refundShipping,
                    methods,
                    inTransit,
                    methods.stream()
                            .map(Resolution::forMethod)
                            .flatMap(java.util.Optional::stream)
                            .toList(),
                    DEFAULT_RETURN_DAYS,
                    ReturnShipping.MERCHANT);
        }

        /** Whether the item must come back (and be inspected) before anything is paid or sent. */
        public boolean returnFirst() {
            return returnInspected;
        }

        boolean covers(RefundReason reason) {
            return reasons.contains(reason);
        }
    }

    /** The rule for a reason and the categories of the requested lines. */
    public ReturnRule ruleFor(RefundReason reason, Set<String> requestedCategories) {
        Optional<ReturnRule> specific = rules.stream()
                .filter(r -> r.covers(reason) && !r.categories().isEmpty())
                .filter(r -> requestedCategories.stream().anyMatch(r.categories()::contains))
                .findFirst();
        return specific.or(() -> rules.stream()
                        .filter(r -> r.covers(reason) && r.categories().isEmpty())
                        .findFirst())
                .orElseThrow(() -> new IllegalStateException("the policy reader guarantees a rule for " + reason));
    }

    /** A duration as a policy writer wrote it: P30D rather than PT720H. */
    public static String text(Duration duration) {
        long days = duration.toDays();
        return Duration.ofDays(days).equals(duration) ? "P" + days + "D" : duration.toString();
    }

    public Optional<AuthorityTier> tier(String name) {
        return authority.stream().filter(t -> t.tier().equals(name)).findFirst();
    }
}
