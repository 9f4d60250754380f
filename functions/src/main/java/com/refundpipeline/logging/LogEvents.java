package com.refundpipeline.logging;

import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * Log lines that operations count: each carries an {@code event} field that a metric filter of infra/template.yaml
 * matches ({@code { $.event = "payout_failed" }}), so an alarm does not depend on a message's wording.
 */
public final class LogEvents {

    /** The provider refused a refund; the case waits in payout_failed for an operator. */
    public static final String PAYOUT_FAILED = "payout_failed";
    /** Our record of a payout and the provider's disagree (paid here, failed there, or the reverse). */
    public static final String PAYOUT_CONFLICT = "payout_conflict";
    /** A case passed its resolution target (or a step's own target) unresolved. */
    public static final String SLA_BREACHED = "sla_breached";

    private LogEvents() {}

    public static void log(Logger log, Logger.Level level, String event, String format, Object... args) {
        Object previous = MDC.get("event");
        MDC.put("event", event);
        try {
            log.logf(level, format, args);
        } finally {
            if (previous == null) {
                MDC.remove("event");
            } else {
                MDC.put("event", previous);
            }
        }
    }
}
