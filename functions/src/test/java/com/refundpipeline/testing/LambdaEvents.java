package com.refundpipeline.testing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** Lambda events in the shapes AWS documents: function URL (payload 2.0), SQS, and EventBridge Scheduler. */
public final class LambdaEvents {

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private LambdaEvents() {}

    /** A function URL event with query parameters (rawQueryString and queryStringParameters, as AWS sends both). */
    public static String functionUrl(
            String method, String path, Map<String, String> query, Map<String, String> headers, String body) {
        try {
            @SuppressWarnings("unchecked")
            Map<String, Object> event = MAPPER.readValue(functionUrl(method, path, headers, body), Map.class);
            StringBuilder raw = new StringBuilder();
            query.forEach((k, v) -> raw.append(raw.isEmpty() ? "" : "&")
                    .append(k)
                    .append('=')
                    .append(java.net.URLEncoder.encode(v, java.nio.charset.StandardCharsets.UTF_8)));
            event.put("rawQueryString", raw.toString());
            if (!query.isEmpty()) {
                event.put("queryStringParameters", query);
            }
            return write(event);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String functionUrl(String method, String path, Map<String, String> headers, String body) {
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("method", method);
        http.put("path", path);
        http.put("protocol", "HTTP/1.1");
        http.put("sourceIp", "203.0.113.10");
        http.put("userAgent", "storefront-backend/1.0");
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("accountId", "anonymous");
        context.put("apiId", "abcdefghijklmnopqrstuvwxyz");
        context.put("domainName", "abcdefghijklmnopqrstuvwxyz.lambda-url.us-east-1.on.aws");
        context.put("domainPrefix", "abcdefghijklmnopqrstuvwxyz");
        context.put("http", http);
        context.put("requestId", UUID.randomUUID().toString());
        context.put("routeKey", "$default");
        context.put("stage", "$default");
        context.put("time", "24/Nov/2026:04:17:00 +0000");
        context.put("timeEpoch", Instant.parse("2026-11-24T04:17:00Z").toEpochMilli());
        Map<String, String> lowerCased = new LinkedHashMap<>();
        lowerCased.put("host", "abcdefghijklmnopqrstuvwxyz.lambda-url.us-east-1.on.aws");
        lowerCased.put("x-forwarded-proto", "https");
        headers.forEach((k, v) -> lowerCased.put(k.toLowerCase(Locale.ROOT), v));
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "2.0");
        event.put("routeKey", "$default");
        event.put("rawPath", path);
        event.put("rawQueryString", "");
        event.put("headers", lowerCased);
        event.put("requestContext", context);
        if (body != null) {
            event.put("body", body);
        }
        event.put("isBase64Encoded", false);
        return write(event);
    }

    public static String sqs(String queueArn, List<String> bodies) {
        List<String> ids = new ArrayList<>();
        bodies.forEach(b -> ids.add(UUID.randomUUID().toString()));
        return sqs(queueArn, ids, bodies);
    }

    /** An SQS event whose records carry the given message ids and bodies. */
    public static String sqs(String queueArn, List<String> messageIds, List<String> bodies) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (int i = 0; i < bodies.size(); i++) {
            Map<String, Object> attributes = new LinkedHashMap<>();
            attributes.put("ApproximateReceiveCount", "1");
            attributes.put("SentTimestamp", "1764000000000");
            attributes.put("SenderId", "AIDAIENQZJOLO23YVJ4VO");
            attributes.put("ApproximateFirstReceiveTimestamp", "1764000000001");
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("messageId", messageIds.get(i));
            record.put("receiptHandle", "AQEB" + UUID.randomUUID());
            record.put("body", bodies.get(i));
            record.put("attributes", attributes);
            record.put("messageAttributes", Map.of());
            record.put("md5OfBody", "e4e68fb7bd0e697a0ae8f1bb342846b3");
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", queueArn);
            record.put("awsRegion", "us-east-1");
            records.add(record);
        }
        return write(Map.of("Records", records));
    }

    /** What the EventBridge Scheduler schedule in infra/template.yaml sends, its placeholders filled in. */
    public static String scheduled(String executionId) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "0");
        event.put("id", executionId);
        event.put("detail-type", "Scheduled Event");
        event.put("source", "aws.scheduler");
        event.put("time", "2026-11-24T04:20:00Z");
        event.put("resources", List.of("arn:aws:scheduler:us-east-1:000000000000:schedule/default/refunds-test-sweep"));
        event.put("detail", Map.of());
        return write(event);
    }

    /**
     * SES's "Email Sent" event for an email sent through {@code configurationSet} with the outbox tag {@code outboxTag}
     * (null for none), as EventBridge puts it on an SQS target: the envelope, and SES's send record in detail.
     */
    public static String emailSent(String configurationSet, String outboxTag, String messageId, String timestamp) {
        Map<String, Object> tags = new LinkedHashMap<>();
        tags.put("ses:configuration-set", List.of(configurationSet));
        tags.put("ses:source-ip", List.of("192.0.2.0"));
        tags.put("ses:from-domain", List.of("shop.example"));
        tags.put("ses:caller-identity", List.of("refunds-test-send-follow-up"));
        if (outboxTag != null) {
            tags.put("outbox_id", List.of(outboxTag));
        }
        Map<String, Object> mail = new LinkedHashMap<>();
        mail.put("timestamp", timestamp);
        mail.put("source", "refunds@shop.example");
        mail.put("sourceArn", "arn:aws:ses:us-east-1:000000000000:identity/refunds@shop.example");
        mail.put("sendingAccountId", "000000000000");
        mail.put("messageId", messageId);
        mail.put("destination", List.of("customer@example.com"));
        mail.put("headersTruncated", false);
        mail.put("tags", tags);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "Email Sent");
        event.put("source", "aws.ses");
        event.put("account", "000000000000");
        event.put("time", timestamp.replaceAll("\\.\\d+Z$", "Z"));
        event.put("region", "us-east-1");
        event.put("resources", List.of("arn:aws:ses:us-east-1:000000000000:configuration-set/" + configurationSet));
        event.put("detail", Map.of("eventType", "Send", "mail", mail, "send", Map.of()));
        return write(event);
    }

    private static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One DynamoDB stream record: INSERT, MODIFY or REMOVE, its images in DynamoDB JSON (null when absent). */
    public record StreamRecord(
            String eventName,
            String sequenceNumber,
            Map<String, Object> keys,
            Map<String, Object> oldImage,
            Map<String, Object> newImage) {}

    /** A DynamoDB stream event (NEW_AND_OLD_IMAGES) as Lambda delivers it, in the shape AWS documents. */
    public static String dynamoDbStream(String streamArn, List<StreamRecord> records) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (StreamRecord r : records) {
            Map<String, Object> dynamodb = new LinkedHashMap<>();
            dynamodb.put("ApproximateCreationDateTime", 1764000000);
            dynamodb.put("Keys", r.keys());
            if (r.newImage() != null) {
                dynamodb.put("NewImage", r.newImage());
            }
            if (r.oldImage() != null) {
                dynamodb.put("OldImage", r.oldImage());
            }
            dynamodb.put("SequenceNumber", r.sequenceNumber());
            dynamodb.put("SizeBytes", 1024);
            dynamodb.put("StreamViewType", "NEW_AND_OLD_IMAGES");
            Map<String, Object> record = new LinkedHashMap<>();
            record.put("eventID", UUID.randomUUID().toString().replace("-", ""));
            record.put("eventName", r.eventName());
            record.put("eventVersion", "1.1");
            record.put("eventSource", "aws:dynamodb");
            record.put("awsRegion", "us-east-1");
            record.put("dynamodb", dynamodb);
            record.put("eventSourceARN", streamArn);
            list.add(record);
        }
        return write(Map.of("Records", list));
    }
}
