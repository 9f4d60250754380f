package com.refundpipeline.followup.channel;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sns.model.SnsException;

/**
 * Amazon SNS Publish (the query protocol: form-encoded Action=Publish): SMS to a phone number, sent as
 * Transactional so carriers deliver it promptly, or an operations alert to a topic.
 */
public class SnsChannel implements Channel {

    private final SnsClient sns;
    /** The operations topic; for SMS, empty. */
    private final Optional<String> topicArn;

    private final Optional<String> senderId;
    private final boolean sms;

    private SnsChannel(SnsClient sns, boolean sms, Optional<String> topicArn, Optional<String> senderId) {
        this.sns = sns;
        this.sms = sms;
        this.topicArn = topicArn.filter(t -> !t.isBlank());
        this.senderId = senderId.filter(t -> !t.isBlank());
    }

    public static SnsChannel sms(SnsClient sns, Optional<String> senderId) {
        return new SnsChannel(sns, true, Optional.empty(), senderId);
    }

    public static SnsChannel topic(SnsClient sns, Optional<String> topicArn) {
        return new SnsChannel(sns, false, topicArn, Optional.empty());
    }

    /** SNS reports no single SMS or topic message back, so the outbox id goes nowhere (ADR 0063). */
    @Override
    public Outcome send(String address, String subject, String body, String notificationId) {
        PublishRequest.Builder publish = PublishRequest.builder().message(body);
        if (sms) {
            if (address == null) {
                return Outcome.failed("no_address");
            }
            Map<String, MessageAttributeValue> attributes = new HashMap<>();
            attributes.put("AWS.SNS.SMS.SMSType", text("Transactional"));
            senderId.ifPresent(id -> attributes.put("AWS.SNS.SMS.SenderID", text(id)));
            publish.phoneNumber(address).messageAttributes(attributes);
        } else {
            if (topicArn.isEmpty()) {
                return Outcome.notConfigured();
            }
            // Topic subjects reach email subscribers; SNS takes at most 100 characters.
            publish.topicArn(topicArn.get()).subject(subject.length() > 100 ? subject.substring(0, 100) : subject);
        }
        try {
            return Outcome.sent(sns.publish(publish.build()).messageId());
        } catch (SnsException refused) {
            String code = refused.awsErrorDetails() == null
                    ? "sns_" + refused.statusCode()
                    : refused.awsErrorDetails().errorCode();
            boolean temporary = refused.statusCode() == 429
                    || refused.statusCode() >= 500
                    || "Throttling".equals(code)
                    || "ThrottledException".equals(code);
            return temporary ? Outcome.tryAgain(code) : Outcome.failed(code);
        } catch (SdkClientException noAnswer) {
            return Outcome.failed("outcome_unknown");
        }
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder()
                .dataType("String")
                .stringValue(value)
                .build();
    }
}
