package com.refundpipeline.followup;

import com.fasterxml.jackson.databind.JsonNode;
import com.refundpipeline.json.Json;
import com.refundpipeline.messaging.CaseMessage;
import com.refundpipeline.messaging.QueueConsumer;
import io.quarkus.funqy.Funq;
import org.jboss.logging.Logger;

/**
 * send-follow-up, fed by two sources: the follow-up queue (each SQS record's body is a status_changed message) and
 * the EventBridge Scheduler schedule (a Scheduled Event), which runs the periodic sweep.
 */
public class SendFollowUpFunction {

    private static final Logger LOG = Logger.getLogger(SendFollowUpFunction.class);

    private final FollowUpService followUps;
    private final FollowUpSweep sweep;

    public SendFollowUpFunction(FollowUpService followUps, FollowUpSweep sweep) {
        this.followUps = followUps;
        this.sweep = sweep;
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
        QueueConsumer.consume(
                "send-follow-up",
                Json.convert(event, CaseMessage.class),
                CaseMessage.Type.STATUS_CHANGED,
                m -> followUps.statusChanged(m.caseId(), m.status()));
        return null;
    }

    private static boolean isScheduledEvent(JsonNode event) {
        return event != null
                && "Scheduled Event".equals(event.path("detail-type").asText());
    }
}
