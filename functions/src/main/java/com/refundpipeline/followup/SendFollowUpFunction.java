package com.refundpipeline.followup;

import com.fasterxml.jackson.databind.JsonNode;
import com.refundpipeline.json.Json;
import com.refundpipeline.messaging.CaseMessage;
import com.refundpipeline.messaging.QueueConsumer;
import io.quarkus.funqy.Funq;
import java.util.HashMap;
import java.util.Map;
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
     * Returns the figures for a report invocation ({@code {"report": "figures", "units_sold": {"SKU": n}}}, see the
     * README), nothing for the queue and the schedule.
     */
    @Funq("send-follow-up")
    public JsonNode sendFollowUp(JsonNode event) {
        if (isScheduledEvent(event)) {
            FollowUpSweep.SweepReport report = sweep.sweep();
            LOG.infof("scheduled sweep %s: %s", event.path("id").asText(), report);
            return null;
        }
        if (event != null && "figures".equals(event.path("report").asText())) {
            Map<String, Long> unitsSold = new HashMap<>();
            event.path("units_sold")
                    .properties()
                    .forEach(e -> unitsSold.put(e.getKey(), e.getValue().asLong()));
            // Our JSON dialect (snake_case), not Funqy's default.
            return Json.MAPPER.valueToTree(followUps.figures(unitsSold));
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
