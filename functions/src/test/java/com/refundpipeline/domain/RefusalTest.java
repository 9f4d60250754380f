package com.refundpipeline.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** Each way of saying no carries its kind (which alone picks the HTTP status), its code, its words and the field. */
class RefusalTest {

    @Test
    void aMalformedRequestNamesTheFieldAtFault() {
        assertRefusal(
                Refusal.malformed("bad_amount", "amount must be whole", "items[0].quantity"),
                Refusal.Kind.MALFORMED,
                "bad_amount",
                "amount must be whole",
                "items[0].quantity");
    }

    @Test
    void aMissingCaseHasNoFieldAtFault() {
        assertRefusal(
                Refusal.notFound("no_case", "no case rc_1"), Refusal.Kind.NOT_FOUND, "no_case", "no case rc_1", null);
    }

    @Test
    void aConflictNamesTheFieldOnlyWhenOneIsGiven() {
        assertRefusal(
                Refusal.conflict("moved", "the case moved meanwhile"),
                Refusal.Kind.CONFLICT,
                "moved",
                "the case moved meanwhile",
                null);
        assertRefusal(
                Refusal.conflict("moved", "the case moved meanwhile", "version"),
                Refusal.Kind.CONFLICT,
                "moved",
                "the case moved meanwhile",
                "version");
    }

    @Test
    void aRuleAndAForbiddenMoveAreTheirOwnKinds() {
        assertRefusal(
                Refusal.rule("over_cap", "more than the order has left", "amount"),
                Refusal.Kind.RULE,
                "over_cap",
                "more than the order has left",
                "amount");
        assertRefusal(
                Refusal.forbidden("above_tier", "above your tier", "decision"),
                Refusal.Kind.FORBIDDEN,
                "above_tier",
                "above your tier",
                "decision");
    }

    @Test
    void aRefusalIsAnAnswerNotAFaultAndCarriesNoStackTrace() {
        Refusal refused = Refusal.rule("over_cap", "more than the order has left", null);
        assertEquals(0, refused.getStackTrace().length);
        assertNull(refused.getCause());
    }

    private static void assertRefusal(Refusal r, Refusal.Kind kind, String code, String message, String field) {
        assertEquals(kind, r.kind());
        assertEquals(code, r.code());
        assertEquals(message, r.getMessage());
        assertEquals(field, r.field());
    }
}
