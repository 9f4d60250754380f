package com.refundpipeline.localstack.events;

import com.refundpipeline.localstack.Console;
import com.refundpipeline.localstack.lambda.InvokeResult;
import com.refundpipeline.localstack.lambda.LocalFunction;
import com.refundpipeline.localstack.template.StackTemplate;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ChangeMessageVisibilityBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * An SQS event source mapping as the template configures it: long-polls the queue, gathers up to BatchSize
 * messages within MaximumBatchingWindowInSeconds, invokes the function with the SQS event and deletes what
 * succeeded, with up to MaximumConcurrency batches in flight at once (see {@link #pollers}). Failed messages are
 * left alone, so they reappear after the queue's visibility timeout and ElasticMQ moves them to the dead-letter queue
 * after maxReceiveCount receives, as SQS does.
 */
public final class SqsEventSourceMapping implements EventSourceMapping {

    /** SQS's longest long poll; the mapping re-polls at once, so it only bounds how fast it notices a stop. */
    private static final int LONG_POLL_SECONDS = 5;

    private static final Duration QUEUE_WAIT = Duration.ofMinutes(5);

    /** How often a disabled mapping looks whether it is enabled again. */
    static final Duration DISABLED_PAUSE = Duration.ofMillis(200);

    private final StackTemplate.SqsEvent source;
    private final String queueName;
    private final LocalFunction function;
    private final SqsClient sqs;
    private final String region;
    private volatile boolean running = true;
    private volatile boolean enabled = true;
    private final List<Thread> threads = new ArrayList<>();

    public SqsEventSourceMapping(
            StackTemplate.SqsEvent source, String queueName, LocalFunction function, SqsClient sqs, String region) {
        this.source = source;
        this.queueName = queueName;
        this.function = function;
        this.sqs = sqs;
        this.region = region;
    }

    /**
     * Starts the pollers: as many as batches may be delivered at once, which is the ScalingConfig's
     * MaximumConcurrency, but never more than the function's instances (a batch no instance is free for would only
     * wait in front of it, its visibility timeout running).
     */
    public void start() {
        for (int i = 1; i <= pollers(source, function.instances()); i++) {
            // Virtual threads: interrupting one aborts a long poll in progress, so a stop is not held up by one.
            threads.add(Thread.ofVirtual().name("sqs-" + queueName + "-" + i).start(this::run));
        }
    }

    /** How many batches the mapping delivers at once to a function of {@code instances} instances. */
    public static int pollers(StackTemplate.SqsEvent source, int instances) {
        Integer maximum = source.maximumConcurrency();
        return maximum == null ? instances : Math.max(1, Math.min(maximum, instances));
    }

    @Override
    public void enabled(boolean enabled) {
        this.enabled = enabled;
    }

    private void run() {
        while (running) {
            if (!enabled) {
                sleep(DISABLED_PAUSE);
                continue;
            }
            try {
                List<Message> batch = receiveBatch();
                if (!batch.isEmpty() && running) {
                    if (enabled) {
                        deliver(batch);
                    } else {
                        handBack(batch);
                    }
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                Console.warn(queueName + " -> " + function.name() + ": " + e.getMessage() + "; retrying in 1 s");
                sleep(Duration.ofSeconds(1));
            }
        }
    }

    private List<Message> receiveBatch() {
        List<Message> batch = new ArrayList<>(receive(Math.min(10, source.batchSize()), LONG_POLL_SECONDS));
        if (batch.isEmpty() || source.maximumBatchingWindowSeconds() == 0) {
            return batch;
        }
        long windowEnd = System.nanoTime()
                + Duration.ofSeconds(source.maximumBatchingWindowSeconds()).toNanos();
        while (running && enabled && batch.size() < source.batchSize()) {
            long remainingMillis = (windowEnd - System.nanoTime()) / 1_000_000;
            if (remainingMillis <= 0) {
                break;
            }
            int wait = (int) Math.min(20, Math.max(1, (remainingMillis + 999) / 1000));
            batch.addAll(receive(Math.min(10, source.batchSize() - batch.size()), wait));
        }
        return batch;
    }

    private List<Message> receive(int max, int waitSeconds) {
        return sqs.receiveMessage(r -> r.queueUrl(source.queueUrl())
                        .maxNumberOfMessages(max)
                        .waitTimeSeconds(waitSeconds)
                        .messageSystemAttributeNames(MessageSystemAttributeName.ALL)
                        .messageAttributeNames("All"))
                .messages();
    }

    /**
     * A long poll that began before the mapping was turned off may still bring messages: they go back to the queue
     * at once, visible again (their receive count keeps the extra receive, as SQS counts every receive).
     */
    private void handBack(List<Message> batch) {
        List<ChangeMessageVisibilityBatchRequestEntry> entries = new ArrayList<>();
        for (Message m : batch) {
            entries.add(ChangeMessageVisibilityBatchRequestEntry.builder()
                    .id(Integer.toString(entries.size()))
                    .receiptHandle(m.receiptHandle())
                    .visibilityTimeout(0)
                    .build());
        }
        for (int i = 0; i < entries.size(); i += 10) {
            List<ChangeMessageVisibilityBatchRequestEntry> chunk = entries.subList(i, Math.min(entries.size(), i + 10));
            sqs.changeMessageVisibilityBatch(r -> r.queueUrl(source.queueUrl()).entries(chunk));
        }
    }

    private void deliver(List<Message> batch) {
        byte[] event =
                SqsEvents.event(batch, source.queueArn(), region).toString().getBytes(StandardCharsets.UTF_8);
        long start = System.nanoTime();
        InvokeResult result = function.invoke(event, QUEUE_WAIT);
        Set<String> ids = new LinkedHashSet<>();
        batch.forEach(m -> ids.add(m.messageId()));
        Set<String> failed = SqsEvents.failedIds(result, ids, source.reportBatchItemFailures());

        List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
        for (Message m : batch) {
            if (!failed.contains(m.messageId())) {
                done.add(DeleteMessageBatchRequestEntry.builder()
                        .id(Integer.toString(done.size()))
                        .receiptHandle(m.receiptHandle())
                        .build());
            }
        }
        for (int i = 0; i < done.size(); i += 10) {
            List<DeleteMessageBatchRequestEntry> chunk = done.subList(i, Math.min(done.size(), i + 10));
            sqs.deleteMessageBatch(r -> r.queueUrl(source.queueUrl()).entries(chunk));
        }

        if (!running) {
            return; // stopping: what failed here failed because of the stop, and stays on the queue
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        String counts = batch.size() + " message" + (batch.size() == 1 ? "" : "s");
        if (failed.isEmpty()) {
            Console.info(String.format("%s -> %s: %s done (%d ms)", queueName, function.name(), counts, millis));
        } else {
            String receives = batch.stream()
                    .filter(m -> failed.contains(m.messageId()))
                    .map(m -> m.attributes().getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "?"))
                    .distinct()
                    .reduce((a, b) -> a + "," + b)
                    .orElse("?");
            Console.warn(String.format(
                    "%s -> %s: %d of %s failed, left on the queue for retry (receive count %s)%s",
                    queueName,
                    function.name(),
                    failed.size(),
                    counts,
                    receives,
                    result.isError() ? ": " + result : ""));
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        threads.forEach(Thread::interrupt);
    }
}
