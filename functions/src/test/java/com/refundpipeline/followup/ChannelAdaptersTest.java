package com.refundpipeline.followup;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.refundpipeline.followup.channel.Channel;
import com.refundpipeline.followup.channel.SesEmailChannel;
import com.refundpipeline.followup.channel.SnsChannel;
import java.net.URI;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The SES v2 and SNS adapters at their HTTP boundary: SES v2 is REST+JSON (POST /v2/email/outbound-emails), SNS is
 * the query protocol (form-encoded Action=Publish, XML answers). Shapes as the AWS API references give them.
 */
class ChannelAdaptersTest {

    static WireMockServer aws;
    static SesV2Client ses;
    static SnsClient sns;

    static final String SNS_OK = """
            <PublishResponse xmlns="https://sns.amazonaws.com/doc/2010-03-31/">
              <PublishResult><MessageId>567910cd-659e-55d4-8ccb-5aaf14679dc0</MessageId></PublishResult>
              <ResponseMetadata><RequestId>d74b8436-ae13-5ab4-a9ff-ce54dfea72a0</RequestId></ResponseMetadata>
            </PublishResponse>""";

    static String snsError(String type, String code) {
        return """
                <ErrorResponse xmlns="https://sns.amazonaws.com/doc/2010-03-31/">
                  <Error><Type>%s</Type><Code>%s</Code><Message>refused</Message></Error>
                  <RequestId>9dd01905-5012-5f99-8663-4b3ecd0dfaef</RequestId>
                </ErrorResponse>""".formatted(type, code);
    }

    @BeforeAll
    static void start() {
        aws = new WireMockServer(options().dynamicPort());
        aws.start();
        var credentials = StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test"));
        URI endpoint = URI.create(aws.baseUrl());
        ses = SesV2Client.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .endpointOverride(endpoint)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
        sns = SnsClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .endpointOverride(endpoint)
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }

    @AfterAll
    static void stop() {
        ses.close();
        sns.close();
        aws.stop();
    }

    @BeforeEach
    void reset() {
        aws.resetAll();
    }

    @Test
    void emailIsOneSesV2SendEmailWithSimpleUtf8Content() {
        aws.stubFor(post(urlEqualTo("/v2/email/outbound-emails"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "application/json")
                        .withBody("{\"MessageId\":\"0100018c-ses-message-1\"}")));

        Channel.Outcome outcome = new SesEmailChannel(
                        ses, Optional.of("refunds@shop.example"), Optional.of("refunds-test-email"))
                .send("a@example.com", "您的退款已批准", "退款 rc_1 已批准：29.99 USD", "rc_1#approved");

        assertEquals("sent", outcome.status());
        assertEquals("0100018c-ses-message-1", outcome.providerMessageId());
        aws.verify(
                1,
                postRequestedFor(urlEqualTo("/v2/email/outbound-emails"))
                        .withHeader("Content-Type", matching("application/json.*"))
                        .withHeader(
                                "Authorization", matching("AWS4-HMAC-SHA256 Credential=test/\\d{8}/us-east-1/ses/.*"))
                        .withRequestBody(equalToJson("""
                        {"FromEmailAddress": "refunds@shop.example",
                         "Destination": {"ToAddresses": ["a@example.com"]},
                         "ConfigurationSetName": "refunds-test-email",
                         "EmailTags": [{"Name": "outbox_id", "Value": "rc_1-approved"}],
                         "Content": {"Simple": {
                            "Subject": {"Data": "您的退款已批准", "Charset": "UTF-8"},
                            "Body": {"Text": {"Data": "退款 rc_1 已批准：29.99 USD", "Charset": "UTF-8"}}}}}""")));
    }

    @Test
    void sesRefusalsAreFinalAndThrottlingIsRetried() {
        aws.stubFor(post(urlEqualTo("/v2/email/outbound-emails"))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("x-amzn-ErrorType", "MessageRejected")
                        .withBody("{\"message\":\"Email address is not verified.\"}")));
        Channel.Outcome rejected = new SesEmailChannel(ses, Optional.of("refunds@shop.example"), Optional.empty())
                .send("a@example.com", "s", "b", "rc_1#approved");
        assertEquals("failed", rejected.status());
        assertEquals("MessageRejected", rejected.reason());
        assertFalse(rejected.retryable());

        aws.stubFor(post(urlEqualTo("/v2/email/outbound-emails"))
                .willReturn(aResponse()
                        .withStatus(429)
                        .withHeader("Content-Type", "application/json")
                        .withHeader("x-amzn-ErrorType", "TooManyRequestsException")
                        .withBody("{\"message\":\"Maximum sending rate exceeded.\"}")));
        Channel.Outcome throttled = new SesEmailChannel(ses, Optional.of("refunds@shop.example"), Optional.empty())
                .send("a@example.com", "s", "b", "rc_1#approved");
        assertTrue(throttled.retryable());
        // The SDK itself never retried: one request each.
        aws.verify(2, postRequestedFor(urlEqualTo("/v2/email/outbound-emails")));
    }

    @Test
    void aLostAnswerIsNotRetriedSinceTheMailMayHaveGone() {
        aws.stubFor(post(urlEqualTo("/v2/email/outbound-emails"))
                .willReturn(
                        aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER)));
        Channel.Outcome outcome = new SesEmailChannel(ses, Optional.of("refunds@shop.example"), Optional.empty())
                .send("a@example.com", "s", "b", "rc_1#approved");
        assertEquals("failed", outcome.status());
        assertEquals("outcome_unknown", outcome.reason());
        assertFalse(outcome.retryable());
    }

    @Test
    void withoutASenderEmailIsNotConfiguredAndNothingIsCalled() {
        Channel.Outcome outcome = new SesEmailChannel(ses, Optional.empty(), Optional.empty())
                .send("a@example.com", "s", "b", "rc_1#approved");
        assertEquals("suppressed", outcome.status());
        assertEquals("channel_not_configured", outcome.reason());
        aws.verify(0, postRequestedFor(urlEqualTo("/v2/email/outbound-emails")));
    }

    @Test
    void smsIsAnSnsPublishToThePhoneAsTransactional() {
        aws.stubFor(post(urlEqualTo("/"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/xml")
                        .withBody(SNS_OK)));

        Channel.Outcome outcome = SnsChannel.sms(sns, Optional.of("SHOP"))
                .send("+8613800138000", "ignored", "退款 rc_1 的 29.99 USD 已退回您的原支付方式。", "rc_1#paid");

        assertEquals("sent", outcome.status());
        assertEquals("567910cd-659e-55d4-8ccb-5aaf14679dc0", outcome.providerMessageId());
        aws.verify(
                1,
                postRequestedFor(urlEqualTo("/"))
                        .withHeader("Content-Type", matching("application/x-www-form-urlencoded.*"))
                        .withHeader(
                                "Authorization", matching("AWS4-HMAC-SHA256 Credential=test/\\d{8}/us-east-1/sns/.*"))
                        .withFormParam("Action", equalTo("Publish"))
                        .withFormParam("Version", equalTo("2010-03-31"))
                        .withFormParam("PhoneNumber", equalTo("+8613800138000"))
                        .withFormParam("Message", equalTo("退款 rc_1 的 29.99 USD 已退回您的原支付方式。")));
        String form = aws.getAllServeEvents().get(0).getRequest().getBodyAsString();
        assertTrue(form.matches(".*MessageAttributes\\.entry\\.(\\d)\\.Name=AWS\\.SNS\\.SMS\\.SMSType.*"), form);
        assertTrue(form.contains("StringValue=Transactional"), form);
        assertTrue(form.contains("StringValue=SHOP"), form);
        assertFalse(form.contains("TopicArn"), form);
        assertFalse(form.contains("Subject"), "SMS has no subject: " + form);
    }

    @Test
    void operationsAlertsArePublishedToTheTopicWithASubject() {
        aws.stubFor(post(urlEqualTo("/"))
                .willReturn(aResponse()
                        .withStatus(200)
                        .withHeader("Content-Type", "text/xml")
                        .withBody(SNS_OK)));
        String topic = "arn:aws:sns:us-east-1:000000000000:refunds-operations-alerts";

        Channel.Outcome outcome = SnsChannel.topic(sns, Optional.of(topic))
                .send(
                        null,
                        "SLA breach (not paid): rc_1",
                        "Case rc_1 is approved and was due paid by 2026-11-25T09:00:00Z.",
                        "rc_1#sla_breach");

        assertEquals("sent", outcome.status());
        aws.verify(
                1,
                postRequestedFor(urlEqualTo("/"))
                        .withFormParam("Action", equalTo("Publish"))
                        .withFormParam("TopicArn", equalTo(topic))
                        .withFormParam("Subject", equalTo("SLA breach (not paid): rc_1")));
    }

    @Test
    void snsThrottlingIsRetriedAndInvalidParametersAreNot() {
        aws.stubFor(post(urlEqualTo("/"))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "text/xml")
                        .withBody(snsError("Sender", "Throttling"))));
        Channel.Outcome throttled = SnsChannel.sms(sns, Optional.empty()).send("+14155550100", "s", "b", "rc_1#paid");
        assertTrue(throttled.retryable());
        assertEquals("Throttling", throttled.reason());

        aws.stubFor(post(urlEqualTo("/"))
                .willReturn(aResponse()
                        .withStatus(400)
                        .withHeader("Content-Type", "text/xml")
                        .withBody(snsError("Sender", "InvalidParameter"))));
        Channel.Outcome invalid = SnsChannel.sms(sns, Optional.empty()).send("+14155550100", "s", "b", "rc_1#paid");
        assertEquals("failed", invalid.status());
        assertEquals("InvalidParameter", invalid.reason());
        assertFalse(invalid.retryable());
        assertNull(invalid.providerMessageId());
    }
}
