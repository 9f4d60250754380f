package com.refundpipeline.localstack;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.refundpipeline.fuzz.FuzzInput;
import com.refundpipeline.fuzz.ShortRun;
import com.refundpipeline.localstack.template.LocalEndpoints;
import com.refundpipeline.localstack.template.TemplateException;
import com.refundpipeline.localstack.template.TemplateReader;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The local stack's template reader (infra/local-stack, template package): any edit of infra/template.yaml is read
 * into a stack or refused with a TemplateException that says what is wrong, never a ClassCastException or
 * NullPointerException from a value of an unexpected shape. Lives here because this module already has the local
 * stack on its test class path.
 */
class TemplateReaderFuzzTest {

    static final List<String> LINES = template().lines().toList();
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
        FuzzInput in = new FuzzInput(data);
        List<String> lines = new ArrayList<>(LINES);
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

    /** Each input reads the whole template: a shorter run than the other targets' keeps make test quick. */
    @Test
    void templateShortRun() {
        ShortRun.run(Math.min(ShortRun.RUNS, 40), this::template);
    }

    static String template() {
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
