package com.refundpipeline.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.refundpipeline.fuzz.FuzzInput;
import com.refundpipeline.fuzz.ShortRun;
import com.refundpipeline.localstack.streams.StreamEventSources;
import com.refundpipeline.localstack.template.LocalEndpoints;
import com.refundpipeline.localstack.template.StackTemplate;
import com.refundpipeline.localstack.template.TemplateException;
import com.refundpipeline.localstack.template.TemplateReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The local stack's template reader (infra/local-stack, template package): any edit of a SAM template is read into a
 * stack or refused with a TemplateException that says what is wrong, never a ClassCastException or
 * NullPointerException from a value of an unexpected shape. Lives here because this module already has the local
 * stack on its test class path.
 *
 * <p>The fuzz target edits {@code template-seed.yaml} (8 KB: one of each shape the reader reads in
 * infra/template.yaml), not the 74 KB template itself: an input then costs a few milliseconds instead of 50, which is
 * what lets {@code make fuzz} run 100,000 of them. {@link #seedReadsIntoEveryResourceItDeclares} keeps the seed a
 * template the reader accepts, so the fuzzer's edits start from a stack and not from the refusal path.
 */
class TemplateReaderFuzzTest {

    static final String SEED_RESOURCE = "template-seed.yaml";
    static final List<String> SEED = seed().lines().toList();
    static final List<String> VALUES = List.of(
            "",
            "~",
            "null",
            "[]",
            "{}",
            "!Ref",
            "!Ref Nope",
            "!GetAtt X.Arn",
            "!Sub '${Nope}'",
            "!FindInMap [A, B, C]",
            "!Join ['', []]",
            "!If [c, a, b]",
            "!Select [9, []]",
            "!Split [',', 1]",
            "!GetAZs ''",
            "- a",
            "{a: 1}",
            "'",
            "\"",
            "&a",
            "*a",
            "123",
            "-1",
            "1e999",
            "rate(0 minutes)",
            "cron(0 0 * * ? *)",
            "!Base64 x",
            "!Equals [a]");
    static final TemplateReader READER = new TemplateReader(
            new LocalEndpoints(
                    "us-east-1",
                    LocalEndpoints.DEFAULT_ACCOUNT,
                    "refunds-fuzz",
                    URI.create("http://127.0.0.1:9324"),
                    URI.create("http://localhost:0")),
            Map.of("Stage", "test"));

    @FuzzTest(maxDuration = "20m")
    void template(byte[] data) {
        readEdited(SEED, data);
    }

    /**
     * make test's short run edits the real infra/template.yaml, as before the seed existed: the seed holds each
     * shape once, but the template is what the local stack reads, with neighbours (AWS-only resources, outputs,
     * policies referring across resources) the seed leaves out. 40 inputs of it take under a second here (no Jazzer
     * hooks); the fuzz target's 100,000 run on the seed.
     */
    @Test
    void templateShortRun() {
        List<String> real = realTemplate().lines().toList();
        ShortRun.run(Math.min(ShortRun.RUNS, 40), data -> readEdited(real, data));
    }

    /** Every regression input Jazzer wrote also replays on the real template, which the earliest ones were found on. */
    @Test
    void regressionInputsReplayOnTheRealTemplate() throws IOException {
        List<String> real = realTemplate().lines().toList();
        for (Path input : regressionInputs()) {
            readEdited(real, Files.readAllBytes(input));
        }
    }

    @Test
    void seedReadsIntoEveryResourceItDeclares() {
        StackTemplate stack = READER.read(new StringReader(seed()), SEED_RESOURCE);

        assertEquals(
                List.of("SubmitFunction", "WorkFunction", "TallyFunction"),
                stack.functions().stream()
                        .map(StackTemplate.Function::logicalId)
                        .toList());
        assertEquals(
                List.of("WorkQueue", "WorkDeadLetterQueue", "OrderedQueue", "OrderedDeadLetterQueue"),
                stack.queues().stream().map(StackTemplate.Queue::logicalId).toList());
        assertEquals(
                List.of("CasesTable", "LedgerTable"),
                stack.tables().stream().map(StackTemplate.Table::logicalId).toList());
        assertEquals(
                List.of("WorkQueue"),
                stack.eventRules().getFirst().queueLogicalIds(),
                "the rule's target, and its pattern's !Ref to the configuration set resolved");
        assertEquals(
                List.of("seed-test-mail"),
                ((Map<?, ?>) ((Map<?, ?>) ((Map<?, ?>) stack.eventRules()
                                                .getFirst()
                                                .eventPattern()
                                                .get("detail"))
                                        .get("mail"))
                                .get("tags"))
                        .get("ses:configuration-set"));

        StackTemplate.Function submit = stack.function("SubmitFunction").orElseThrow();
        assertEquals("refunds-test-submit", submit.functionName());
        assertEquals("java21", submit.runtime(), "Globals' !FindInMap on FunctionRuntime");
        assertEquals("io.quarkus.funqy.lambda.FunqyStreamHandler::handleRequest", submit.handler());
        assertEquals(512, submit.memorySize());
        assertEquals(15, submit.timeoutSeconds());
        assertEquals(20, submit.reservedConcurrency());
        assertEquals("AWS_IAM", submit.url().orElseThrow().authType());
        Map<String, String> env = submit.environment();
        assertEquals("test", env.get("STAGE"), "Globals' environment merged");
        assertEquals("refunds-test-cases", env.get("CASES"));
        assertEquals("api.us-east-1.amazonaws.com", env.get("REGION_HOST"));
        assertEquals("refunds-test-work", env.get("FIRST"));
        assertEquals("refunds-fuzz-test", env.get("NAMED"));
        assertEquals("refunds/test/api-key", env.get("SECRET_ID"));
        assertFalse(env.containsKey("DROPPED"), "AWS::NoValue drops the variable");

        StackTemplate.Function work = stack.function("WorkFunction").orElseThrow();
        assertEquals(30, work.timeoutSeconds());
        StackTemplate.SqsEvent sqs = work.sqsEvents().getFirst();
        assertEquals("WorkQueue", sqs.queueLogicalId());
        assertEquals(5, sqs.maximumConcurrency());
        assertTrue(sqs.reportBatchItemFailures());
        assertEquals(
                List.of("ScheduleV2", "Schedule"),
                work.schedules().stream().map(StackTemplate.Schedule::type).toList());
        assertTrue(work.url().isEmpty());

        StackTemplate.Function tally = stack.function("TallyFunction").orElseThrow();
        assertEquals(StackTemplate.FunctionUrl.JWT, tally.url().orElseThrow().authType());
        StreamEventSources.Streams streams = StreamEventSources.read(seed(), SEED_RESOURCE);
        assertEquals(Map.of("CasesTable", "NEW_AND_OLD_IMAGES"), streams.streamViewTypes());
        assertEquals("TallyFunction", streams.sources().getFirst().functionLogicalId());

        assertEquals(
                "WorkDeadLetterQueue",
                stack.queue("WorkQueue").orElseThrow().redrive().deadLetterQueueLogicalId());
        StackTemplate.Queue ordered = stack.queue("OrderedQueue").orElseThrow();
        assertTrue(ordered.name().endsWith(".fifo"), ordered.name());
        assertEquals("OrderedDeadLetterQueue", ordered.redrive().deadLetterQueueLogicalId());

        StackTemplate.Table cases = stack.table("CasesTable").orElseThrow();
        assertEquals(2, cases.globalSecondaryIndexes().size());
        assertEquals(1, cases.localSecondaryIndexes().size());
        assertEquals("expires_at", cases.ttlAttribute());
        assertEquals(5L, stack.table("LedgerTable").orElseThrow().readCapacity());

        assertEquals(7, stack.outputs().size());
        assertTrue(
                stack.outputs().get("ApiUrl").contains("aws-only:Api"),
                stack.outputs().toString());
    }

    private static void readEdited(List<String> base, byte[] data) {
        FuzzInput in = new FuzzInput(data);
        List<String> lines = new ArrayList<>(base);
        int edits = 1 + in.nextInt(4);
        for (int i = 0; i < edits; i++) {
            int at = in.nextInt(lines.size());
            String line = lines.get(at);
            int colon = line.indexOf(": ");
            switch (in.nextInt(5)) {
                case 0 -> lines.remove(at);
                case 1 -> lines.add(at, line);
                case 2 ->
                    lines.set(
                            at,
                            colon > 0 ? line.substring(0, colon + 2) + in.pick(VALUES) : line + " " + in.pick(VALUES));
                case 3 -> lines.set(at, colon > 0 ? line.substring(0, colon + 2) + in.nextString(24) : line);
                default -> lines.set(at, " ".repeat(in.nextInt(6)) + line.strip());
            }
        }
        try {
            READER.read(new StringReader(String.join("\n", lines)), "fuzzed template");
        } catch (TemplateException refused) {
            if (refused.getMessage() == null || refused.getMessage().isBlank()) {
                throw new AssertionError("a template refusal that says nothing", refused);
            }
        }
    }

    static String seed() {
        try (InputStream in = TemplateReaderFuzzTest.class.getResourceAsStream(SEED_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(SEED_RESOURCE + " not found beside " + TemplateReaderFuzzTest.class);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<Path> regressionInputs() throws IOException {
        URL dir = TemplateReaderFuzzTest.class.getResource("TemplateReaderFuzzTestInputs/template");
        if (dir == null) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(Path.of(dir.toURI()))) {
            return files.filter(Files::isRegularFile).sorted().toList();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static String realTemplate() {
        for (Path candidate : List.of(Path.of("../infra/template.yaml"), Path.of("infra/template.yaml"))) {
            if (Files.isRegularFile(candidate)) {
                try {
                    return Files.readString(candidate);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        throw new IllegalStateException("infra/template.yaml not found");
    }
}
