package com.refundpipeline.policy;

/** A policy document that cannot be used, naming the field at fault (as a JSON path) and what is wrong with it. */
public class PolicyException extends RuntimeException {

    private final String field;

    public PolicyException(String field, String problem) {
        super("refund policy: " + (field == null || field.isEmpty() ? "" : field + ": ") + problem);
        this.field = field;
    }

    public String field() {
        return field;
    }
}
