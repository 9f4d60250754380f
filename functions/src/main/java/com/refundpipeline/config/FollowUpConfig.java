package com.refundpipeline.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Optional;

/**
 * How send-follow-up treats people: when it may contact them, how often, and when it reminds, surveys and alerts.
 * Set from the environment (REFUNDS_FOLLOWUP_*, see infra/template.yaml).
 */
@ConfigMapping(prefix = "refunds.followup")
public interface FollowUpConfig {

    /** Quiet hours in the customer's time zone: no message from quiet-start until quiet-end. */
    @WithDefault("21:00")
    LocalTime quietStart();

    @WithDefault("09:00")
    LocalTime quietEnd();

    /** At most this many messages to a customer about one case in one day of their time zone. */
    @WithDefault("4")
    int dailyContactCap();

    /** A case still open this long after the request gets a progress update, then one a day. */
    @WithDefault("PT24H")
    Duration progressAfter();

    /** Time the customer gets before each evidence reminder. */
    @WithDefault("PT24H")
    Duration evidenceReminderInterval();

    @WithDefault("2")
    int evidenceReminders();

    /** The survey goes out this long after the money was paid. */
    @WithDefault("P3D")
    Duration surveyDelay();

    /** Operations hear of a case not decided this long after the request. */
    @WithDefault("PT4H")
    Duration decisionTarget();

    /** A goodwill coupon, in minor units of the case's currency, for a score of 1-2; 0 grants none. */
    @WithDefault("0")
    long goodwillCoupon();

    /** The From address of customer emails (a verified SES identity). */
    Optional<String> emailFrom();

    /**
     * The SES configuration set every email names: its event destination puts SES's own "Email Sent" events on the
     * follow-up queue, which is how a takeover knows a message went before its sender died (ADR 0063).
     */
    Optional<String> sesConfigurationSet();

    /** The SNS topic operations subscribe to for SLA alerts. */
    Optional<String> operationsTopicArn();

    /** Optional sender id shown on SMS, where the destination country allows one. */
    Optional<String> smsSenderId();

    /** Endpoint overrides, for tests and local runs. */
    Optional<URI> sesEndpoint();

    Optional<URI> snsEndpoint();
}
