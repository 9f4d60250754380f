package com.refundpipeline.localstack.bench;

import com.refundpipeline.localstack.Logging;
import com.refundpipeline.localstack.StackHome;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code make cold-start}: each function's cold start (process start to its first answer) for each way of starting
 * its JVM, one function at a time, in one run ({@link ColdStarts}). Writes cold-start.json and cold-start.md under
 * infra/local-stack/target/bench and prints the table. Options: --rounds N (timed starts per way, default 3),
 * --functions a,b (default all).
 */
public final class ColdStartBench {

    private ColdStartBench() {}

    public static void main(String[] args) throws Exception {
        int rounds = 3;
        List<String> only = List.of();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--rounds" -> rounds = Integer.parseInt(args[++i]);
                case "--functions" -> only = List.of(args[++i].split(","));
                default ->
                    throw new IllegalArgumentException(
                            "unknown option " + args[i] + " (--rounds 3 --functions submit-refund,verify-evidence)");
            }
        }
        StackHome home = StackHome.locate();
        Path out = home.moduleDir().resolve("target/bench");
        Files.createDirectories(out);
        PrintStream console = System.out;
        System.setOut(new PrintStream(
                Files.newOutputStream(out.resolve("cold-start-stack.log")), true, StandardCharsets.UTF_8));
        Logging.configure();
        Progress progress = new Progress(console);
        int status = 0;
        try (BenchStack rig = new BenchStack(progress)) {
            rig.start(home, 1);
            rig.awaitIdle(java.time.Duration.ofSeconds(60));
            Map<String, Object> result = new LinkedHashMap<>();
            result.put("machine", Machine.describe());
            result.put("started_at", Instant.now().toString());
            result.put("rounds", rounds);
            result.put("ways", ColdStarts.WAYS);
            Map<String, Object> functions = new ColdStarts(rig.stack(), progress, rounds, only).run();
            result.put("functions", functions);
            Files.writeString(out.resolve("cold-start.json"), Bench.JSON.writeValueAsString(result));
            String table = markdown(functions);
            Files.writeString(out.resolve("cold-start.md"), table);
            console.println();
            console.println(table);
        } catch (Exception e) {
            console.println("cold-start bench failed: " + e);
            e.printStackTrace(console);
            status = 1;
        }
        System.exit(status);
    }

    @SuppressWarnings("unchecked")
    static String markdown(Map<String, Object> functions) {
        List<String> ways = new ArrayList<>(ColdStarts.WAYS.keySet());
        StringBuilder md = new StringBuilder("| function | "
                + String.join(
                        " | ",
                        ways.stream().map(w -> w + " first answer (init) ms").toList()) + " | now / before |\n");
        md.append("|---".repeat(ways.size() + 2)).append("|\n");
        functions.forEach((name, value) -> {
            Map<String, Map<String, Object>> byWay = (Map<String, Map<String, Object>>) value;
            md.append("| ").append(name);
            for (String way : ways) {
                Map<String, Object> m = byWay.get(way);
                md.append(" | ")
                        .append(m.get("first_answer_ms"))
                        .append(" (")
                        .append(m.get("init_ms"))
                        .append(")");
            }
            double before = ((Number) byWay.get("before").get("first_answer_ms")).doubleValue();
            double now = ((Number) byWay.get(ways.get(ways.size() - 1)).get("first_answer_ms")).doubleValue();
            md.append(String.format(" | %.2f |%n", now / before));
        });
        return md.toString();
    }
}
