package com.refundpipeline.followup;

import com.fasterxml.jackson.databind.JsonNode;
import com.refundpipeline.json.Json;
import com.refundpipeline.messaging.CaseMessage;
import com.refundpipeline.messaging.QueueConsumer;
import io.quarkus.funqy.Funq;
import org.jboss.logging.Logger;

/**
 * send-follow-up, fed by two sources: the follow-up queue (each SQS record's body is a status_changed message, or
 * SES's "Email Sent" event for one of our emails, put there by an EventBridge rule) and the EventBridge Scheduler
 * schedule (a Scheduled Event), which runs the periodic sweep.
 */
public class SendFollowUpFunction {

    private static final Logger LOG = Logger.getLogger(SendFollowUpFunction.class);

    private final FollowUpService followUps;
    private final FollowUpSweep sweep;
    private final Courier courier;

    public SendFollowUpFunction(FollowUpService followUps, FollowUpSweep sweep, Courier courier) {
        this.followUps = followUps;
        this.sweep = sweep;
        this.courier = courier;
    }

    /**
     * Nothing to return for the queue; for the schedule, what the sweep did (the scheduler ignores it; a person or
     * the chaos run invoking it by hand reads whether another sweep has anything left to do). The operations figures
     * are kept by tally-figures and read with review-case's GET /figures.
     */
    @Funq("send-follow-up")
    public JsonNode sendFollowUp(JsonNode event) {
        if (isScheduledEvent(event)) {
            FollowUpSweep.SweepReport report = sweep.sweep();
            LOG.infof("scheduled sweep %s: %s", event.path("id").asText(), report);
            return Json.MAPPER.valueToTree(report);
        }
        if (EmailSentEvent.isFromSes(event)) {
            emailSent(event);
            return null;
        }
        QueueConsumer.consume(
                "send-follow-up",
                Json.convert(event, CaseMessage.class),
                CaseMessage.Type.STATUS_CHANGED,
                m -> followUps.statusChanged(m.caseId(), m.status()));
        return null;
    }

    /**
     * SES's report that it took one of our emails, recorded on the message for a takeover to find (ADR 0063). An event
     * that names no message of ours is dropped, not dead-lettered: it is SES's, best effort, and without it a takeover
     * only sends at least once, as before.
     */
    private void emailSent(JsonNode event) {
        EmailSentEvent.of(event)
                .ifPresentOrElse(
                        sent -> {
                            boolean recorded = courier.providerTook(
                                    sent.notificationId(), sent.providerMessageId(), sent.acceptedAt());
                            LOG.debugf("SES took %s%s", sent.notificationId(), recorded ? "; recorded" : "");
                        },
                        () -> LOG.warnf(
                                "an SES event (%s) names no message of ours; dropped",
                                event.path("id").asText()));
    }

    private static boolean isScheduledEvent(JsonNode event) {
        return event != null
                && "Scheduled Event".equals(event.path("detail-type").asText());
    }
}
