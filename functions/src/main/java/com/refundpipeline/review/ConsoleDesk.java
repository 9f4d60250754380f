package com.refundpipeline.review;

import com.refundpipeline.cases.CaseView;
import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.CaseSummary;
import com.refundpipeline.domain.Currencies;
import com.refundpipeline.domain.Readable;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.Refusal;
import com.refundpipeline.domain.TimelineEvent;
import com.refundpipeline.policy.PolicyDocument;
import com.refundpipeline.policy.RefundPolicy;
import com.refundpipeline.store.CaseQueues;
import com.refundpipeline.store.CaseRepository;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the support console needs besides decisions: who is signed in and their authority, the queues by what is due,
 * search by case, order or customer id, and internal notes (on the timeline, never shown to the customer).
 */
@ApplicationScoped
public class ConsoleDesk {

    public static final String NOTE_EVENT = CaseView.INTERNAL_NOTE;
    static final int MAX_NOTE = 2000;
    static final int DEFAULT_PAGE = 25;
    static final int MAX_PAGE = 100;
    static final int MAX_SEARCH = 25;

    /** The queues by name: which status each lists. */
    static final Map<String, CaseStatus> QUEUES = Map.of(
            "in_review", CaseStatus.IN_REVIEW,
            "evidence_overdue", CaseStatus.NEEDS_EVIDENCE,
            "payouts_failed", CaseStatus.PAYOUT_FAILED);

    @RegisterForReflection
    public record Limit(String currency, long minorUnits, String formatted) {}

    @RegisterForReflection
    public record Me(
            String person,
            String tier,
            boolean unlimited,
            List<Limit> limits,
            String policyVersion,
            List<String> evidenceHosts) {}

    @RegisterForReflection
    public record QueuePage(String queue, List<ReviewQueueEntry> data, String nextCursor) {}

    @RegisterForReflection
    public record SearchResult(String query, List<ReviewQueueEntry> data) {}

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
                        : List.copyOf(document.evidence().allowedHosts()));
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
        String reason = blankToNull(query.get("reason"));
        String currency = blankToNull(query.get("currency"));
        if (reason != null && !reason.matches("[a-z_]{1,40}")) {
            throw Refusal.malformed("parameter_invalid", "reason is a reason code such as damaged", "reason");
        }
        if (currency != null && Currencies.find(currency).isEmpty()) {
            throw Refusal.malformed("parameter_invalid", "currency is an ISO 4217 code such as USD", "currency");
        }
        CaseQueues.Page page;
        try {
            page = queues.dueFirst(status, new CaseQueues.Filter(reason, currency), limit, query.get("cursor"));
        } catch (IllegalArgumentException bad) {
            throw Refusal.malformed("cursor_invalid", bad.getMessage(), "cursor");
        }
        Instant now = clock.instant();
        return new QueuePage(
                name,
                page.cases().stream().map(c -> ReviewQueueEntry.of(c, now)).toList(),
                page.next());
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
                                c.currency()),
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

    static Map<String, String> query(Map<String, String> parameters) {
        return parameters == null ? Map.of() : new LinkedHashMap<>(parameters);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
