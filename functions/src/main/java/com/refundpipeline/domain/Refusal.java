package com.refundpipeline.domain;

/**
 * The product saying no to what someone asked of a case, in its own terms: a stable code, a message a person can act
 * on, the field at fault (a JSON path, or null) and the {@link Kind} of no. Application services throw it; the HTTP
 * layer alone turns the kind into a status code, so the services read the same behind any transport.
 */
public class Refusal extends RuntimeException {

    /** Why the answer is no; each kind has one HTTP status (see http/ApiException). */
    public enum Kind {
        /** The request is missing something or is not well-formed. */
        MALFORMED,
        /** No such case (or route). */
        NOT_FOUND,
        /** The case is not in a state for this, or changed meanwhile. */
        CONFLICT,
        /** Well-formed, but against a rule of the product or the store's policy. */
        RULE,
        /** The person asking may not do this. */
        FORBIDDEN
    }

    private final Kind kind;
    private final String code;
    private final String field;

    public Refusal(Kind kind, String code, String message, String field) {
        // No stack trace: a refusal is an answer, not a fault, and is thrown on every bad request.
        super(message, null, false, false);
        this.kind = kind;
        this.code = code;
        this.field = field;
    }

    public static Refusal malformed(String code, String message, String field) {
        return new Refusal(Kind.MALFORMED, code, message, field);
    }

    public static Refusal notFound(String code, String message) {
        return new Refusal(Kind.NOT_FOUND, code, message, null);
    }

    public static Refusal conflict(String code, String message) {
        return conflict(code, message, null);
    }

    public static Refusal conflict(String code, String message, String field) {
        return new Refusal(Kind.CONFLICT, code, message, field);
    }

    public static Refusal rule(String code, String message, String field) {
        return new Refusal(Kind.RULE, code, message, field);
    }

    public static Refusal forbidden(String code, String message, String field) {
        return new Refusal(Kind.FORBIDDEN, code, message, field);
    }

    public Kind kind() {
        return kind;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }
}
