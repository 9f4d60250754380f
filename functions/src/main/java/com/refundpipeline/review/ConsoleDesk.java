package com.refundpipeline.review;

import com.refundpipeline.cases.CaseView;
import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.CaseSummary;
import com.refundpipeline.domain.Currencies;
import com.refundpipeline.domain.Readable;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.Refusal;
import com.refundpipeline.domain.Resolution;
import com.refundpipeline.domain.TimelineEvent;
import com.refundpipeline.policy.PolicyDocument;
import com.refundpipeline.policy.RefundPolicy;
import com.refundpipeline.store.CaseQueues;
import com.refundpipeline.store.CaseRepository;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What the support console needs besides decisions: who is signed in and their authority, the queues by what is due,
 * search by case, order or customer id, internal notes, escalation to a higher tier and the contact log of phone
 * calls (all on the timeline, never shown to the customer).
 */
@ApplicationScoped
public class ConsoleDesk {

    public static final String NOTE_EVENT = CaseView.INTERNAL_NOTE;
    public static final String ESCALATION_EVENT = CaseView.ESCALATED;
    public static final String CALL_EVENT = CaseView.CALL_ATTEMPT;
    /** What became of a call attempt, in the order the console offers them. */
    static final List<String> CALL_OUTCOMES = List.of("reached", "no_answer", "voicemail", "wrong_number");

    static final int MAX_CALL_NOTE = 500;
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm", Locale.ROOT);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE HH:mm", Locale.ENGLISH);
    static final int MAX_NOTE = 2000;
    static final int DEFAULT_PAGE = 25;
    static final int MAX_PAGE = 100;
    static final int MAX_SEARCH = 25;

    /**
     * The queues by name: which status each lists. The warehouse's: returns waiting for inspection
     * ({@code return_received}), and returns on their way, by their deadline ({@code resolution_due_at} carries it):
     * not yet handed to the carrier ({@code awaiting_return}) and scanned in transit ({@code return_in_transit}).
     */
    static final Map<String, CaseStatus> QUEUES = Map.of(
            "in_review", CaseStatus.IN_REVIEW,
            "evidence_overdue", CaseStatus.NEEDS_EVIDENCE,
            "payouts_failed", CaseStatus.PAYOUT_FAILED,
            "returns_received", CaseStatus.RETURN_RECEIVED,
            "returns_awaited", CaseStatus.AWAITING_RETURN,
            "returns_in_transit", CaseStatus.RETURN_IN_TRANSIT);

    @RegisterForReflection
    public record Limit(String currency, long minorUnits, String formatted) {}

    @RegisterForReflection
    public record Me(
            String person,
            String tier,
            boolean unlimited,
            List<Limit> limits,
            String policyVersion,
            List<String> evidenceHosts,
            List<String> tiers,
            String storeTimeZone) {}

    @RegisterForReflection
    public record QueuePage(String queue, List<ReviewQueueEntry> data, String nextCursor) {}

    @RegisterForReflection
    public record SearchResult(String query, List<ReviewQueueEntry> data) {}

    /** One recorded call attempt, as the contact log lists it. */
    @RegisterForReflection
    public record Call(Instant at, String by, String outcome, String note) {}

    /**
     * The customer's clock and the calls so far: {@code localTime} is HH:MM in {@code timeZone}; calls may be made
     * from {@code callFrom} until {@code callUntil} of it, at most {@code maxCallAttempts} per case.
     */
    @RegisterForReflection
    public record ContactLog(
            String timeZone,
            String localTime,
            String utcOffset,
            String callFrom,
            String callUntil,
            boolean withinCallHours,
            int callAttempts,
            int maxCallAttempts,
            boolean mayCallNow,
            List<Call> calls,
            List<String> outcomes) {}

    /**
     * Where the case stands for the person looking at it: the tier it waits for (the policy's first, until
     * escalated), the next tier up (null at the top), whether this person may decide it, the goods they may grant
     * instead of money (replacement, exchange: what the case's rule offers and the store can send), and the contact
     * log.
     */
    @RegisterForReflection
    public record Desk(
            String caseId,
            String tier,
            String escalatedTo,
            String nextTier,
            boolean mayDecide,
            List<String> tiers,
            List<String> goods,
            ContactLog contact) {}

    private final CaseQueues queues;
    private final CaseRepository cases;
    private final RefundPolicy policy;
    private final Clock clock;

    /**
     * @param configured the people configured for review-case (REFUNDS_REVIEW_REVIEWERS): on AWS only a check that
     *                   their tiers exist in the policy, made at start; the local stack's sign-in lists them
     */
    public ConsoleDesk(
            CaseQueues queues, CaseRepository cases, RefundPolicy policy, Clock clock, Reviewers configured) {
        this.queues = queues;
        this.cases = cases;
        this.policy = policy;
        this.clock = clock;
    }

    public Me me(Reviewers.Reviewer reviewer) {
        PolicyDocument.AuthorityTier tier = reviewer.tier();
        List<Limit> limits = new ArrayList<>();
        tier.upTo().entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(
                        e -> limits.add(new Limit(e.getKey(), e.getValue(), Readable.money(e.getValue(), e.getKey()))));
        PolicyDocument document = policy.document();
        return new Me(
                reviewer.id(),
                tier.tier(),
                tier.unlimited(),
                List.copyOf(limits),
                document.version(),
                document.evidence() == null
                        ? List.of()
                        : List.copyOf(document.evidence().allowedHosts()),
                tierNames(),
                document.contact().storeTimeZone().getId());
    }

    public QueuePage queue(String name, Map<String, String> query) {
        CaseStatus status = QUEUES.get(name);
        if (status == null) {
            throw Refusal.notFound(
                    "queue_not_found",
                    "no queue " + name + "; the queues are "
                            + QUEUES.keySet().stream().sorted().toList());
        }
        int limit = DEFAULT_PAGE;
        String rawLimit = query.get("limit");
        if (rawLimit != null) {
            try {
                limit = Integer.parseInt(rawLimit);
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_PAGE) {
                throw Refusal.malformed("parameter_invalid", "limit is 1 to " + MAX_PAGE, "limit");
            }
        }
        CaseQueues.Filter filter = filter(query);
        CaseQueues.Page page;
        try {
            page = queues.dueFirst(status, filter, limit, query.get("cursor"));
        } catch (IllegalArgumentException bad) {
            throw Refusal.malformed("cursor_invalid", bad.getMessage(), "cursor");
        }
        Instant now = clock.instant();
        return new QueuePage(
                name,
                page.cases().stream().map(c -> ReviewQueueEntry.of(c, now)).toList(),
                page.next());
    }

    /**
     * The queue's filters from the query: reason, currency, an amount range (minor units, only with a currency: 100
     * JPY and 100 USD are not one range), the opening dates in the store's time zone ({@code opened_from},
     * {@code opened_until}, both inclusive days, YYYY-MM-DD) and the tier the case waits for.
     */
    private CaseQueues.Filter filter(Map<String, String> query) {
        String reason = blankToNull(query.get("reason"));
        String currency = blankToNull(query.get("currency"));
        if (reason != null && !reason.matches("[a-z_]{1,40}")) {
            throw Refusal.malformed("parameter_invalid", "reason is a reason code such as damaged", "reason");
        }
        if (currency != null && Currencies.find(currency).isEmpty()) {
            throw Refusal.malformed("parameter_invalid", "currency is an ISO 4217 code such as USD", "currency");
        }
        Long min = amount(query, "min_amount");
        Long max = amount(query, "max_amount");
        if ((min != null || max != null) && currency == null) {
            throw Refusal.malformed(
                    "parameter_missing", "an amount range needs a currency: amounts are compared in one", "currency");
        }
        if (min != null && max != null && min > max) {
            throw Refusal.malformed("parameter_invalid", "min_amount is more than max_amount", "min_amount");
        }
        ZoneId store = policy.document().contact().storeTimeZone();
        LocalDate from = day(query, "opened_from");
        LocalDate until = day(query, "opened_until");
        if (from != null && until != null && from.isAfter(until)) {
            throw Refusal.malformed("parameter_invalid", "opened_from is after opened_until", "opened_from");
        }
        String tier = blankToNull(query.get("tier"));
        List<String> tiers = tierNames();
        if (tier != null && !tiers.contains(tier)) {
            throw Refusal.malformed("parameter_invalid", "tier is one of " + tiers, "tier");
        }
        return new CaseQueues.Filter(
                reason,
                currency,
                min,
                max,
                from == null ? null : from.atStartOfDay(store).toInstant(),
                until == null ? null : until.plusDays(1).atStartOfDay(store).toInstant(),
                tier,
                tiers.get(0));
    }

    private static Long amount(Map<String, String> query, String name) {
        String raw = blankToNull(query.get(name));
        if (raw == null) {
            return null;
        }
        if (!raw.matches("[0-9]{1,15}")) {
            throw Refusal.malformed(
                    "parameter_invalid", name + " is a whole amount in minor units, such as 2999", name);
        }
        return Long.parseLong(raw);
    }

    private static LocalDate day(Map<String, String> query, String name) {
        String raw = blankToNull(query.get(name));
        if (raw == null) {
            return null;
        }
        try {
            return LocalDate.parse(raw);
        } catch (DateTimeParseException e) {
            throw Refusal.malformed("parameter_invalid", name + " is a day as YYYY-MM-DD", name);
        }
    }

    /** By case id (rc_...), else the order's and the customer's cases; newest first, at most {@value #MAX_SEARCH}. */
    public SearchResult search(String q) {
        String query = blankToNull(q);
        if (query == null || query.length() > 128) {
            throw Refusal.malformed("parameter_missing", "q is a case id, an order id or a customer id", "q");
        }
        Set<String> ids = new LinkedHashSet<>();
        if (query.matches("rc_[0-9a-f]{20}")) {
            ids.add(query);
        } else {
            ids.addAll(queues.caseIdsOfOrder(query, MAX_SEARCH));
            ids.addAll(queues.caseIdsOfCustomer(query, MAX_SEARCH));
        }
        Instant now = clock.instant();
        List<ReviewQueueEntry> found = ids.stream()
                .limit(MAX_SEARCH)
                .flatMap(id -> cases.find(id).stream())
                .map(c -> ReviewQueueEntry.of(
                        new CaseSummary(
                                c.caseId(),
                                c.status(),
                                c.createdAt(),
                                c.resolutionDueAt(),
                                c.orderId(),
                                c.request().reason().wire(),
                                c.requestedAmount(),
                                c.currency(),
                                c.escalatedTo()),
                        now))
                .toList();
        return new SearchResult(query, found);
    }

    public RefundCase addNote(Reviewers.Reviewer reviewer, String caseId, String text) {
        String note = blankToNull(text);
        if (note == null) {
            throw Refusal.malformed("parameter_missing", "text is required: the note", "text");
        }
        if (note.length() > MAX_NOTE) {
            throw Refusal.rule("parameter_invalid", "a note is at most " + MAX_NOTE + " characters", "text");
        }
        RefundCase current =
                cases.find(caseId).orElseThrow(() -> Refusal.notFound("case_not_found", "no case " + caseId));
        TimelineEvent event = new TimelineEvent(
                clock.instant(), NOTE_EVENT, current.status(), current.status(), "reviewer:" + reviewer.id(), note);
        return queues.addNote(caseId, current.status(), event)
                .flatMap(added -> cases.find(caseId))
                .orElseThrow(() -> Refusal.notFound("case_not_found", "no case " + caseId));
    }

    /** The tier the case waits for, the next one up, whether {@code reviewer} may decide it, and the contact log. */
    public Desk desk(Reviewers.Reviewer reviewer, String caseId) {
        RefundCase c = find(caseId);
        List<String> tiers = tierNames();
        int at = tierIndex(c);
        return new Desk(
                c.caseId(),
                tiers.get(at),
                c.escalatedTo(),
                at + 1 < tiers.size() ? tiers.get(at + 1) : null,
                mayDecide(reviewer, c, policy.document()),
                tiers,
                policy.goodsAPersonMayGrant(c.request()).stream()
                        .map(Resolution::wire)
                        .toList(),
                contactLog(c));
    }

    /**
     * Whether the person's tier is the tier the case waits for or above it (a case never escalated waits for the
     * first tier, so anyone with a tier; the amount is checked separately, against the tier's limit).
     */
    public static boolean mayDecide(Reviewers.Reviewer reviewer, RefundCase c, PolicyDocument policy) {
        if (c.escalatedTo() == null) {
            return true;
        }
        List<String> tiers = policy.authority().stream()
                .map(PolicyDocument.AuthorityTier::tier)
                .toList();
        int needed = tiers.indexOf(c.escalatedTo());
        return needed < 0 || tiers.indexOf(reviewer.tier().tier()) >= needed;
    }

    /**
     * Hands the case to a higher tier with a note: the next one up, or {@code body.tier()} when it is higher. One
     * conditional write sets the case's {@code escalated_to} and appends the timeline event; the status and version
     * stay, so the case waits in the same queue, filtered by the new tier.
     */
    public RefundCase escalate(Reviewers.Reviewer reviewer, String caseId, EscalationBody body) {
        String note = blankToNull(body.note());
        if (note == null) {
            throw Refusal.malformed("parameter_missing", "note is required: why a higher tier should decide", "note");
        }
        if (note.length() > MAX_NOTE) {
            throw Refusal.rule("parameter_invalid", "a note is at most " + MAX_NOTE + " characters", "note");
        }
        List<String> tiers = tierNames();
        String wanted = blankToNull(body.tier());
        if (wanted != null && !tiers.contains(wanted)) {
            throw Refusal.malformed("parameter_invalid", "tier is one of " + tiers, "tier");
        }
        RefundCase current = find(caseId);
        if (!current.status().isOpen()) {
            throw Refusal.conflict(
                    "case_not_open",
                    "case " + caseId + " is " + current.status().wire() + "; only an open case can be escalated",
                    null);
        }
        int at = tierIndex(current);
        if (at == tiers.size() - 1) {
            throw Refusal.rule(
                    "escalation_at_top_tier",
                    "case " + caseId + " already waits for " + tiers.get(at)
                            + ", the highest tier; there is no one above to escalate to",
                    "tier");
        }
        String target = wanted == null ? tiers.get(at + 1) : wanted;
        if (tiers.indexOf(target) <= at) {
            throw Refusal.rule(
                    "escalation_not_higher",
                    "case " + caseId + " already waits for " + tiers.get(at) + "; escalate to a higher tier: "
                            + tiers.subList(at + 1, tiers.size()),
                    "tier");
        }
        TimelineEvent event = new TimelineEvent(
                clock.instant(),
                ESCALATION_EVENT,
                current.status(),
                current.status(),
                "reviewer:" + reviewer.id(),
                "escalated from " + tiers.get(at) + " to " + target + ": " + note);
        if (queues.escalate(caseId, current.status(), current.escalatedTo(), target, event)
                == CaseQueues.Write.REFUSED) {
            requireStill(caseId);
            throw Refusal.conflict(
                    "case_changed",
                    "case " + caseId + " changed meanwhile (someone decided or escalated it); reload it");
        }
        return find(caseId);
    }

    /**
     * Records a phone call attempt and its outcome on the timeline: only within the policy's call hours of the
     * customer's local clock, and at most the policy's attempts per case (counted in the same conditional write).
     */
    public RefundCase recordCall(Reviewers.Reviewer reviewer, String caseId, CallBody body) {
        String outcome = blankToNull(body.outcome());
        if (outcome == null) {
            throw Refusal.malformed("parameter_missing", "outcome is required: one of " + CALL_OUTCOMES, "outcome");
        }
        if (!CALL_OUTCOMES.contains(outcome)) {
            throw Refusal.malformed("parameter_invalid", "outcome is one of " + CALL_OUTCOMES, "outcome");
        }
        String note = blankToNull(body.note());
        if (note != null && note.length() > MAX_CALL_NOTE) {
            throw Refusal.rule("parameter_invalid", "a call note is at most " + MAX_CALL_NOTE + " characters", "note");
        }
        RefundCase current = find(caseId);
        PolicyDocument.Contact rules = policy.document().contact();
        Instant now = clock.instant();
        ZoneId zone = customerZone(current);
        ZonedDateTime local = now.atZone(zone);
        if (!rules.mayCallAt(local.toLocalTime())) {
            throw Refusal.rule(
                    "call_outside_hours",
                    "it is " + DAY.format(local) + " for the customer (" + zone.getId() + "); the policy allows calls"
                            + " from " + CLOCK.format(rules.callFrom()) + " until " + CLOCK.format(rules.callUntil())
                            + " of their time",
                    "customer.time_zone");
        }
        Refusal exhausted = Refusal.rule(
                "call_attempts_exhausted",
                "case " + caseId + " has " + rules.maxCallAttempts() + " call attempts recorded, the most the policy"
                        + " allows per case; reach the customer another way",
                "outcome");
        if (callsOf(current).size() >= rules.maxCallAttempts()) {
            throw exhausted;
        }
        TimelineEvent event = new TimelineEvent(
                now,
                CALL_EVENT,
                current.status(),
                current.status(),
                "reviewer:" + reviewer.id(),
                outcome + (note == null ? "" : ": " + note));
        if (queues.recordCall(caseId, event, rules.maxCallAttempts()) == CaseQueues.Write.REFUSED) {
            requireStill(caseId);
            throw exhausted;
        }
        return find(caseId);
    }

    private ContactLog contactLog(RefundCase c) {
        PolicyDocument.Contact rules = policy.document().contact();
        ZoneId zone = customerZone(c);
        ZonedDateTime local = clock.instant().atZone(zone);
        List<Call> calls = callsOf(c);
        boolean within = rules.mayCallAt(local.toLocalTime());
        return new ContactLog(
                zone.getId(),
                CLOCK.format(local),
                local.getOffset().getTotalSeconds() == 0
                        ? "+00:00"
                        : local.getOffset().getId(),
                CLOCK.format(rules.callFrom()),
                CLOCK.format(rules.callUntil()),
                within,
                calls.size(),
                rules.maxCallAttempts(),
                within && calls.size() < rules.maxCallAttempts(),
                calls,
                CALL_OUTCOMES);
    }

    private static List<Call> callsOf(RefundCase c) {
        return c.timeline().stream()
                .filter(e -> CALL_EVENT.equals(e.type()))
                .map(e -> {
                    String reason = e.reason() == null ? "" : e.reason();
                    int colon = reason.indexOf(": ");
                    return new Call(
                            e.at(),
                            e.actor(),
                            colon < 0 ? reason : reason.substring(0, colon),
                            colon < 0 ? null : reason.substring(colon + 2));
                })
                .toList();
    }

    /** The customer's time zone as the case recorded it; the store's when it has none (or one no longer known). */
    private ZoneId customerZone(RefundCase c) {
        ZoneId store = policy.document().contact().storeTimeZone();
        if (c.request().customer() == null || c.request().customer().timeZone() == null) {
            return store;
        }
        try {
            return ZoneId.of(c.request().customer().timeZone());
        } catch (DateTimeException e) {
            return store;
        }
    }

    private List<String> tierNames() {
        return policy.document().authority().stream()
                .map(PolicyDocument.AuthorityTier::tier)
                .toList();
    }

    /** The index of the tier the case waits for in the policy's authority list: 0 until escalated. */
    private int tierIndex(RefundCase c) {
        return c.escalatedTo() == null ? 0 : Math.max(0, tierNames().indexOf(c.escalatedTo()));
    }

    /** After a refused write: a case gone meanwhile is not found, rather than refused. */
    private void requireStill(String caseId) {
        if (cases.find(caseId).isEmpty()) {
            throw Refusal.notFound("case_not_found", "no case " + caseId);
        }
    }

    private RefundCase find(String caseId) {
        return cases.find(caseId).orElseThrow(() -> Refusal.notFound("case_not_found", "no case " + caseId));
    }

    static Map<String, String> query(Map<String, String> parameters) {
        return parameters == null ? Map.of() : new LinkedHashMap<>(parameters);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
