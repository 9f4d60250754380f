package com.refundpipeline.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.Decision;
import com.refundpipeline.domain.PayoutMethod;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.domain.RefundReason;
import com.refundpipeline.domain.RefundRequest;
import com.refundpipeline.domain.Resolution;
import com.refundpipeline.domain.ReturnShipping;
import com.refundpipeline.domain.ShipmentStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Resolutions as policy: which one the default policy grants, and why, for a reason and a preference. */
class ResolutionsTest {

    static final Instant AT = Instant.parse("2026-11-10T10:00:00Z");

    static RefundRequest request(RefundReason reason, String category, Resolution preferred, boolean keeps) {
        RefundRequest base = PolicyFixtures.refundCase(
                        reason, category, ShipmentStatus.DELIVERED, PolicyFixtures.photos(2), AT, "USD", 2999, 1)
                .request();
        List<RefundRequest.RequestedItem> items =
                keeps ? List.of(new RefundRequest.RequestedItem("SKU-A", 1, 40, null)) : base.items();
        return new RefundRequest(
                base.order(), items, reason, null, base.evidence(), base.preferredMethod(), base.customer(), preferred);
    }

    static Decision.Grant grant(RefundReason reason, String category, Resolution preferred, boolean keeps) {
        RefundRequest request = request(reason, category, preferred, keeps);
        return Resolutions.grant(PolicyFixtures.DEFAULT.ruleFor(request), request);
    }

    @Test
    void withoutAPreferenceTheRulesFirstChoiceThatCanBeCarriedOutIsGranted() {
        Decision.Grant damaged = grant(RefundReason.DAMAGED, "apparel", null, false);
        // merchant_fault prefers replacement, then exchange; neither is connected yet, so the money comes back.
        assertEquals(Resolution.REFUND, damaged.resolution());
        assertTrue(
                damaged.why().contains("the customer's payout method, offered by rule merchant_fault"), damaged.why());
        assertFalse(damaged.returnFirst());
        assertEquals(ReturnShipping.MERCHANT, damaged.returnShipping());
    }

    @Test
    void theCustomersPreferenceIsGrantedWhenTheRuleOffersIt() {
        Decision.Grant credit = grant(RefundReason.DAMAGED, "apparel", Resolution.STORE_CREDIT, false);
        assertEquals(Resolution.STORE_CREDIT, credit.resolution());
        assertEquals("the customer's preference, offered by rule merchant_fault", credit.why());

        Decision.Grant keep = grant(RefundReason.DAMAGED, "apparel", Resolution.KEEP_ITEM, true);
        assertEquals(Resolution.KEEP_ITEM, keep.resolution());
    }

    @Test
    void aPreferenceTheRuleDoesNotOfferOrCannotCarryOutFallsToTheRulesNextChoice() {
        Decision.Grant replacement = grant(RefundReason.DAMAGED, "apparel", Resolution.REPLACEMENT, false);
        assertEquals(Resolution.REFUND, replacement.resolution());
        assertTrue(replacement.why().contains("offers but cannot be carried out yet"), replacement.why());

        Decision.Grant exchange = grant(RefundReason.DUPLICATE_PAYMENT, "apparel", Resolution.STORE_CREDIT, false);
        assertEquals(Resolution.REFUND, exchange.resolution());
        assertTrue(exchange.why().contains("does not offer"), exchange.why());

        Decision.Grant keepAll = grant(RefundReason.DAMAGED, "apparel", Resolution.KEEP_ITEM, false);
        assertEquals(Resolution.REFUND, keepAll.resolution());
        assertTrue(keepAll.why().contains("the request returns every item"), keepAll.why());
    }

    @Test
    void changedMindReturnsComeBackFirstWithinTheRulesDaysAndShipping() {
        Decision.Grant apparel = grant(RefundReason.CHANGED_MIND, "apparel", null, false);
        assertTrue(apparel.returnFirst());
        assertEquals(30, apparel.returnDays());
        assertEquals(ReturnShipping.CUSTOMER, apparel.returnShipping());
        Decision.Grant electronics = grant(RefundReason.CHANGED_MIND, "electronics", null, false);
        assertEquals(14, electronics.returnDays());
        assertEquals(ReturnShipping.DEDUCTED, electronics.returnShipping());
    }

    @Test
    void theDecisionRecordsTheGrantAndPaysByItsMethod() {
        RefundRequest request = request(RefundReason.DAMAGED, "apparel", Resolution.STORE_CREDIT, false);
        RefundCase c = RefundCase.open("grant-" + AT, request, "hash", AT, java.time.Duration.ofHours(24));
        Decision decision = PolicyFixtures.DEFAULT.decide(PolicyFixtures.input(c, "USD", 0, 0));
        assertEquals(CaseStatus.APPROVED, decision.outcome(), decision.explanation());
        assertEquals(PayoutMethod.STORE_CREDIT, decision.method());
        assertEquals(Resolution.STORE_CREDIT, decision.grant().resolution());

        RefundRequest late = request(RefundReason.DAMAGED, "apparel", null, false);
        RefundCase declined = RefundCase.open(
                "grant-none-" + AT,
                new RefundRequest(
                        late.order(),
                        late.items(),
                        late.reason(),
                        null,
                        List.of(),
                        late.preferredMethod(),
                        late.customer()),
                "hash",
                AT,
                java.time.Duration.ofHours(24));
        Decision noPhoto = PolicyFixtures.DEFAULT.decide(PolicyFixtures.input(declined, "USD", 0, 0));
        if (noPhoto.outcome() == CaseStatus.DECLINED) {
            assertNull(noPhoto.grant());
        }
    }

    @Test
    void withTheStoreConnectedAReplacementAskedForIsGrantedWithTheMoneyThatFollowsIfOutOfStock() {
        // A request naming only a payout method still gets the money it named.
        RefundRequest money = request(RefundReason.DAMAGED, "apparel", null, false);
        assertEquals(
                Resolution.REFUND,
                Resolutions.grant(PolicyFixtures.DEFAULT.ruleFor(money), money, true)
                        .resolution());
        RefundRequest request = request(RefundReason.DAMAGED, "apparel", Resolution.REPLACEMENT, false);
        Decision.Grant replacement = Resolutions.grant(PolicyFixtures.DEFAULT.ruleFor(request), request, true);
        assertEquals(Resolution.REPLACEMENT, replacement.resolution());
        assertTrue(replacement.sendsGoods());
        // merchant_fault: replacement, exchange, refund...: the fallback skips the goods and lands on the refund.
        assertEquals(Resolution.REFUND, replacement.fallback());

        RefundCase c = RefundCase.open("replace-" + AT, request, "hash", AT, java.time.Duration.ofHours(24));
        Decision decision =
                PolicyFixtures.DEFAULT.withStoreConnection(true).decide(PolicyFixtures.input(c, "USD", 0, 0));
        assertEquals(CaseStatus.REPLACEMENT_PENDING, decision.outcome(), decision.explanation());
        assertEquals(PayoutMethod.ORIGINAL_PAYMENT, decision.method());
        assertTrue(decision.amount() != null && decision.amount() > 0, "the fallback's amount is held");
    }

    @Test
    void anExchangeNeedsTheVariantItSwapsTo() {
        RefundRequest base = request(RefundReason.DAMAGED, "apparel", Resolution.EXCHANGE, false);
        Decision.Grant noSku = Resolutions.grant(PolicyFixtures.DEFAULT.ruleFor(base), base, true);
        assertEquals(Resolution.REPLACEMENT, noSku.resolution(), noSku.why());
        assertTrue(noSku.why().contains("names no exchange_sku"), noSku.why());
        assertTrue(noSku.why().contains("granted the rule's next choice, replacement"), noSku.why());

        RefundRequest withSku = new RefundRequest(
                base.order(),
                base.items(),
                base.reason(),
                null,
                base.evidence(),
                base.preferredMethod(),
                base.customer(),
                Resolution.EXCHANGE,
                "SKU-A-BLUE");
        Decision.Grant exchange = Resolutions.grant(PolicyFixtures.DEFAULT.ruleFor(withSku), withSku, true);
        assertEquals(Resolution.EXCHANGE, exchange.resolution());
        assertEquals(Resolution.REFUND, exchange.fallback());
        // Not connected: the rule's first money resolution, as before.
        assertEquals(
                Resolution.REFUND,
                Resolutions.grant(PolicyFixtures.DEFAULT.ruleFor(withSku), withSku)
                        .resolution());
    }

    @Test
    void aPersonMayGrantTheGoodsTheRuleOffersWhenTheStoreCanSendThem() {
        RefundRequest whole = request(RefundReason.DAMAGED, "apparel", null, false);
        PolicyDocument.ReturnRule merchantFault = PolicyFixtures.DEFAULT.ruleFor(whole);
        // The person names the variant of an exchange, so the customer's request need not.
        assertEquals(
                List.of(Resolution.REPLACEMENT, Resolution.EXCHANGE),
                Resolutions.goodsAPersonMayGrant(merchantFault, whole, true));
        assertEquals(List.of(), Resolutions.goodsAPersonMayGrant(merchantFault, whole, false), "not connected");

        RefundRequest keeps = request(RefundReason.DAMAGED, "apparel", null, true);
        assertEquals(List.of(), Resolutions.goodsAPersonMayGrant(merchantFault, keeps, true), "a partial refund");

        RefundRequest twoLines = new RefundRequest(
                whole.order(),
                List.of(new RefundRequest.RequestedItem("SKU-A", 1), new RefundRequest.RequestedItem("SKU-B", 1)),
                whole.reason(),
                null,
                whole.evidence(),
                whole.preferredMethod(),
                whole.customer(),
                null);
        assertEquals(
                List.of(Resolution.REPLACEMENT),
                Resolutions.goodsAPersonMayGrant(merchantFault, twoLines, true),
                "an exchange swaps one line");

        RefundRequest duplicate = request(RefundReason.DUPLICATE_PAYMENT, "apparel", null, false);
        assertEquals(
                List.of(),
                Resolutions.goodsAPersonMayGrant(PolicyFixtures.DEFAULT.ruleFor(duplicate), duplicate, true),
                "duplicate_payment offers only a refund");
    }
}
