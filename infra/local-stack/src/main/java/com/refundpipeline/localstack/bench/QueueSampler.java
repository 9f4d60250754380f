package com.refundpipeline.localstack.bench;

import static com.refundpipeline.localstack.bench.Stats.round;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Samples each queue's depth (visible, in flight) every 250 ms, straight from ElasticMQ. */
final class QueueSampler {
    private final Map<String, String> queues;
    private final SqsClient sqs;
    private final List<Map<String, Object>> samples = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Long> maxima = new ConcurrentHashMap<>();
    private volatile boolean running = true;
    private Thread thread;

    QueueSampler(Map<String, String> queues, SqsClient sqs) {
        this.queues = queues;
        this.sqs = sqs;
    }

    void start() {
        long t0 = System.nanoTime();
        thread = Thread.ofPlatform().daemon().name("queue-sampler").start(() -> {
            while (running) {
                Map<String, Object> sample = new LinkedHashMap<>();
                sample.put("t_s", round((System.nanoTime() - t0) / 1e9));
                queues.forEach((name, url) -> {
                    long[] d = depth(sqs, url);
                    sample.put(name, d[0] + d[1]);
                    maxima.merge(name, d[0] + d[1], Math::max);
                });
                samples.add(sample);
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    void stop() throws InterruptedException {
        running = false;
        thread.join(2000);
    }

    List<Map<String, Object>> series() {
        synchronized (samples) {
            return new ArrayList<>(samples);
        }
    }

    Map<String, Long> maxima() {
        return new TreeMap<>(maxima);
    }

    /** Visible and (in flight + delayed) messages. */
    static long[] depth(SqsClient sqs, String url) {
        Map<QueueAttributeName, String> a = sqs.getQueueAttributes(r -> r.queueUrl(url)
                        .attributeNames(
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE,
                                QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED))
                .attributes();
        long visible = Long.parseLong(a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES, "0"));
        long inFlight = Long.parseLong(
                        a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE, "0"))
                + Long.parseLong(a.getOrDefault(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED, "0"));
        return new long[] {visible, inFlight};
    }
}
