package com.refundpipeline.store;

import java.time.Instant;
import java.util.Map;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A message waiting in the outbox for a channel to deliver it. The id names the case and the event, so one event
 * yields one message however often it is reported.
 */
@RegisterForReflection
public record Notification(String notificationId, String caseId, String audience, String event, String channel,
        String locale, String subject, String body, Map<String, String> parameters, String deliveryStatus,
        Instant createdAt) {

    public static String idFor(String caseId, String event) {
        return caseId + "#" + event;
    }
}
