package com.refundpipeline.followup;

import org.jboss.logging.Logger;

import com.fasterxml.jackson.databind.JsonNode;
import com.refundpipeline.json.Json;
import com.refundpipeline.messaging.CaseMessage;
import com.refundpipeline.messaging.QueueConsumer;

import io.quarkus.funqy.Funq;

/**
 * send-follow-up, fed by two sources: the follow-up queue (each SQS record's body is a status_changed message) and
 * the EventBridge Scheduler schedule (a Scheduled Event), which runs the periodic sweep.
 */
public class SendFollowUpFunction {

    private static final Logger LOG = Logger.getLogger(SendFollowUpFunction.class);

    private final FollowUpService followUps;

    public SendFollowUpFunction(FollowUpService followUps) {
        this.followUps = followUps;
    }

    @Funq("send-follow-up")
    public void sendFollowUp(JsonNode event) {
        if (isScheduledEvent(event)) {
            FollowUpService.SweepReport report = followUps.sweep();
            LOG.infof("scheduled sweep %s: %s", event.path("id").asText(), report);
            return;
        }
        QueueConsumer.consume("send-follow-up", Json.convert(event, CaseMessage.class),
                CaseMessage.Type.STATUS_CHANGED, m -> followUps.statusChanged(m.caseId(), m.status()));
    }

    private static boolean isScheduledEvent(JsonNode event) {
        return event != null && "Scheduled Event".equals(event.path("detail-type").asText());
    }
}
