package com.refundpipeline.followup.channel;

import com.refundpipeline.config.FollowUpConfig;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Map;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The channels by name: {@code email} (SES v2), {@code sms} (SNS to a phone), {@code operations} (SNS topic). The
 * clients are built on first use, so functions that never send never build them. The SDK does not retry: a retry
 * after a lost answer could send twice, so the outbox decides what to try again.
 */
@ApplicationScoped
public class Channels {

    private final FollowUpConfig config;
    private SesV2Client ses;
    private SnsClient sns;
    private Map<String, Channel> byName;

    public Channels(FollowUpConfig config) {
        this.config = config;
    }

    public synchronized Channel named(String name) {
        if (byName == null) {
            var region = new DefaultAwsRegionProviderChain().getRegion();
            var credentials = DefaultCredentialsProvider.builder().build();
            var sesBuilder = SesV2Client.builder()
                    .httpClient(UrlConnectionHttpClient.create())
                    .region(region)
                    .credentialsProvider(credentials)
                    .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
            config.sesEndpoint().ifPresent(sesBuilder::endpointOverride);
            var snsBuilder = SnsClient.builder()
                    .httpClient(UrlConnectionHttpClient.create())
                    .region(region)
                    .credentialsProvider(credentials)
                    .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()));
            config.snsEndpoint().ifPresent(snsBuilder::endpointOverride);
            ses = sesBuilder.build();
            sns = snsBuilder.build();
            byName = Map.of(
                    "email", new SesEmailChannel(ses, config.emailFrom(), config.sesConfigurationSet()),
                    "sms", SnsChannel.sms(sns, config.smsSenderId()),
                    "operations", SnsChannel.topic(sns, config.operationsTopicArn()));
        }
        Channel channel = byName.get(name);
        if (channel == null) {
            throw new IllegalArgumentException("no channel " + name);
        }
        return channel;
    }

    @PreDestroy
    synchronized void close() {
        if (ses != null) {
            ses.close();
            sns.close();
        }
    }
}
