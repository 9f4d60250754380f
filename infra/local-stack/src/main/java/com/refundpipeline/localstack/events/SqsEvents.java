package com.refundpipeline.localstack.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.refundpipeline.localstack.lambda.InvokeResult;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/** The Lambda SQS event for a batch of messages, and which messages of the batch its answer says failed. */
public final class SqsEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SqsEvents() {}

    public static ObjectNode event(List<Message> messages, String queueArn, String region) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (Message m : messages) {
            ObjectNode r = records.addObject();
            r.put("messageId", m.messageId());
            r.put("receiptHandle", m.receiptHandle());
            r.put("body", m.body());
            ObjectNode attributes = r.putObject("attributes");
            Map<MessageSystemAttributeName, String> system = m.attributes();
            for (MessageSystemAttributeName name : List.of(
                    MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                    MessageSystemAttributeName.SENT_TIMESTAMP,
                    MessageSystemAttributeName.SENDER_ID,
                    MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP,
                    MessageSystemAttributeName.MESSAGE_GROUP_ID,
                    MessageSystemAttributeName.MESSAGE_DEDUPLICATION_ID,
                    MessageSystemAttributeName.SEQUENCE_NUMBER,
                    MessageSystemAttributeName.AWS_TRACE_HEADER)) {
                if (system.containsKey(name)) {
                    attributes.put(name.toString(), system.get(name));
                }
            }
            ObjectNode messageAttributes = r.putObject("messageAttributes");
            m.messageAttributes().forEach((name, value) -> messageAttributes.set(name, attribute(value)));
            r.put("md5OfBody", m.md5OfBody());
            if (m.md5OfMessageAttributes() != null) {
                r.put("md5OfMessageAttributes", m.md5OfMessageAttributes());
            }
            r.put("eventSource", "aws:sqs");
            r.put("eventSourceARN", queueArn);
            r.put("awsRegion", region);
        }
        return event;
    }

    /** A message attribute as Lambda spells it in the event (camelCase, binary as base64). */
    private static ObjectNode attribute(MessageAttributeValue value) {
        ObjectNode a = JSON.createObjectNode();
        if (value.stringValue() != null) {
            a.put("stringValue", value.stringValue());
        }
        if (value.binaryValue() != null) {
            a.put("binaryValue", value.binaryValue().asByteArray());
        }
        ArrayNode strings = a.putArray("stringListValues");
        value.stringListValues().forEach(strings::add);
        ArrayNode binaries = a.putArray("binaryListValues");
        value.binaryListValues().stream().map(SdkBytes::asByteArray).forEach(binaries::add);
        a.put("dataType", value.dataType());
        return a;
    }

    /**
     * The ids of the batch's messages that failed and must stay on the queue (to reappear after the visibility
     * timeout); the others are deleted. Lambda's rules: a function error fails the whole batch; without
     * ReportBatchItemFailures any success is a success for all; with it, an empty or absent batchItemFailures is
     * complete success, while an answer that is not valid JSON, or names an item that is empty or not in the
     * batch, fails the whole batch.
     */
    public static Set<String> failedIds(InvokeResult result, Set<String> batchIds, boolean reportBatchItemFailures) {
        if (result.isError()) {
            return batchIds;
        }
        if (!reportBatchItemFailures) {
            return Set.of();
        }
        if (result.payload().length == 0) {
            return Set.of();
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(result.payload());
        } catch (IOException e) {
            return batchIds;
        }
        if (answer == null
                || answer.isNull()
                || (answer.isTextual() && answer.asText().isEmpty())) {
            return Set.of();
        }
        if (!answer.isObject()) {
            return batchIds;
        }
        JsonNode failures = answer.get("batchItemFailures");
        if (failures == null || failures.isNull()) {
            return Set.of();
        }
        if (!failures.isArray()) {
            return batchIds;
        }
        Set<String> failed = new HashSet<>();
        for (JsonNode failure : failures) {
            JsonNode id = failure.get("itemIdentifier");
            if (id == null || !id.isTextual() || id.asText().isEmpty() || !batchIds.contains(id.asText())) {
                return batchIds;
            }
            failed.add(id.asText());
        }
        return failed;
    }
}
