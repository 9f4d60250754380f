package com.refundpipeline.localstack.streams;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.refundpipeline.localstack.lambda.InvokeResult;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Record;

/** The Lambda event of a DynamoDB stream batch, as AWS documents it, and what the function answered about it. */
public final class StreamEvents {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StreamEvents() {}

    public static ObjectNode event(List<Record> records, String streamArn, String region) {
        ObjectNode event = JSON.createObjectNode();
        ArrayNode array = event.putArray("Records");
        for (Record r : records) {
            ObjectNode record = array.addObject();
            record.put("eventID", r.eventID());
            record.put("eventName", r.eventNameAsString());
            record.put("eventVersion", r.eventVersion() == null ? "1.1" : r.eventVersion());
            record.put("eventSource", "aws:dynamodb");
            record.put("awsRegion", region);
            ObjectNode dynamodb = record.putObject("dynamodb");
            var s = r.dynamodb();
            if (s.approximateCreationDateTime() != null) {
                dynamodb.put(
                        "ApproximateCreationDateTime",
                        s.approximateCreationDateTime().getEpochSecond());
            }
            dynamodb.set("Keys", item(s.keys()));
            if (s.hasNewImage()) {
                dynamodb.set("NewImage", item(s.newImage()));
            }
            if (s.hasOldImage()) {
                dynamodb.set("OldImage", item(s.oldImage()));
            }
            dynamodb.put("SequenceNumber", s.sequenceNumber());
            dynamodb.put("SizeBytes", s.sizeBytes() == null ? 0 : s.sizeBytes());
            dynamodb.put("StreamViewType", s.streamViewTypeAsString());
            record.put("eventSourceARN", streamArn);
        }
        return event;
    }

    static ObjectNode item(Map<String, AttributeValue> item) {
        ObjectNode node = JSON.createObjectNode();
        item.forEach((k, v) -> node.set(k, value(v)));
        return node;
    }

    static JsonNode value(AttributeValue v) {
        ObjectNode node = JSON.createObjectNode();
        switch (v.type()) {
            case S -> node.put("S", v.s());
            case N -> node.put("N", v.n());
            case B -> node.put("B", base64(v.b()));
            case BOOL -> node.put("BOOL", v.bool());
            case NUL -> node.put("NULL", true);
            case M -> node.set("M", item(v.m()));
            case L -> {
                ArrayNode list = node.putArray("L");
                v.l().forEach(e -> list.add(value(e)));
            }
            case SS -> v.ss().forEach(node.putArray("SS")::add);
            case NS -> v.ns().forEach(node.putArray("NS")::add);
            case BS -> {
                ArrayNode set = node.putArray("BS");
                v.bs().forEach(b -> set.add(base64(b)));
            }
            default -> throw new IllegalArgumentException("unknown attribute value " + v);
        }
        return node;
    }

    private static String base64(SdkBytes bytes) {
        return Base64.getEncoder().encodeToString(bytes.asByteArray());
    }

    /**
     * Where the batch must be retried from: empty when it all succeeded; the first record's sequence number when the
     * invocation failed or its answer cannot be read; else the lowest sequence number the function reported (a
     * reported number not in the batch fails the whole batch, as Lambda does).
     */
    public static Optional<String> retryFrom(
            InvokeResult result, List<String> sequenceNumbers, boolean reportBatchItemFailures) {
        String first = sequenceNumbers.get(0);
        if (result.isError()) {
            return Optional.of(first);
        }
        if (!reportBatchItemFailures || result.payload().length == 0) {
            return Optional.empty();
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(result.payload());
        } catch (IOException e) {
            return Optional.of(first);
        }
        if (answer == null
                || answer.isNull()
                || (answer.isTextual() && answer.asText().isEmpty())) {
            return Optional.empty();
        }
        JsonNode failures = answer.get("batchItemFailures");
        if (failures == null || failures.isNull() || (failures.isArray() && failures.isEmpty())) {
            return Optional.empty();
        }
        int lowest = Integer.MAX_VALUE;
        for (JsonNode failure : failures) {
            JsonNode id = failure.get("itemIdentifier");
            if (id == null || id.isNull() || id.asText().isEmpty()) {
                return Optional.of(first);
            }
            int index = sequenceNumbers.indexOf(id.asText());
            if (index < 0) {
                return Optional.of(first);
            }
            lowest = Math.min(lowest, index);
        }
        return Optional.of(sequenceNumbers.get(lowest));
    }
}
