package com.refundpipeline.messaging;

import java.util.function.Consumer;
import org.jboss.logging.Logger;
import org.jboss.logging.MDC;

/**
 * What every SQS-fed function does around its business: check the message is of the expected kind, act on its case,
 * and when that fails, log why (with the case id, never personal data) and rethrow, so Funqy reports the record in
 * batchItemFailures and the queue retries it, then dead-letters it after maxReceiveCount.
 */
public final class QueueConsumer {

    private static final Logger LOG = Logger.getLogger(QueueConsumer.class);

    private QueueConsumer() {}

    public static void consume(
            String function, CaseMessage message, CaseMessage.Type expected, Consumer<CaseMessage> action) {
        String caseId = message == null ? null : message.caseId();
        // Every log line about this message carries the case id (never the customer's details).
        MDC.put("case_id", caseId == null ? "-" : caseId);
        try {
            if (message == null) {
                throw new UnexpectedMessageException("empty message");
            }
            action.accept(message.expect(expected));
        } catch (UnexpectedMessageException poison) {
            LOG.errorf("%s: unusable message for case %s: %s", function, caseId, poison.getMessage());
            throw poison;
        } catch (RetryLaterException later) {
            LOG.warnf("%s: case %s not finished, retried by the queue: %s", function, caseId, later.getMessage());
            throw later;
        } catch (RuntimeException failure) {
            LOG.errorf(failure, "%s: case %s failed; the queue will retry it", function, caseId);
            throw failure;
        } finally {
            MDC.remove("case_id");
        }
    }
}
