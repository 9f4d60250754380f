package com.refundpipeline.followup.channel;

import com.refundpipeline.domain.Notification;
import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.MessageTag;
import software.amazon.awssdk.services.sesv2.model.SendEmailRequest;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;

/**
 * Email through Amazon SES v2 SendEmail (POST /v2/email/outbound-emails), as plain UTF-8 text. Each email names the
 * configuration set and carries its outbox id as the {@value #OUTBOX_TAG} message tag, so SES's own "Email Sent" event
 * tells the outbox it went, even when the sender dies before it records the answer (ADR 0063).
 */
public class SesEmailChannel implements Channel {

    /** The message tag that carries the outbox id ({@link Notification#tagOf}). */
    public static final String OUTBOX_TAG = "outbox_id";

    private final SesV2Client ses;
    private final Optional<String> from;
    private final Optional<String> configurationSet;

    public SesEmailChannel(SesV2Client ses, Optional<String> from, Optional<String> configurationSet) {
        this.ses = ses;
        this.from = from.filter(f -> !f.isBlank());
        this.configurationSet = configurationSet.filter(c -> !c.isBlank());
    }

    @Override
    public Outcome send(String address, String subject, String body, String notificationId) {
        if (from.isEmpty()) {
            return Outcome.notConfigured();
        }
        if (address == null) {
            return Outcome.failed("no_address");
        }
        try {
            SendEmailRequest.Builder email = SendEmailRequest.builder()
                    .fromEmailAddress(from.get())
                    .destination(d -> d.toAddresses(address))
                    .content(c -> c.simple(m -> m.subject(s -> s.data(subject).charset("UTF-8"))
                            .body(b -> b.text(t -> t.data(body).charset("UTF-8")))));
            configurationSet.ifPresent(set -> email.configurationSetName(set)
                    .emailTags(Notification.tagOf(notificationId).stream()
                            .map(tag -> MessageTag.builder()
                                    .name(OUTBOX_TAG)
                                    .value(tag)
                                    .build())
                            .toList()));
            String messageId = ses.sendEmail(email.build()).messageId();
            return Outcome.sent(messageId);
        } catch (SesV2Exception refused) {
            String code = refused.awsErrorDetails() == null
                    ? "ses_" + refused.statusCode()
                    : refused.awsErrorDetails().errorCode();
            // 429 TooManyRequests, LimitExceeded (the sending quota) and 5xx: SES did not take the message.
            boolean temporary = refused.statusCode() == 429
                    || refused.statusCode() >= 500
                    || "LimitExceededException".equals(code)
                    || "TooManyRequestsException".equals(code);
            return temporary ? Outcome.tryAgain(code) : Outcome.failed(code);
        } catch (SdkClientException noAnswer) {
            return Outcome.failed("outcome_unknown");
        }
    }
}
