package com.refundpipeline.localstack.streams;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.refundpipeline.localstack.Console;
import com.refundpipeline.localstack.events.EventSourceMapping;
import com.refundpipeline.localstack.lambda.InvokeResult;
import com.refundpipeline.localstack.lambda.LocalFunction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * A DynamoDB stream event source mapping as the template configures it, polling DynamoDB Local's Streams API
 * (DescribeStream, GetShardIterator, GetRecords): shards in order (a child after its parent), batches of up to
 * BatchSize records, and on a failure a retry from the failed sequence number (ReportBatchItemFailures) or, when the
 * whole invocation failed, of each half (BisectBatchOnFunctionError). After MaximumRetryAttempts the batch's
 * description goes to the on-failure queue and the shard moves on, as Lambda does.
 */
public final class DynamoStreamEventSourceMapping implements EventSourceMapping {

    private static final Duration POLL_PAUSE = Duration.ofMillis(250);
    private static final Duration QUEUE_WAIT = Duration.ofMinutes(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final StreamEventSources.StreamSource source;
    private final String streamArn;
    private final String tableName;
    private final LocalFunction function;
    private final DynamoDbStreamsClient streams;
    private final SqsClient sqs;
    private final String onFailureQueueUrl;
    private final String region;
    private final Map<String, String> iterators = new LinkedHashMap<>();
    private final Set<String> finished = new HashSet<>();
    private volatile boolean running = true;
    private volatile boolean enabled = true;
    private Thread thread;

    public DynamoStreamEventSourceMapping(
            StreamEventSources.StreamSource source,
            String streamArn,
            String tableName,
            LocalFunction function,
            DynamoDbStreamsClient streams,
            SqsClient sqs,
            String onFailureQueueUrl,
            String region) {
        this.source = source;
        this.streamArn = streamArn;
        this.tableName = tableName;
        this.function = function;
        this.streams = streams;
        this.sqs = sqs;
        this.onFailureQueueUrl = onFailureQueueUrl;
        this.region = region;
    }

    public void start() {
        thread = Thread.ofVirtual().name("stream-" + tableName).start(this::run);
    }

    @Override
    public void enabled(boolean enabled) {
        this.enabled = enabled;
    }

    private void run() {
        while (running) {
            if (!enabled) {
                sleep(POLL_PAUSE);
                continue;
            }
            try {
                discoverShards();
                boolean any = false;
                for (String shard : List.copyOf(iterators.keySet())) {
                    any |= poll(shard);
                }
                if (!any) {
                    sleep(POLL_PAUSE.plusSeconds(source.maximumBatchingWindowSeconds()));
                }
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                Console.warn(tableName + " stream -> " + function.name() + ": " + e.getMessage() + "; retrying in 1 s");
                sleep(Duration.ofSeconds(1));
            }
        }
    }

    private void discoverShards() {
        List<Shard> shards = streams.describeStream(d -> d.streamArn(streamArn))
                .streamDescription()
                .shards();
        for (Shard shard : shards) {
            String id = shard.shardId();
            if (iterators.containsKey(id) || finished.contains(id)) {
                continue;
            }
            String parent = shard.parentShardId();
            if (parent != null && iterators.containsKey(parent)) {
                continue; // the parent's records first
            }
            ShardIteratorType type = source.startingPosition().equals("TRIM_HORIZON") || parent != null
                    ? ShardIteratorType.TRIM_HORIZON
                    : ShardIteratorType.LATEST;
            iterators.put(
                    id,
                    streams.getShardIterator(
                                    g -> g.streamArn(streamArn).shardId(id).shardIteratorType(type))
                            .shardIterator());
        }
    }

    /** Reads and delivers one batch of a shard; true when there were records. */
    private boolean poll(String shard) {
        String iterator = iterators.get(shard);
        GetRecordsResponse page =
                streams.getRecords(g -> g.shardIterator(iterator).limit(Math.min(1000, source.batchSize())));
        List<Record> records = page.records();
        if (!records.isEmpty()) {
            deliver(shard, records);
        }
        if (page.nextShardIterator() == null) {
            iterators.remove(shard);
            finished.add(shard);
        } else {
            iterators.put(shard, page.nextShardIterator());
        }
        return !records.isEmpty();
    }

    private void deliver(String shard, List<Record> records) {
        List<Record> batch = records;
        int attempts = 0;
        long start = System.nanoTime();
        while (running && !batch.isEmpty()) {
            List<String> sequence =
                    batch.stream().map(r -> r.dynamodb().sequenceNumber()).toList();
            InvokeResult result = invoke(batch);
            Optional<String> from = StreamEvents.retryFrom(result, sequence, source.reportBatchItemFailures());
            if (from.isEmpty()) {
                Console.info(String.format(
                        "%s stream -> %s: %d record%s done (%d ms)",
                        tableName,
                        function.name(),
                        batch.size(),
                        batch.size() == 1 ? "" : "s",
                        (System.nanoTime() - start) / 1_000_000));
                return;
            }
            if (result.isError() && source.bisectBatchOnFunctionError() && batch.size() > 1) {
                // Halve the batch until the record that fails the invocation stands alone.
                int half = batch.size() / 2;
                Console.warn(String.format(
                        "%s stream -> %s: the invocation failed (%s); bisecting %d records",
                        tableName, function.name(), result, batch.size()));
                deliver(shard, batch.subList(0, half));
                deliver(shard, batch.subList(half, batch.size()));
                return;
            }
            attempts++;
            int failedAt = sequence.indexOf(from.get());
            if (source.maximumRetryAttempts() >= 0 && attempts > source.maximumRetryAttempts()) {
                giveUp(shard, batch.subList(failedAt, batch.size()), result);
                return;
            }
            Console.warn(String.format(
                    "%s stream -> %s: failed from sequence number %s (%d of %d records);" + " retry %d%s",
                    tableName,
                    function.name(),
                    from.get(),
                    batch.size() - failedAt,
                    batch.size(),
                    attempts,
                    result.isError() ? ": " + result : ""));
            sleep(Duration.ofMillis(Math.min(5000, 200L * attempts)));
            batch = batch.subList(failedAt, batch.size());
        }
    }

    private InvokeResult invoke(List<Record> batch) {
        ObjectNode event = StreamEvents.event(batch, streamArn, region);
        return function.invoke(event.toString().getBytes(StandardCharsets.UTF_8), QUEUE_WAIT);
    }

    /** What Lambda sends an on-failure destination for a stream: where the records are, not the records. */
    private void giveUp(String shard, List<Record> batch, InvokeResult result) {
        Console.warn(String.format(
                "%s stream -> %s: gave up on %d records after %d retries%s",
                tableName,
                function.name(),
                batch.size(),
                source.maximumRetryAttempts(),
                onFailureQueueUrl == null ? "; no on-failure destination, they are skipped" : ", sent to the DLQ"));
        if (onFailureQueueUrl == null) {
            return;
        }
        ObjectNode body = JSON.createObjectNode();
        ObjectNode context = body.putObject("requestContext");
        context.put("functionArn", function.spec().functionName());
        context.put("condition", "RetryAttemptsExhausted");
        context.put("approximateInvokeCount", source.maximumRetryAttempts() + 1);
        ObjectNode info = body.putObject("DDBStreamBatchInfo");
        info.put("shardId", shard);
        info.put("startSequenceNumber", batch.get(0).dynamodb().sequenceNumber());
        info.put("endSequenceNumber", batch.get(batch.size() - 1).dynamodb().sequenceNumber());
        info.put("batchSize", batch.size());
        info.put("streamArn", streamArn);
        body.put("timestamp", Instant.now().toString());
        ObjectNode response = body.putObject("responseContext");
        response.put("functionError", result.isError() ? result.errorType() : "");
        sqs.sendMessage(m -> m.queueUrl(onFailureQueueUrl).messageBody(body.toString()));
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
        if (thread != null) {
            thread.interrupt();
        }
    }

    /** For the console and tests. */
    List<String> shardsInProgress() {
        return new ArrayList<>(iterators.keySet());
    }
}
