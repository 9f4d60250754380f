package com.refundpipeline.localstack.template;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.refundpipeline.localstack.template.StackTemplate.Redrive;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An AWS::SQS::Queue resource: the attributes CreateQueue takes, and its redrive policy to a queue of the template. */
final class QueueReader {

    static final ObjectMapper JSON = new ObjectMapper();

    private final LocalEndpoints endpoints;

    QueueReader(LocalEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    /** Queue properties CreateQueue takes as attributes of the same name. */
    private static final List<String> QUEUE_ATTRIBUTES = List.of(
            "VisibilityTimeout",
            "MessageRetentionPeriod",
            "DelaySeconds",
            "MaximumMessageSize",
            "ReceiveMessageWaitTimeSeconds",
            "FifoQueue",
            "ContentBasedDeduplication");

    StackTemplate.Queue read(String id, Resources resources, Intrinsics intrinsics) {
        String where = "Resources." + id + ".Properties";
        Props p = new Props(intrinsics.resolve(resources.properties(id), where), where);
        String name = resources.physicalName(id, intrinsics);
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String attribute : QUEUE_ATTRIBUTES) {
            p.optionalString(attribute).ifPresent(v -> attributes.put(attribute, v));
        }
        for (String numeric : List.of(
                "VisibilityTimeout",
                "MessageRetentionPeriod",
                "DelaySeconds",
                "MaximumMessageSize",
                "ReceiveMessageWaitTimeSeconds")) {
            if (attributes.containsKey(numeric) && !attributes.get(numeric).matches("\\d+")) {
                throw new TemplateException(where + "." + numeric + ": '" + attributes.get(numeric)
                        + "' is not a whole number of seconds/bytes");
            }
        }
        Redrive redrive = null;
        Object policy = p.raw("RedrivePolicy");
        if (policy != null) {
            Props r = new Props(
                    policy instanceof String json ? parseJson(json, where + ".RedrivePolicy") : policy,
                    where + ".RedrivePolicy");
            String targetArn = r.requiredString("deadLetterTargetArn");
            r.requiredString("maxReceiveCount");
            // SQS's range for maxReceiveCount.
            int maxReceive = r.optionalInt("maxReceiveCount", 0, 1, 1000);
            String dlq = queueIdByArn(targetArn, resources, intrinsics)
                    .orElseThrow(() -> new TemplateException(r.where + ".deadLetterTargetArn: " + targetArn
                            + " is not the ARN of a queue of this template"));
            if (dlq.equals(id)) {
                throw new TemplateException(
                        r.where + ".deadLetterTargetArn: a queue cannot be its own dead-letter" + " queue");
            }
            redrive = new Redrive(dlq, targetArn, maxReceive);
        }
        return new StackTemplate.Queue(
                id, name, endpoints.queueUrl(name), endpoints.queueArn(name), attributes, redrive);
    }

    private Optional<String> queueIdByArn(String arn, Resources resources, Intrinsics intrinsics) {
        return resources.declared().entrySet().stream()
                .filter(e -> Resources.QUEUE.equals(e.getValue().get("Type")))
                .map(Map.Entry::getKey)
                .filter(qid -> endpoints
                        .queueArn(resources.physicalName(qid, intrinsics))
                        .equals(arn))
                .findFirst();
    }

    static Object parseJson(String json, String where) {
        try {
            return JSON.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            throw new TemplateException(where + ": not valid JSON: " + e.getOriginalMessage());
        }
    }
}
