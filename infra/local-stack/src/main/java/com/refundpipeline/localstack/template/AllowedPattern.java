package com.refundpipeline.localstack.template;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A parameter's AllowedPattern, compiled only when it is within the part of regular-expression syntax the local stack
 * checks: literals, escaped symbols, {@code . ^ $}, {@code \d \w \s} and their negations, character classes with
 * ranges, groups (nested up to 20 deep), alternation and the quantifiers {@code ? * + {n} {n,} {n,m}} (n, m up to 1000). A group that is
 * itself quantified may hold neither a quantifier nor an alternation, so no pattern backtracks exponentially
 * ({@code (a+)+}, {@code (a|a)*}). Anything else is refused by name before {@link Pattern#compile} sees it: the
 * template's text never reaches the regex engine unchecked (Jazzer's regex-injection finding on
 * TemplateReaderFuzzTest, docs/fuzzing.md).
 */
final class AllowedPattern {

    private static final String META = "\\[](){}|?*+.^$";
    private static final int MAX_REPEAT = 1000;
    /** Groups within groups: the reader and the regex engine both recurse once per level. */
    private static final int MAX_DEPTH = 20;

    private final String pattern;
    private final int[] cps;
    private int at;
    private int depth;

    private AllowedPattern(String pattern) {
        this.pattern = pattern;
        this.cps = pattern.codePoints().toArray();
    }

    /** The compiled pattern, or a TemplateException naming {@code where} and what is outside the subset. */
    static Pattern compile(String pattern, String where) {
        AllowedPattern parser = new AllowedPattern(pattern);
        try {
            parser.alternation(false);
            if (parser.at < parser.cps.length) {
                throw parser.refused("unbalanced ')'");
            }
        } catch (Refused e) {
            throw new TemplateException(where + ": '" + pattern + "' is not a pattern the local stack checks: "
                    + e.getMessage() + " at " + e.index);
        }
        try {
            return Pattern.compile(pattern);
        } catch (PatternSyntaxException e) {
            throw new TemplateException(where + " is not a valid pattern: " + pattern);
        }
    }

    /** Branches separated by '|', up to the end or an unopened ')'; whether the sequence held a quantifier or '|'. */
    private boolean alternation(boolean inGroup) {
        boolean repeats = sequence();
        while (at < cps.length && cps[at] == '|') {
            at++;
            sequence();
            repeats = true;
        }
        if (!inGroup && at < cps.length && cps[at] == ')') {
            throw refused("unbalanced ')'");
        }
        return repeats;
    }

    private boolean sequence() {
        boolean repeats = false;
        while (at < cps.length && cps[at] != '|' && cps[at] != ')') {
            int start = at;
            int c = cps[at];
            boolean quantifiable = true;
            boolean innerRepeats = false;
            switch (c) {
                case '(' -> {
                    at++;
                    if (at < cps.length && cps[at] == '?') {
                        throw refused("special groups (?...)");
                    }
                    if (++depth > MAX_DEPTH) {
                        throw refusedAt(start, "groups nested deeper than " + MAX_DEPTH);
                    }
                    innerRepeats = alternation(true);
                    if (at >= cps.length) {
                        throw refused("unclosed '('");
                    }
                    depth--;
                    at++;
                }
                case '[' -> characterClass();
                case '\\' -> escape();
                case '^', '$' -> {
                    at++;
                    quantifiable = false;
                }
                case '.' -> at++;
                default -> {
                    if (META.indexOf(c) >= 0) {
                        throw refused("'" + Character.toString(c) + "' with nothing to apply to");
                    }
                    at++;
                }
            }
            if (quantifier()) {
                if (!quantifiable) {
                    throw refusedAt(start, "a quantified anchor");
                }
                if (innerRepeats) {
                    throw refusedAt(start, "a quantified group holding a quantifier or '|'");
                }
                repeats = true;
            }
            repeats |= innerRepeats;
        }
        return repeats;
    }

    /** Reads one quantifier if there is one; a second in a row (lazy, possessive or repeated) is refused. */
    private boolean quantifier() {
        if (at >= cps.length) {
            return false;
        }
        switch (cps[at]) {
            case '?', '*', '+' -> at++;
            case '{' -> {
                at++;
                int min = number();
                int max = min;
                if (at < cps.length && cps[at] == ',') {
                    at++;
                    max = at < cps.length && cps[at] == '}' ? MAX_REPEAT : number();
                }
                if (at >= cps.length || cps[at] != '}') {
                    throw refused("an unclosed '{'");
                }
                if (max < min) {
                    throw refused("a repetition {" + min + "," + max + "}");
                }
                at++;
            }
            default -> {
                return false;
            }
        }
        if (at < cps.length && "?*+{".indexOf(cps[at]) >= 0) {
            throw refused("a second quantifier in a row");
        }
        return true;
    }

    private int number() {
        int start = at;
        int n = 0;
        while (at < cps.length && cps[at] >= '0' && cps[at] <= '9' && at - start < 4) {
            n = n * 10 + (cps[at] - '0');
            at++;
        }
        if (at == start || n > MAX_REPEAT) {
            throw refusedAt(start, "a repetition count that is not 0-" + MAX_REPEAT);
        }
        return n;
    }

    private void characterClass() {
        at++;
        if (at < cps.length && cps[at] == '^') {
            at++;
        }
        boolean empty = true;
        while (at < cps.length && cps[at] != ']') {
            int from = classMember();
            if (at + 1 < cps.length && cps[at] == '-' && cps[at + 1] != ']') {
                at++;
                int to = classMember();
                if (from < 0 || to < 0 || to < from) {
                    throw refused("a character range that is not from a character to a later one");
                }
            }
            empty = false;
        }
        if (at >= cps.length || empty) {
            throw refused(empty && at < cps.length ? "an empty character class" : "an unclosed '['");
        }
        at++;
    }

    /** One member of a class: its code point, or -1 for a class escape such as \d. */
    private int classMember() {
        int c = cps[at];
        if (c == '\\') {
            return escape();
        }
        if (c == '[' || (c == '&' && at + 1 < cps.length && cps[at + 1] == '&')) {
            throw refused("nested classes or '&&' in a character class");
        }
        at++;
        return c;
    }

    /** \d \D \s \S \w \W (then -1), or a backslash before a symbol (then the symbol). */
    private int escape() {
        if (at + 1 >= cps.length) {
            throw refused("a '\\' at the end");
        }
        int c = cps[at + 1];
        if ("dDsSwW".indexOf(c) >= 0) {
            at += 2;
            return -1;
        }
        // java.util.regex gives most letters and digits after a backslash a meaning (or refuses them): none allowed.
        if (Character.isLetterOrDigit(c)) {
            throw refused("the escape \\" + Character.toString(c));
        }
        at += 2;
        return c;
    }

    private Refused refused(String what) {
        return refusedAt(at, what);
    }

    private Refused refusedAt(int index, String what) {
        return new Refused(what, pattern.offsetByCodePoints(0, Math.min(index, cps.length)));
    }

    /** Outside the subset; caught in {@link #compile} and reported as a TemplateException. */
    private static final class Refused extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int index;

        Refused(String message, int index) {
            super(message, null, false, false);
            this.index = index;
        }
    }
}
