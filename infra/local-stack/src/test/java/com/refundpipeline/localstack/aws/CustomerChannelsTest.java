package com.refundpipeline.localstack.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stand-in answers SES v2 and SNS requests in the shapes their APIs define, and keeps what was sent. */
class CustomerChannelsTest {

    static final HttpClient HTTP = HttpClient.newHttpClient();

    CustomerChannels channels;

    @BeforeEach
    void start() throws Exception {
        channels = CustomerChannels.start();
    }

    @AfterEach
    void stop() {
        channels.close();
    }

    HttpResponse<String> post(String path, String type, String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(channels.endpoint().resolve(path))
                        .header("Content-Type", type)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void sesV2SendEmailIsAnsweredWithAMessageId() throws Exception {
        HttpResponse<String> response = post(
                "/v2/email/outbound-emails",
                "application/json",
                "{\"FromEmailAddress\":\"refunds@example.com\",\"Destination\":{\"ToAddresses\":[\"ana@example.com\"]},"
                        + "\"Content\":{\"Simple\":{\"Subject\":{\"Data\":\"Refund rc_1 approved\"},"
                        + "\"Body\":{\"Text\":{\"Data\":\"Your refund rc_1 is approved.\"}}}}}");
        assertEquals(200, response.statusCode());
        assertTrue(response.body().matches("\\{\"MessageId\":\"[0-9a-f-]{36}\"}"), response.body());
        assertEquals(
                List.of(new CustomerChannels.Sent(
                        "email", "ana@example.com", "Refund rc_1 approved", "Your refund rc_1 is approved.")),
                channels.sent());
    }

    @Test
    void anEmailThroughAConfigurationSetPublishesSesEmailSentEventWithItsTags() throws Exception {
        BlockingQueue<Map<String, Object>> published = new LinkedBlockingQueue<>();
        channels.publishEmailEventsTo(published::add);
        HttpResponse<String> response = post(
                "/v2/email/outbound-emails",
                "application/json",
                "{\"FromEmailAddress\":\"refunds@example.com\",\"Destination\":{\"ToAddresses\":[\"ana@example.com\"]},"
                        + "\"Content\":{\"Simple\":{\"Subject\":{\"Data\":\"s\"},\"Body\":{\"Text\":{\"Data\":\"b\"}}}},"
                        + "\"ConfigurationSetName\":\"refunds-local-email\","
                        + "\"EmailTags\":[{\"Name\":\"outbox_id\",\"Value\":\"rc_1-approved\"}]}");
        assertEquals(200, response.statusCode());
        Map<String, Object> event = published.poll(5, TimeUnit.SECONDS);
        assertNotNull(event, "no Email Sent event");
        assertEquals("aws.ses", event.get("source"));
        assertEquals("Email Sent", event.get("detail-type"));
        Map<?, ?> mail = (Map<?, ?>) ((Map<?, ?>) event.get("detail")).get("mail");
        assertTrue(response.body().contains((String) mail.get("messageId")), "the event names the answered id");
        Map<?, ?> tags = (Map<?, ?>) mail.get("tags");
        assertEquals(List.of("rc_1-approved"), tags.get("outbox_id"));
        assertEquals(List.of("refunds-local-email"), tags.get("ses:configuration-set"));

        post(
                "/v2/email/outbound-emails",
                "application/json",
                "{\"FromEmailAddress\":\"refunds@example.com\",\"Destination\":{\"ToAddresses\":[\"ana@example.com\"]},"
                        + "\"Content\":{\"Simple\":{\"Subject\":{\"Data\":\"s\"},\"Body\":{\"Text\":{\"Data\":\"b\"}}}}}");
        assertNull(published.poll(300, TimeUnit.MILLISECONDS), "no configuration set, no event (as SES)");
    }

    @Test
    void snsPublishToAPhoneIsAnsweredInTheQueryProtocolsXml() throws Exception {
        HttpResponse<String> response = post(
                "/",
                "application/x-www-form-urlencoded; charset=utf-8",
                "Action=Publish&Version=2010-03-31&PhoneNumber=%2B8613800000000&Message=%E9%80%80%E6%AC%BE+rc_1");
        assertEquals(200, response.statusCode());
        assertTrue(response.body().contains("<PublishResult><MessageId>"), response.body());
        assertEquals(List.of(new CustomerChannels.Sent("sms", "+8613800000000", null, "退款 rc_1")), channels.sent());
    }

    @Test
    void anEmailWithoutContentIsRefusedAndNotKept() throws Exception {
        assertEquals(
                400,
                post(
                                "/v2/email/outbound-emails",
                                "application/json",
                                "{\"Destination\":{\"ToAddresses\":[\"ana@example.com\"]}}")
                        .statusCode());
        assertEquals(List.of(), channels.sent());
    }

    @Test
    void theConsoleShowsWhoWasContactedMasked() {
        assertEquals("a***@example.com", CustomerChannels.mask("ana@example.com"));
        assertEquals("+86*******0000", CustomerChannels.mask("+8613800000000"));
    }
}
