package com.refundpipeline.localstack.events;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.refundpipeline.localstack.template.LocalEndpoints;
import com.refundpipeline.localstack.template.StackTemplate;
import java.net.URI;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class SchedulesTest {

    static final LocalEndpoints ENDPOINTS = new LocalEndpoints(
            "us-east-1",
            "000000000000",
            "refunds-local",
            URI.create("http://127.0.0.1:9324"),
            URI.create("http://localhost:8080"));
    static final ZonedDateTime AT = ZonedDateTime.parse("2026-11-24T04:35:00.123Z");

    @Test
    void schedulerPlaceholdersAreFilledIn() throws Exception {
        var schedule = new StackTemplate.Schedule(
                "SlaSweep",
                "ScheduleV2",
                "refunds-local-follow-up-sweep",
                "rate(5 minutes)",
                null,
                "{\"id\":\"<aws.scheduler.execution-id>\",\"time\":"
                        + "\"<aws.scheduler.scheduled-time>\",\"resources\":[\"<aws.scheduler.schedule-arn>\"],"
                        + "\"attempt\":\"<aws.scheduler.attempt-number>\"}",
                true);
        JsonNode event = new ObjectMapper().readTree(Schedules.payload(schedule, ENDPOINTS, AT, "exec-1"));
        assertEquals("exec-1", event.path("id").asText());
        assertEquals("2026-11-24T04:35:00Z", event.path("time").asText());
        assertEquals(
                "arn:aws:scheduler:us-east-1:000000000000:schedule/default/refunds-local-follow-up-sweep",
                event.path("resources").get(0).asText());
        assertEquals("1", event.path("attempt").asText());
    }

    @Test
    void aRuleWithoutInputSendsTheScheduledEvent() throws Exception {
        var schedule =
                new StackTemplate.Schedule("Nightly", "Schedule", "nightly", "cron(0 3 * * ? *)", null, null, true);
        JsonNode event = new ObjectMapper().readTree(Schedules.payload(schedule, ENDPOINTS, AT, "exec-2"));
        assertEquals("Scheduled Event", event.path("detail-type").asText());
        assertEquals("aws.events", event.path("source").asText());
        assertEquals(
                "arn:aws:events:us-east-1:000000000000:rule/nightly",
                event.path("resources").get(0).asText());
    }
}
