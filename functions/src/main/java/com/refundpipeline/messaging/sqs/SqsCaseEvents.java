package com.refundpipeline.messaging.sqs;

import com.refundpipeline.config.PipelineConfig;
import com.refundpipeline.domain.CaseStatus;
import com.refundpipeline.domain.RefundCase;
import com.refundpipeline.json.Json;
import com.refundpipeline.messaging.CaseEvents;
import com.refundpipeline.messaging.CaseMessage;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Optional;
import software.amazon.awssdk.services.sqs.SqsClient;

/** Case messages on SQS, one queue per consuming function, queue URLs from the template. */
@ApplicationScoped
public class SqsCaseEvents implements CaseEvents {

    private final SqsClient sqs;
    private final PipelineConfig config;
    private final Clock clock;

    public SqsCaseEvents(SqsClient sqs, PipelineConfig config, Clock clock) {
        this.sqs = sqs;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public void verificationRequested(RefundCase refundCase) {
        send(config.queues().verify(), "REFUNDS_QUEUES_VERIFY", CaseMessage.Type.VERIFICATION_REQUESTED, refundCase);
    }

    @Override
    public void verificationRequestedAfter(RefundCase refundCase, java.time.Duration delay) {
        long seconds = Math.max(0, Math.min(delay.toSeconds(), MAX_DELAY.toSeconds()));
        CaseMessage message = new CaseMessage(
                CaseMessage.Type.VERIFICATION_REQUESTED,
                refundCase.caseId(),
                refundCase.status(),
                refundCase.version(),
                clock.instant());
        sqs.sendMessage(
                send -> send.queueUrl(PipelineConfig.required(config.queues().verify(), "REFUNDS_QUEUES_VERIFY"))
                        .messageBody(Json.write(message))
                        .delaySeconds((int) seconds));
    }

    @Override
    public void payoutRequested(RefundCase refundCase) {
        send(config.queues().payout(), "REFUNDS_QUEUES_PAYOUT", CaseMessage.Type.PAYOUT_REQUESTED, refundCase);
    }

    @Override
    public void statusChanged(RefundCase refundCase) {
        if (!refundCase.status().tellsCustomer() && !leavesReceived(refundCase)) {
            return; // send-follow-up would read the case and find nothing to say
        }
        send(config.queues().followUp(), "REFUNDS_QUEUES_FOLLOW_UP", CaseMessage.Type.STATUS_CHANGED, refundCase);
    }

    /** The first move out of received also tells the customer the request was received (submit sends nothing). */
    static boolean leavesReceived(RefundCase refundCase) {
        var events = refundCase.timeline();
        var last = events.isEmpty() ? null : events.get(events.size() - 1);
        return last != null && last.from() == CaseStatus.RECEIVED && last.to() != CaseStatus.WITHDRAWN;
    }

    private void send(Optional<String> queue, String variable, CaseMessage.Type type, RefundCase refundCase) {
        CaseMessage message =
                new CaseMessage(type, refundCase.caseId(), refundCase.status(), refundCase.version(), clock.instant());
        sqs.sendMessage(
                send -> send.queueUrl(PipelineConfig.required(queue, variable)).messageBody(Json.write(message)));
    }
}
