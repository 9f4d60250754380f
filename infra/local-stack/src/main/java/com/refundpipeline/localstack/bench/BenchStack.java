package com.refundpipeline.localstack.bench;

import com.refundpipeline.localstack.LocalStack;
import com.refundpipeline.localstack.Options;
import com.refundpipeline.localstack.StackHome;
import com.refundpipeline.localstack.aws.AwsClients;
import com.refundpipeline.localstack.lambda.LocalFunction;
import com.refundpipeline.localstack.template.StackTemplate;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The local stack as the bench runs it: on free ports, with a counting proxy in front of DynamoDB Local and ElasticMQ
 * (every caller goes through it, the functions included), and uncounted clients for the bench's own look at queues
 * and cases.
 */
final class BenchStack implements AutoCloseable {

    private final Progress progress;
    private LocalStack stack;
    private CountingProxy dynamoDbProxy;
    private CountingProxy sqsProxy;
    /** Straight to the servers, not counted: the bench's own look at queues and cases. */
    private DynamoDbClient dynamoDb;

    private SqsClient sqs;

    BenchStack(Progress progress) {
        this.progress = progress;
    }

    /** @param submitInstances submit-refund's instances (the others run one each), as Lambda would scale it out */
    void start(StackHome home, int submitInstances) throws Exception {
        Path repo = home.moduleDir().resolve("../..").normalize();
        Options options = new Options(
                repo.resolve("infra/template.yaml"),
                repo.resolve("functions/target/function.zip"),
                0,
                null,
                Map.of(),
                null,
                0,
                0,
                null,
                Map.of(),
                Map.of("submit-refund", submitInstances));
        long self = ProcessHandle.current().pid();
        stack = new LocalStack(options, home);
        stack.interposing((service, server) -> {
            CountingProxy proxy = new CountingProxy(service, server, pid -> pid == self ? null : functionName(pid));
            if (service.equals("dynamodb")) {
                dynamoDbProxy = proxy;
            } else {
                sqsProxy = proxy;
            }
            return proxy.endpoint();
        });
        progress.say(
                "starting the local stack (submit-refund: %d instances, the others one each) ...", submitInstances);
        stack.start();
        progress.say("stack ready in %.1f s", stack.startup().toMillis() / 1000.0);
        String region = stack.endpoints().region();
        dynamoDb = AwsClients.dynamoDb(dynamoDbProxy.target(), region);
        sqs = AwsClients.sqs(sqsProxy.target(), region);
    }

    LocalStack stack() {
        return stack;
    }

    CountingProxy dynamoDbProxy() {
        return dynamoDbProxy;
    }

    CountingProxy sqsProxy() {
        return sqsProxy;
    }

    DynamoDbClient dynamoDb() {
        return dynamoDb;
    }

    SqsClient sqs() {
        return sqs;
    }

    URI refunds() {
        return stack.functionUrl("submit-refund").resolve("refunds");
    }

    List<LocalFunction> functions() {
        return stack.functions();
    }

    Map<String, LocalFunction.Usage> usage() {
        Map<String, LocalFunction.Usage> m = new LinkedHashMap<>();
        stack.functions().forEach(f -> m.put(f.name(), f.usage()));
        return m;
    }

    /** Each function's processes' CPU time so far. */
    Map<String, LocalFunction.CpuTime> cpuTime() {
        Map<String, LocalFunction.CpuTime> m = new LinkedHashMap<>();
        stack.functions().forEach(f -> m.put(f.name(), f.cpuTime()));
        return m;
    }

    private String functionName(long pid) {
        LocalStack s = stack;
        if (s == null) {
            return null;
        }
        for (LocalFunction f : s.functions()) {
            if (f.pids().contains(pid)) {
                return f.name();
            }
        }
        return null;
    }

    /** The queues the functions read (not their dead-letter queues): logical id to URL. */
    Map<String, String> mainQueues() {
        Map<String, String> queues = new LinkedHashMap<>();
        for (StackTemplate.Queue q : stack.template().queues()) {
            if (!q.name().endsWith("-dlq")) {
                queues.put(q.name().replaceFirst("^refunds-[a-z0-9]+-", ""), q.url());
            }
        }
        return queues;
    }

    void purgeQueues() {
        mainQueues().values().forEach(url -> sqs.purgeQueue(r -> r.queueUrl(url)));
    }

    void awaitIdle(Duration timeout) throws InterruptedException {
        if (!idleWithin(timeout)) {
            progress.say("warning: the queues were not empty after %d s", timeout.toSeconds());
        }
    }

    /** Waits until no queue holds a message, visible, in flight or delayed, three samples in a row. */
    boolean idleWithin(Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        Map<String, String> queues = mainQueues();
        int quiet = 0;
        while (Instant.now().isBefore(deadline)) {
            long depth = 0;
            for (String url : queues.values()) {
                depth += QueueSampler.depth(sqs, url)[0] + QueueSampler.depth(sqs, url)[1];
            }
            quiet = depth == 0 ? quiet + 1 : 0;
            if (quiet >= 3) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    @Override
    public void close() {
        if (dynamoDb != null) {
            dynamoDb.close();
        }
        if (sqs != null) {
            sqs.close();
        }
        if (stack != null) {
            stack.close();
        }
        for (CountingProxy p : new CountingProxy[] {dynamoDbProxy, sqsProxy}) {
            if (p != null) {
                p.close();
            }
        }
    }
}
