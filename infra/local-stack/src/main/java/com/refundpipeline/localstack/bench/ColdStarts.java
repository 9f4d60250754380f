package com.refundpipeline.localstack.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.refundpipeline.localstack.LocalStack;
import com.refundpipeline.localstack.events.FunctionUrlEvents;
import com.refundpipeline.localstack.events.SqsEvents;
import com.refundpipeline.localstack.lambda.FunctionLauncher;
import com.refundpipeline.localstack.lambda.FunctionLauncher.ClassData;
import com.refundpipeline.localstack.lambda.FunctionLauncher.Startup;
import com.refundpipeline.localstack.lambda.InvokeResult;
import com.refundpipeline.localstack.lambda.LocalFunction;
import com.refundpipeline.localstack.template.StackTemplate;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Cold start per function, one function at a time (the stack's own functions idle meanwhile): a new process of the
 * function, started and handed its first request at once, timed from the process start to its answer (what a
 * caller of a cold Lambda waits, init included). Each way of starting a JVM ({@link Startup}) runs once untimed,
 * which writes its archive or cache, then {@code rounds} timed starts; every way is measured in the same run, so
 * their ratios hold on a busy machine even where the absolute times do not.
 */
final class ColdStarts {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The ways compared: what the stack did before docs/adr/0060, its pieces, and what it does now. */
    static final Map<String, Startup> WAYS;

    static {
        Map<String, Startup> ways = new LinkedHashMap<>();
        ways.put("before", Startup.previous());
        ways.put("cds_app", new Startup(ClassData.CDS, true, true));
        if (Runtime.version().feature() >= 25) {
            ways.put("aot_app", new Startup(ClassData.AOT, true, true));
        }
        WAYS = ways;
    }

    private final LocalStack stack;
    private final Progress progress;
    private final int rounds;
    private final List<String> only;

    ColdStarts(LocalStack stack, Progress progress, int rounds, List<String> only) {
        this.stack = stack;
        this.progress = progress;
        this.rounds = rounds;
        this.only = only;
    }

    /** By function, by way: the median time to the first answer and the median init, in ms. */
    Map<String, Object> run() throws Exception {
        Map<String, Object> result = new LinkedHashMap<>();
        ScheduledExecutorService timers = Executors.newScheduledThreadPool(
                1, Thread.ofPlatform().daemon().name("cold-start-timers").factory());
        try {
            for (LocalFunction f : stack.functions()) {
                if (!only.isEmpty() && !only.contains(f.name())) {
                    continue;
                }
                Map<String, Object> byWay = new LinkedHashMap<>();
                for (Map.Entry<String, Startup> way : WAYS.entrySet()) {
                    FunctionLauncher launcher = f.launcher().with(way.getValue(), List.of());
                    startOnce(f, launcher, timers); // writes the archive or trains the cache
                    List<Long> firstAnswer = new ArrayList<>();
                    List<Long> init = new ArrayList<>();
                    for (int i = 0; i < rounds; i++) {
                        long[] t = startOnce(f, launcher, timers);
                        firstAnswer.add(t[0]);
                        init.add(t[1]);
                    }
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("first_answer_ms", median(firstAnswer));
                    m.put("init_ms", median(init));
                    m.put("runs_ms", firstAnswer);
                    byWay.put(way.getKey(), m);
                    progress.say(
                            "cold start %s, %s: %d ms to the first answer (init %d ms)",
                            f.name(), way.getKey(), median(firstAnswer), median(init));
                }
                result.put(f.name(), byWay);
            }
        } finally {
            timers.shutdownNow();
        }
        return result;
    }

    /** {time to the first answer, init} in ms, of one new process. */
    private long[] startOnce(LocalFunction f, FunctionLauncher launcher, ScheduledExecutorService timers)
            throws Exception {
        byte[] event = firstEvent(f.spec());
        LocalFunction cold = new LocalFunction(f.spec(), f.arn(), launcher, timers, 1);
        try {
            long start = System.nanoTime();
            cold.start();
            InvokeResult answer = cold.invoke(event, Duration.ofMinutes(2));
            long took = System.nanoTime() - start;
            Duration init = cold.ready().getNow(null);
            if (answer.isError()) {
                progress.say(
                        "  %s answered with an error (still a first answer): %s",
                        f.name(), new String(answer.payload(), StandardCharsets.UTF_8));
            }
            return new long[] {TimeUnit.NANOSECONDS.toMillis(took), init == null ? -1 : init.toMillis()};
        } finally {
            cold.close();
        }
    }

    /**
     * A first request like the ones the function serves: a new refund for submit-refund, a read of a case that does
     * not exist for the other URLs, a message about such a case for the queue consumers, a stream record of another
     * table for the stream consumer.
     */
    private byte[] firstEvent(StackTemplate.Function spec) throws Exception {
        Instant now = Instant.now();
        if (spec.url().isPresent()) {
            boolean submit = spec.localName().equals("submit-refund");
            String key = UUID.randomUUID().toString();
            FunctionUrlEvents.Request request = submit
                    ? new FunctionUrlEvents.Request(
                            "POST",
                            "/refunds",
                            "",
                            List.of(Map.entry("content-type", "application/json"), Map.entry("idempotency-key", key)),
                            OpenLoop.refundRequest("ord_cold_" + key, "damaged", now)
                                    .getBytes(StandardCharsets.UTF_8),
                            "127.0.0.1",
                            "HTTP/1.1")
                    : new FunctionUrlEvents.Request(
                            "GET",
                            "/refunds/rc_cold_start_absent",
                            "",
                            List.of(),
                            new byte[0],
                            "127.0.0.1",
                            "HTTP/1.1");
            return JSON.writeValueAsBytes(FunctionUrlEvents.event(
                    request,
                    "coldstart",
                    new FunctionUrlEvents.Caller(
                            "000000000000", spec.url().get().authType().equals("AWS_IAM")),
                    now));
        }
        if (!spec.sqsEvents().isEmpty()) {
            StackTemplate.SqsEvent queue = spec.sqsEvents().get(0);
            String type = switch (spec.localName()) {
                case "verify-evidence" -> "verification_requested";
                case "issue-payout" -> "payout_requested";
                default -> "status_changed";
            };
            String body = "{\"type\":\"" + type + "\",\"case_id\":\"rc_cold_start_absent\",\"status\":\"approved\","
                    + "\"version\":1,\"at\":\"" + now + "\"}";
            Message message = Message.builder()
                    .messageId(UUID.randomUUID().toString())
                    .receiptHandle("cold-start")
                    .body(body)
                    .md5OfBody("0")
                    .attributes(Map.of(
                            MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT,
                            "1",
                            MessageSystemAttributeName.SENT_TIMESTAMP,
                            Long.toString(now.toEpochMilli())))
                    .build();
            return JSON.writeValueAsBytes(SqsEvents.event(
                    List.of(message), queue.queueArn(), stack.endpoints().region()));
        }
        // A stream consumer (tally-figures): AWS's documentation sample, a record of another table, which it reads and
        // counts nothing of (TallyFiguresFunctionTest.theAwsDocumentationSampleIsReadAndCountsNothing).
        return ("{\"Records\": [{\"eventID\": \"c4ca4238a0b923820dcc509a6f75849b\", \"eventName\": \"INSERT\","
                        + " \"eventVersion\": \"1.1\", \"eventSource\": \"aws:dynamodb\", \"awsRegion\": \"us-east-1\","
                        + " \"dynamodb\": {\"Keys\": {\"Id\": {\"N\": \"101\"}}, \"NewImage\": {\"Message\": {\"S\":"
                        + " \"New item!\"}, \"Id\": {\"N\": \"101\"}}, \"ApproximateCreationDateTime\": 1428537600,"
                        + " \"SequenceNumber\": \"4421584500000000017450439091\", \"SizeBytes\": 26,"
                        + " \"StreamViewType\": \"NEW_AND_OLD_IMAGES\"}, \"eventSourceARN\":"
                        + " \"arn:aws:dynamodb:us-east-1:123456789012:table/ExampleTableWithStream/stream/2015-06-27T00:48:05.899\"}]}")
                .getBytes(StandardCharsets.UTF_8);
    }

    static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.isEmpty() ? -1 : sorted.get(sorted.size() / 2);
    }
}
