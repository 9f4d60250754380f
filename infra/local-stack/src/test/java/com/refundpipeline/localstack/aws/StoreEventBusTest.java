package com.refundpipeline.localstack.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The store's bus stand-in answers PutEvents as EventBridge does and keeps each entry; sandbox labels are PDFs. */
class StoreEventBusTest {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();

    StoreEventBus bus;

    @BeforeEach
    void start() throws Exception {
        bus = StoreEventBus.start();
    }

    @AfterEach
    void stop() {
        bus.close();
    }

    HttpResponse<String> put(String target, String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(bus.endpoint().resolve("/"))
                        .header("Content-Type", "application/x-amz-json-1.1")
                        .header("X-Amz-Target", target)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void putEventsIsAnsweredWithAnEventIdPerEntryAndKept() throws Exception {
        String detail = "{\\\"event_id\\\": \\\"rc_1:replacement.requested\\\", \\\"case_id\\\": \\\"rc_1\\\"}";
        HttpResponse<String> answer = put(
                "AWSEvents.PutEvents",
                "{\"Entries\": [{\"Source\": \"refund-pipeline\", \"DetailType\": \"replacement.requested\","
                        + " \"EventBusName\": \"refunds-local-store\", \"Detail\": \"" + detail + "\"}]}");
        assertEquals(200, answer.statusCode());
        JsonNode body = JSON.readTree(answer.body());
        assertEquals(0, body.path("FailedEntryCount").asInt());
        assertEquals(1, body.path("Entries").size());
        assertEquals(1, bus.events().size());
        JsonNode kept = bus.events().get(0);
        assertEquals("replacement.requested", kept.path("detail_type").asText());
        assertEquals(
                "rc_1:replacement.requested",
                kept.path("detail").path("event_id").asText());

        assertEquals(400, put("AWSEvents.ListRules", "{}").statusCode());
        assertEquals(1, bus.events().size());
    }

    @Test
    void aSandboxLabelIsAOnePagePdfWithItsTrackingCode() {
        byte[] pdf = SandboxCarrier.label("SBX0123456789ABCDEF");
        String text = new String(pdf, StandardCharsets.US_ASCII);
        assertTrue(text.startsWith("%PDF-1.4"), text);
        assertTrue(text.contains("Tracking SBX0123456789ABCDEF"), text);
        // startxref points at the cross-reference table.
        int xref = Integer.parseInt(text.substring(text.indexOf("startxref\n") + 10, text.indexOf("\n%%EOF")));
        assertTrue(text.startsWith("xref", xref), text.substring(xref));
    }
}
