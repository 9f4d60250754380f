package com.refundpipeline.localstack.template;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AllowedPatternTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = ' ',
            value = {
                "[a-z][a-z0-9-]{1,15} dev-1",
                "\\d{3}-\\d+ 123-4",
                "(ab)+|c? abab",
                "[^\\s,]{2,} x;",
                "\\.\\*\\(\\) .*()",
                "^(dev|prod)$ prod",
                "[a-] -",
                "x{0,} xx",
                "() ''",
                "((((((((((((((((((((a)))))))))))))))))))) a",
            })
    void patternsInTheSubsetMatchAsJavaRegex(String pattern, String value) {
        assertTrue(AllowedPattern.compile(pattern, "P.AllowedPattern")
                .matcher(value)
                .matches());
    }

    /** The fuzzer's finding (an unbalanced ')') and its neighbours: refused by name, never a PatternSyntaxException. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "\ufffdz)",
                "(a",
                "[a",
                "[]",
                "[^]",
                "[z-a]",
                "[\\d-z]",
                "[[a]]",
                "[a&&b]",
                "*a",
                "a**",
                "a*?",
                "a{",
                "a{2,1}",
                "a{1001}",
                "a{,3}",
                "\\",
                "\\1",
                "\\Qa\\E",
                "\\p{L}",
                "(?i)a",
                "^*",
                "(a+)+",
                "(a|a)*",
                "((a)|b){2}",
                "a}",
                "(((((((((((((((((((((a)))))))))))))))))))))",
            })
    void patternsOutsideTheSubsetAreRefusedByName(String pattern) {
        TemplateException e = assertThrows(
                TemplateException.class, () -> AllowedPattern.compile(pattern, "Parameters.Stage.AllowedPattern"));
        assertTrue(e.getMessage().startsWith("Parameters.Stage.AllowedPattern: '"), e.getMessage());
        assertTrue(e.getMessage().contains(" at "), e.getMessage());
    }

    @org.junit.jupiter.api.Test
    void theRefusalSaysWhereInThePattern() {
        TemplateException e = assertThrows(TemplateException.class, () -> AllowedPattern.compile("ab(c+)*", "P"));
        assertEquals(
                "P: 'ab(c+)*' is not a pattern the local stack checks: a quantified group holding a quantifier"
                        + " or '|' at 2",
                e.getMessage());
    }
}
