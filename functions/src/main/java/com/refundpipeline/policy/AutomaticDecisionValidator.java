package com.refundpipeline.policy;

/** Some reasons (a double charge, "other") are never decided by rules: the policy says a person reads them. */
final class AutomaticDecisionValidator implements Validator {

    static final String NAME = "automatic_decision";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Finding check(Subject subject) {
        if (subject.rule().automatic()) {
            return Finding.pass(NAME, "rule " + subject.rule().id() + " may be decided automatically");
        }
        return Finding.review(NAME, subject.rule().reviewNote());
    }
}
