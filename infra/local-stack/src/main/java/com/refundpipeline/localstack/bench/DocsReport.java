package com.refundpipeline.localstack.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The last run's figures in the docs: {@code docs/benchmarks.md} (with the machine, the commit and the date),
 * {@code docs/benchmarks.json} and {@code docs/benchmarks.png}, so the figures the docs show are always measured ones.
 */
final class DocsReport {

    private DocsReport() {}

    static void write(Path docs, Path repo, Map<String, Object> result, String markdown, Path json, Path png)
            throws IOException {
        Files.createDirectories(docs);
        Map<String, Object> machine = Report.map(result.get("machine"));
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks\n\n");
        md.append("""
                Written by `make bench` (the last run; do not edit by hand, run it again). How it measures: the root
                README's "Benchmarks"; the calls-per-case budget it compares against:
                `infra/local-stack/src/main/resources/bench/calls-per-case.json`.

                """);
        md.append("| run | |\n|---|---|\n");
        md.append("| date | ").append(result.get("started_at")).append(" |\n");
        md.append("| commit | ").append(commit(repo)).append(" |\n");
        md.append("| machine | ")
                .append(machine.get("cpu"))
                .append(", ")
                .append(machine.get("cpus"))
                .append(" CPUs, ")
                .append(machine.get("memory_gb"))
                .append(" GB, ")
                .append(machine.get("os"))
                .append(" |\n");
        md.append("| JVM | ").append(machine.get("java")).append(" |\n");
        md.append("| load average at start | ")
                .append(machine.get("load_average_at_start"))
                .append(" |\n");
        md.append("| settings | ").append(result.get("settings")).append(" |\n\n");
        if (Files.isRegularFile(png)) {
            Files.copy(png, docs.resolve("benchmarks.png"), StandardCopyOption.REPLACE_EXISTING);
            md.append("![submit latency by rate; cases paid per second and queue depths](benchmarks.png)\n\n");
        }
        md.append(markdown);
        Files.writeString(docs.resolve("benchmarks.md"), md.toString(), StandardCharsets.UTF_8);
        Files.copy(json, docs.resolve("benchmarks.json"), StandardCopyOption.REPLACE_EXISTING);
    }

    /** The short commit id, marked when the working tree had changes not committed. */
    static String commit(Path repo) {
        String head = git(repo, "rev-parse", "--short", "HEAD");
        if (head == null || head.isBlank()) {
            return "unknown (not a git checkout)";
        }
        String status = git(repo, "status", "--porcelain", "--untracked-files=no");
        return status == null || status.isBlank() ? head : head + " with uncommitted changes";
    }

    private static String git(Path repo, String... args) {
        String[] command = new String[args.length + 3];
        command[0] = "git";
        command[1] = "-C";
        command[2] = repo.toString();
        System.arraycopy(args, 0, command, 3, args.length);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0 ? out : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
