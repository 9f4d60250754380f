package com.refundpipeline.followup.channel;

import java.util.Optional;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sesv2.model.SesV2Exception;

/** Email through Amazon SES v2 SendEmail (POST /v2/email/outbound-emails), as plain UTF-8 text. */
public class SesEmailChannel implements Channel {

    private final SesV2Client ses;
    private final Optional<String> from;

    public SesEmailChannel(SesV2Client ses, Optional<String> from) {
        this.ses = ses;
        this.from = from.filter(f -> !f.isBlank());
    }

    @Override
    public Outcome send(String address, String subject, String body) {
        if (from.isEmpty()) {
            return Outcome.notConfigured();
        }
        if (address == null) {
            return Outcome.failed("no_address");
        }
        try {
            String messageId = ses.sendEmail(email -> email.fromEmailAddress(from.get())
                            .destination(d -> d.toAddresses(address))
                            .content(c ->
                                    c.simple(m -> m.subject(s -> s.data(subject).charset("UTF-8"))
                                            .body(b -> b.text(t -> t.data(body).charset("UTF-8"))))))
                    .messageId();
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
