package com.refundpipeline.localstack.bench;

import com.refundpipeline.localstack.lambda.LocalFunction;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JDK Flight Recorder profile of every function process while the pipeline is under load: started and stopped
 * from outside with {@code jcmd} (the functions carry no profiling flag), then read back for each function's
 * hottest frames: of the CPU samples (jdk.ExecutionSample), the top frame's method and the first frame of the
 * project's own code, with their share of the samples.
 */
final class Profiles {

    private static final String RECORDING = "bench";
    private static final int TOP = 5;
    private static final String OURS = "com.refundpipeline.";

    private final Path dir;
    private final Progress progress;
    private final Map<Long, String> started = new LinkedHashMap<>();

    Profiles(Path dir, Progress progress) {
        this.dir = dir;
        this.progress = progress;
    }

    /** Starts a recording in each function process (the JFR "profile" settings: a CPU sample every 10 ms). */
    void start(List<LocalFunction> functions) throws IOException {
        Map<Long, String> pids = new LinkedHashMap<>();
        for (LocalFunction f : functions) {
            for (long pid : f.pids()) {
                if (pid > 0) {
                    pids.put(pid, f.name());
                }
            }
        }
        start(pids);
    }

    /** Starts a recording in each of these processes (pid to the function it serves). */
    void start(Map<Long, String> pids) throws IOException {
        Files.createDirectories(dir);
        Map<Long, Process> commands = new LinkedHashMap<>();
        for (long pid : pids.keySet()) {
            commands.put(pid, jcmd(pid, "JFR.start", "name=" + RECORDING, "settings=profile"));
        }
        commands.forEach((pid, p) -> {
            if (finished(p)) {
                started.put(pid, pids.get(pid));
            }
        });
        progress.say("profiling %d function processes with JFR", started.size());
    }

    /**
     * Stops the recordings, writes them under the bench's folder, and returns each function's top frames: function
     * -> {samples, top_frames: [{frame, share}], top_own_frames: [...]}.
     */
    Map<String, Object> stop() throws IOException, InterruptedException {
        Map<Long, Process> commands = new LinkedHashMap<>();
        Map<Long, Path> files = new LinkedHashMap<>();
        for (Map.Entry<Long, String> e : started.entrySet()) {
            Path file = dir.resolve(e.getValue() + "-" + e.getKey() + ".jfr").toAbsolutePath();
            Files.deleteIfExists(file);
            files.put(e.getKey(), file);
            commands.put(e.getKey(), jcmd(e.getKey(), "JFR.stop", "name=" + RECORDING, "filename=" + file));
        }
        Map<Path, String> recorded = new LinkedHashMap<>();
        for (Map.Entry<Long, Process> e : commands.entrySet()) {
            Path file = files.get(e.getKey());
            if (finished(e.getValue()) && Files.isRegularFile(file)) {
                recorded.put(file, started.get(e.getKey()));
            }
        }
        return summarize(recorded);
    }

    /** Each function's top frames from its recordings (file to function). */
    static Map<String, Object> summarize(Map<Path, String> recordings) throws IOException {
        Map<String, Map<String, Integer>> top = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> own = new LinkedHashMap<>();
        Map<String, Map<String, Integer>> libraries = new LinkedHashMap<>();
        Map<String, Integer> samples = new LinkedHashMap<>();
        for (Map.Entry<Path, String> recording : recordings.entrySet()) {
            String function = recording.getValue();
            for (RecordedEvent event : RecordingFile.readAllEvents(recording.getKey())) {
                if (!event.getEventType().getName().equals("jdk.ExecutionSample")
                        || event.getStackTrace() == null
                        || event.getStackTrace().getFrames().isEmpty()
                        || profilersOwn(event)) {
                    continue;
                }
                List<RecordedFrame> frames = event.getStackTrace().getFrames();
                samples.merge(function, 1, Integer::sum);
                libraries.computeIfAbsent(function, k -> new LinkedHashMap<>()).merge(library(frames), 1, Integer::sum);
                top.computeIfAbsent(function, k -> new LinkedHashMap<>()).merge(name(frames.get(0)), 1, Integer::sum);
                frames.stream()
                        .filter(f -> f.isJavaFrame()
                                && f.getMethod().getType().getName().startsWith(OURS))
                        .findFirst()
                        .ifPresent(f -> own.computeIfAbsent(function, k -> new LinkedHashMap<>())
                                .merge(name(f), 1, Integer::sum));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        samples.forEach((function, n) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("samples", n);
            m.put("by_library", ranked(libraries.getOrDefault(function, Map.of()), n));
            m.put("top_frames", ranked(top.getOrDefault(function, Map.of()), n));
            m.put("top_own_frames", ranked(own.getOrDefault(function, Map.of()), n));
            out.put(function, m);
        });
        return out;
    }

    private static List<Map<String, Object>> ranked(Map<String, Integer> counts, int samples) {
        List<Map<String, Object>> out = new ArrayList<>();
        counts.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
                .limit(TOP)
                .forEach(e -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("frame", e.getKey());
                    m.put("share", Stats.round((double) e.getValue() / samples));
                    out.add(m);
                });
        return out;
    }

    /** The recording's own work: the attach listener that took jcmd's command, JFR's threads. */
    private static boolean profilersOwn(RecordedEvent event) {
        String thread = event.getThread("sampledThread") == null
                ? ""
                : String.valueOf(event.getThread("sampledThread").getJavaName());
        return thread.equals("Attach Listener") || thread.startsWith("JFR ");
    }

    /**
     * Whose code a sample is in: the library of its first frame outside the JDK (the AWS SDK, Jackson, Quarkus, the
     * Lambda runtime client, the project's own), or the JDK when all of it is the JDK's.
     */
    static String library(List<RecordedFrame> frames) {
        for (RecordedFrame frame : frames) {
            if (!frame.isJavaFrame()) {
                continue;
            }
            String type = frame.getMethod().getType().getName();
            for (String[] library : LIBRARIES) {
                if (type.startsWith(library[0])) {
                    return library[1];
                }
            }
            if (!type.startsWith("java.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
                return "other";
            }
        }
        return "JDK";
    }

    private static final String[][] LIBRARIES = {
        {"software.amazon.awssdk.", "AWS SDK"},
        {"com.fasterxml.jackson.", "Jackson"},
        {OURS, "ours"},
        {"io.quarkus.", "Quarkus"},
        {"io.smallrye.", "Quarkus"},
        {"org.jboss.", "Quarkus"},
        {"com.amazonaws.services.lambda.", "runtime client"}
    };

    private static String name(RecordedFrame frame) {
        String type = frame.getMethod().getType().getName();
        return type.substring(type.lastIndexOf('.') + 1) + "."
                + frame.getMethod().getName();
    }

    private static Process jcmd(long pid, String... command) throws IOException {
        List<String> line = new ArrayList<>();
        line.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        line.add(Long.toString(pid));
        line.addAll(List.of(command));
        return new ProcessBuilder(line)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
    }

    private static boolean finished(Process p) {
        try {
            return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The frames as one line for the report: "Frame 23 %, Other 9 %". */
    @SuppressWarnings("unchecked")
    static String line(Object frames) {
        if (!(frames instanceof List<?> list) || list.isEmpty()) {
            return "";
        }
        return list.stream()
                .map(o -> (Map<String, Object>) o)
                .map(m ->
                        "`" + m.get("frame") + "` " + Math.round(((Number) m.get("share")).doubleValue() * 100) + " %")
                .collect(Collectors.joining(", "));
    }
}
