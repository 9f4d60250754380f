package com.refundpipeline.policy;

/** A customer with many refunds in a short time goes to a person: a signal worth a look, never a reason to refuse. */
final class FrequentRefunderValidator implements Validator {

    static final String NAME = "frequent_refunder";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Finding check(Subject subject) {
        PolicyDocument.FrequentRefunder terms = subject.policy().frequentRefunder();
        int recent = subject.input().inputs().customerRecentRefunds();
        if (recent >= terms.maxRefunds()) {
            return Finding.review(
                    NAME,
                    "the customer has " + recent + " other refund request(s) in the last "
                            + PolicyDocument.text(terms.window()) + " (review from " + terms.maxRefunds() + ")");
        }
        return Finding.pass(
                NAME,
                recent + " other refund request(s) in the last " + PolicyDocument.text(terms.window()) + ", below "
                        + terms.maxRefunds());
    }
}
