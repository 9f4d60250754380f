package com.refundpipeline.localstack.aws;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.refundpipeline.localstack.Console;
import com.refundpipeline.localstack.template.StackTemplate;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * EventBridge's default bus on one machine, for the events AWS services publish to it (SES's "Email Sent"): each event
 * goes to the queues of every template rule whose pattern matches it, as the event's JSON, the way EventBridge
 * delivers to an SQS target. Nothing else publishes here: the store's own bus is {@link StoreEventBus}.
 */
public final class DefaultEventBus implements CustomerChannels.EmailEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final StackTemplate template;
    private final SqsClient sqs;

    public DefaultEventBus(StackTemplate template, SqsClient sqs) {
        this.template = template;
        this.sqs = sqs;
    }

    @Override
    public void publish(Map<String, Object> event) {
        String body;
        try {
            body = JSON.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        for (StackTemplate.EventRule rule : template.eventRules()) {
            if (!rule.matches(event)) {
                continue;
            }
            for (String queue : rule.queueLogicalIds()) {
                String url = template.queue(queue).orElseThrow().url();
                try {
                    sqs.sendMessage(m -> m.queueUrl(url).messageBody(body));
                } catch (SdkException e) {
                    // EventBridge retries a failed target for a day; locally the event is lost, and said so.
                    Console.line(
                            "event-bus", rule.logicalId() + " could not deliver to " + queue + ": " + e.getMessage());
                }
            }
        }
    }
}
