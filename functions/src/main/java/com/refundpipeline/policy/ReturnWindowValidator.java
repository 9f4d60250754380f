package com.refundpipeline.policy;

import com.refundpipeline.domain.DeclineCode;
import com.refundpipeline.domain.RefundRequest;
import java.time.Instant;

/**
 * The request must arrive within the rule's window, counted from delivery, shipment or the order. A window that
 * counts from an event that has not happened yet has not started, so it cannot have closed. Closing time itself
 * is still inside.
 */
final class ReturnWindowValidator implements Validator {

    static final String NAME = "return_window";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Finding check(Subject subject) {
        PolicyDocument.Window window = subject.rule().window();
        if (window == null) {
            return Finding.pass(
                    NAME, "no return window for rule " + subject.rule().id());
        }
        RefundRequest.Order order = subject.input().request().order();
        Instant start = switch (window.from()) {
            case DELIVERY -> order.deliveredAt();
            case SHIPMENT -> order.shippedAt();
            case ORDER -> order.placedAt();
        };
        String from = window.from().name().toLowerCase(java.util.Locale.ROOT);
        if (start == null) {
            return Finding.pass(NAME, "the window counts from " + from + ", which has not happened yet");
        }
        Instant closes = start.plus(window.length());
        Instant requestedAt = subject.input().refundCase().createdAt();
        if (requestedAt.isAfter(closes)) {
            return Finding.decline(
                    NAME,
                    DeclineCode.OUTSIDE_WINDOW,
                    "requested at " + requestedAt + "; the "
                            + PolicyDocument.text(window.length()) + " window from " + from + " (" + start
                            + ") closed at "
                            + closes);
        }
        return Finding.pass(
                NAME,
                "requested at " + requestedAt + ", within the " + PolicyDocument.text(window.length()) + " window from "
                        + from + " that closes at " + closes);
    }
}
