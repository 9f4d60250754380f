package com.refundpipeline.localstack.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.refundpipeline.localstack.lambda.InvokeResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

class SqsEventsTest {

    static final Set<String> BATCH = Set.of("m1", "m2", "m3");

    static Set<String> failed(String answer, boolean report) {
        return SqsEvents.failedIds(InvokeResult.success(answer.getBytes(StandardCharsets.UTF_8)), BATCH, report);
    }

    @Test
    void theEventHasLambdasShape() {
        Message m = Message.builder()
                .messageId("m1")
                .receiptHandle("rh1")
                .body("{\"case_id\":\"rc_1\"}")
                .md5OfBody("md5")
                .attributes(Map.of(
                        MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                        "2",
                        MessageSystemAttributeName.SENT_TIMESTAMP,
                        "1700000000000",
                        MessageSystemAttributeName.SENDER_ID,
                        "127.0.0.1",
                        MessageSystemAttributeName.APPROXIMATE_FIRST_RECEIVE_TIMESTAMP,
                        "1700000000001"))
                .messageAttributes(Map.of(
                        "type",
                        MessageAttributeValue.builder()
                                .dataType("String")
                                .stringValue("case.received")
                                .build()))
                .build();
        JsonNode record = SqsEvents.event(List.of(m), "arn:aws:sqs:us-east-1:000000000000:q", "us-east-1")
                .path("Records")
                .get(0);
        assertEquals("m1", record.path("messageId").asText());
        assertEquals("rh1", record.path("receiptHandle").asText());
        assertEquals("{\"case_id\":\"rc_1\"}", record.path("body").asText());
        assertEquals(
                "2", record.path("attributes").path("ApproximateReceiveCount").asText());
        assertEquals(
                "1700000000000", record.path("attributes").path("SentTimestamp").asText());
        assertEquals("127.0.0.1", record.path("attributes").path("SenderId").asText());
        assertEquals(
                "1700000000001",
                record.path("attributes")
                        .path("ApproximateFirstReceiveTimestamp")
                        .asText());
        assertEquals(
                "case.received",
                record.path("messageAttributes")
                        .path("type")
                        .path("stringValue")
                        .asText());
        assertEquals(
                "String",
                record.path("messageAttributes").path("type").path("dataType").asText());
        assertEquals("md5", record.path("md5OfBody").asText());
        assertEquals("aws:sqs", record.path("eventSource").asText());
        assertEquals(
                "arn:aws:sqs:us-east-1:000000000000:q",
                record.path("eventSourceARN").asText());
        assertEquals("us-east-1", record.path("awsRegion").asText());
    }

    @Test
    void listedItemsFailAndTheRestSucceed() {
        assertEquals(Set.of("m2"), failed("{\"batchItemFailures\":[{\"itemIdentifier\":\"m2\"}]}", true));
    }

    @Test
    void emptyOrAbsentFailuresMeanCompleteSuccess() {
        assertEquals(Set.of(), failed("{\"batchItemFailures\":[]}", true));
        assertEquals(Set.of(), failed("{\"batchItemFailures\":null}", true));
        assertEquals(Set.of(), failed("{}", true));
        assertEquals(Set.of(), failed("null", true));
        assertEquals(Set.of(), failed("", true));
    }

    @Test
    void aBadAnswerFailsTheWholeBatch() {
        assertEquals(BATCH, failed("not json", true));
        assertEquals(BATCH, failed("{\"batchItemFailures\":[{\"itemIdentifier\":\"\"}]}", true));
        assertEquals(BATCH, failed("{\"batchItemFailures\":[{\"itemIdentifier\":null}]}", true));
        assertEquals(BATCH, failed("{\"batchItemFailures\":[{\"id\":\"m1\"}]}", true));
        assertEquals(BATCH, failed("{\"batchItemFailures\":[{\"itemIdentifier\":\"elsewhere\"}]}", true));
    }

    @Test
    void aFunctionErrorFailsTheWholeBatch() {
        assertEquals(BATCH, SqsEvents.failedIds(InvokeResult.error("Runtime.ExitError", "gone"), BATCH, true));
        assertEquals(BATCH, SqsEvents.failedIds(InvokeResult.error("Runtime.ExitError", "gone"), BATCH, false));
    }

    @Test
    void withoutReportBatchItemFailuresAnySuccessIsCompleteSuccess() {
        assertEquals(Set.of(), failed("{\"batchItemFailures\":[{\"itemIdentifier\":\"m2\"}]}", false));
    }
}
