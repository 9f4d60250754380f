package com.refundpipeline.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.refundpipeline.domain.PayoutMethod;
import com.refundpipeline.domain.RefundReason;
import com.refundpipeline.policy.PolicyDocument.AuthorityTier;
import com.refundpipeline.policy.PolicyDocument.ReturnRule;
import com.refundpipeline.policy.PolicyDocument.Window;
import com.refundpipeline.policy.PolicyDocument.WindowStart;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The policy document's own answers: who may decide how much, which rule applies, durations as written. */
class PolicyDocumentTest {

    private static final AuthorityTier AGENT = new AuthorityTier("agent", Map.of("USD", 20_000L), false);
    private static final AuthorityTier LEAD = new AuthorityTier("lead", Map.of(), true);

    private static final ReturnRule DAMAGED_ANY = rule("damaged-any", Set.of(RefundReason.DAMAGED), Set.of());
    private static final ReturnRule DAMAGED_FRAGILE =
            rule("damaged-fragile", Set.of(RefundReason.DAMAGED, RefundReason.WRONG_ITEM), Set.of("glass", "ceramic"));
    private static final ReturnRule CHANGED_MIND = rule("changed-mind", Set.of(RefundReason.CHANGED_MIND), Set.of());

    private static final PolicyDocument DOCUMENT = new PolicyDocument(
            "store-1",
            "v1",
            null,
            Duration.ofDays(14),
            null,
            List.of(AGENT, LEAD),
            List.of(DAMAGED_ANY, DAMAGED_FRAGILE, CHANGED_MIND));

    private static ReturnRule rule(String id, Set<RefundReason> reasons, Set<String> categories) {
        return new ReturnRule(
                id,
                reasons,
                categories,
                new Window(Duration.ofDays(30), WindowStart.DELIVERY),
                0,
                false,
                true,
                null,
                Map.of(),
                0,
                false,
                List.of(PayoutMethod.ORIGINAL_PAYMENT),
                null);
    }

    @Test
    void aTierCoversAmountsUpToItsLimitInThatCurrencyOnly() {
        assertTrue(AGENT.covers(19_999, "USD"));
        assertTrue(AGENT.covers(20_000, "USD"), "the limit itself is covered");
        assertFalse(AGENT.covers(20_001, "USD"));
        assertFalse(AGENT.covers(1, "EUR"), "no limit in a currency covers nothing in it");
    }

    @Test
    void anUnlimitedTierCoversAnyAmountInAnyCurrency() {
        assertTrue(LEAD.covers(Long.MAX_VALUE, "USD"));
        assertTrue(LEAD.covers(1, "JPY"));
    }

    @Test
    void aTierDescribesItsLimitInMajorUnits() {
        assertEquals("up to 200.00 USD", AGENT.describeLimit("USD"));
        assertEquals("nothing in EUR", AGENT.describeLimit("EUR"));
        assertEquals("any amount", LEAD.describeLimit("USD"));
    }

    @Test
    void aTierIsFoundByItsName() {
        assertEquals(Optional.of(AGENT), DOCUMENT.tier("agent"));
        assertEquals(Optional.of(LEAD), DOCUMENT.tier("lead"));
        assertEquals(Optional.empty(), DOCUMENT.tier("intern"));
    }

    @Test
    void aRuleForTheRequestedCategoriesIsPreferredOverTheRuleForEveryCategory() {
        assertSame(DAMAGED_FRAGILE, DOCUMENT.ruleFor(RefundReason.DAMAGED, Set.of("books", "glass")));
        assertSame(DAMAGED_FRAGILE, DOCUMENT.ruleFor(RefundReason.WRONG_ITEM, Set.of("ceramic")));
    }

    @Test
    void withoutACategoryMatchTheRuleForEveryCategoryApplies() {
        assertSame(DAMAGED_ANY, DOCUMENT.ruleFor(RefundReason.DAMAGED, Set.of("books")));
        assertSame(DAMAGED_ANY, DOCUMENT.ruleFor(RefundReason.DAMAGED, Set.of()));
        assertSame(CHANGED_MIND, DOCUMENT.ruleFor(RefundReason.CHANGED_MIND, Set.of("glass")));
    }

    @Test
    void aReasonWithoutAnyRuleIsABrokenPolicy() {
        IllegalStateException broken = assertThrows(
                IllegalStateException.class, () -> DOCUMENT.ruleFor(RefundReason.WRONG_ITEM, Set.of("books")));
        assertEquals("the policy reader guarantees a rule for WRONG_ITEM", broken.getMessage());
    }

    @Test
    void aRuleCoversOnlyItsReasons() {
        assertTrue(DAMAGED_FRAGILE.covers(RefundReason.WRONG_ITEM));
        assertFalse(DAMAGED_FRAGILE.covers(RefundReason.CHANGED_MIND));
    }

    @Test
    void wholeDaysAreWrittenInDaysAndAnythingElseAsIso() {
        assertEquals("P30D", PolicyDocument.text(Duration.ofDays(30)));
        assertEquals("P0D", PolicyDocument.text(Duration.ZERO));
        assertEquals("PT36H", PolicyDocument.text(Duration.ofHours(36)));
        assertEquals("PT24H0.5S", PolicyDocument.text(Duration.ofDays(1).plusMillis(500)));
    }
}
