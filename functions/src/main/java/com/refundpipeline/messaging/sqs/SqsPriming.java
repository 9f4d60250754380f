package com.refundpipeline.messaging.sqs;

import jakarta.enterprise.context.ApplicationScoped;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The first SQS call of a function, made before SnapStart's snapshot (startup/SnapStartPriming) so that the snapshot
 * holds its path loaded: client, signing, connection, error unmarshalling. The message is one SQS must refuse (a
 * delay over its 900 s maximum), so no queue ever holds it.
 */
@ApplicationScoped
public class SqsPriming {

    /** One second over SQS's maximum DelaySeconds (900): SQS refuses the message, so nothing is queued. */
    public static final int REFUSED_DELAY_SECONDS = 901;

    private final SqsClient sqs;

    public SqsPriming(SqsClient sqs) {
        this.sqs = sqs;
    }

    /** "ok" when SQS refused the message, as it must; otherwise what happened. */
    public String sendRefused(String queueUrl) {
        try {
            sqs.sendMessage(send -> send.queueUrl(queueUrl).messageBody("{}").delaySeconds(REFUSED_DELAY_SECONDS));
            return "unexpected: the queue accepted the message";
        } catch (SdkException refused) {
            // What priming wanted: the whole call path, request to error response, with nothing queued.
            return "ok";
        }
    }
}
