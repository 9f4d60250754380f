package com.refundpipeline.policy;

import com.refundpipeline.domain.Decision;
import com.refundpipeline.domain.RefundRequest;
import com.refundpipeline.domain.Resolution;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Which resolution a case is granted: the customer's preference when the rule offers it and it can be carried out,
 * otherwise the first of the rule's resolutions, in its order, that can. The grant says why in words a person can
 * read out.
 */
public final class Resolutions {

    /** Resolutions the pipeline carries out by itself: money. */
    static final Set<Resolution> CARRIED_OUT =
            EnumSet.of(Resolution.REFUND, Resolution.STORE_CREDIT, Resolution.KEEP_ITEM);

    /**
     * Resolutions that need the store's order system (ADR 0034): carried out only when the stack is connected to it
     * (its event bus configured); otherwise a rule that prefers them falls back to the next resolution it offers.
     */
    static final Set<Resolution> SENT_TO_STORE = EnumSet.of(Resolution.REPLACEMENT, Resolution.EXCHANGE);

    private Resolutions() {}

    /** The resolution granted to {@code request} under {@code rule}, without a connection to the store. */
    public static Decision.Grant grant(PolicyDocument.ReturnRule rule, RefundRequest request) {
        return grant(rule, request, false);
    }

    /**
     * The resolution granted to {@code request} under {@code rule}; {@code storeConnected} says whether replacement
     * and exchange can be carried out. A grant of goods names the money resolution that follows when the store
     * answers out of stock: the rule's next money resolution that fits, else a refund.
     */
    public static Decision.Grant grant(PolicyDocument.ReturnRule rule, RefundRequest request, boolean storeConnected) {
        Decision.Grant grant = choose(rule, request, storeConnected);
        if (!grant.sendsGoods()) {
            return grant;
        }
        List<Resolution> offered = rule.resolutions();
        Resolution fallback = offered.subList(offered.indexOf(grant.resolution()) + 1, offered.size()).stream()
                .filter(r -> !SENT_TO_STORE.contains(r) && possible(r, request, false))
                .findFirst()
                .orElse(Resolution.REFUND);
        return grant.withFallback(fallback);
    }

    /**
     * The goods a person may grant {@code request} under {@code rule}, in the rule's order: replacement and exchange
     * the rule offers, on a stack connected to the store, for a request returning whole lines (an exchange: one
     * line, the person naming the variant when the customer did not).
     */
    public static List<Resolution> goodsAPersonMayGrant(
            PolicyDocument.ReturnRule rule, RefundRequest request, boolean storeConnected) {
        return rule.resolutions().stream()
                .filter(SENT_TO_STORE::contains)
                .filter(r -> storeConnected && !request.keepsItems())
                .filter(r -> r != Resolution.EXCHANGE || request.items().size() == 1)
                .toList();
    }

    private static Decision.Grant choose(PolicyDocument.ReturnRule rule, RefundRequest request, boolean connected) {
        Optional<Resolution> preferred = Optional.ofNullable(request.preferredResolution())
                .or(() -> Resolution.forMethod(request.preferredMethod()));
        boolean asked = request.preferredResolution() != null;
        List<Resolution> offered = rule.resolutions();
        Resolution granted = offered.stream()
                .filter(r -> possible(r, request, connected))
                .findFirst()
                .orElse(null);
        String why;
        if (preferred.isPresent()
                && offered.contains(preferred.get())
                && possible(preferred.get(), request, connected)) {
            granted = preferred.get();
            why = (asked ? "the customer's preference" : "the customer's payout method") + ", offered by rule "
                    + rule.id();
        } else if (granted == null) {
            // Nothing the rule offers fits (e.g. only keep_item, for a request that returns everything): money back.
            granted = Resolution.REFUND;
            why = "rule " + rule.id() + " offers " + names(offered) + ", none of which fits this request; refund";
        } else if (asked) {
            why = "the customer preferred " + preferred.get().wire() + ", which rule " + rule.id() + " "
                    + (offered.contains(preferred.get())
                            ? "offers but " + unable(preferred.get(), connected)
                            : "does not offer")
                    + "; granted the rule's next choice, " + granted.wire();
        } else {
            why = "rule " + rule.id() + "'s first choice that can be carried out, of " + names(offered);
        }
        return new Decision.Grant(granted, why, rule.returnFirst(), rule.returnDays(), rule.returnShipping());
    }

    private static boolean possible(Resolution resolution, RefundRequest request, boolean connected) {
        if (SENT_TO_STORE.contains(resolution)) {
            // An exchange needs the variant the customer wants; a request keeping its goods wants money.
            return connected
                    && !request.keepsItems()
                    && (resolution != Resolution.EXCHANGE || request.exchangeSku() != null);
        }
        if (!CARRIED_OUT.contains(resolution)) {
            return false;
        }
        // Keeping the item is a partial refund the request itself states (refund_percent or refund_amount).
        return resolution != Resolution.KEEP_ITEM || request.keepsItems();
    }

    private static String unable(Resolution resolution, boolean connected) {
        if (resolution == Resolution.KEEP_ITEM) {
            return "the request returns every item";
        }
        if (!connected) {
            return "cannot be carried out yet (no connection to the store's order system)";
        }
        return resolution == Resolution.EXCHANGE ? "the request names no exchange_sku" : "the request keeps its items";
    }

    private static String names(List<Resolution> resolutions) {
        return resolutions.stream().map(Resolution::wire).collect(Collectors.joining(", ", "[", "]"));
    }
}
