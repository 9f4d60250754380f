package com.refundpipeline.localstack.bench;

import static com.refundpipeline.localstack.bench.Stats.round;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The machine the bench ran on: CPUs, CPU model, memory, OS, JVM and load at the start. */
final class Machine {

    private Machine() {}

    static Map<String, Object> describe() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cpus", Runtime.getRuntime().availableProcessors());
        m.put(
                "os",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
        m.put("java", System.getProperty("java.vm.name") + " " + Runtime.version());
        try {
            String cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .findFirst()
                    .map(l -> l.replaceFirst(".*:\\s*", ""))
                    .orElse("?");
            m.put("cpu", cpu);
            String mem = Files.readAllLines(Path.of("/proc/meminfo")).get(0).replaceAll("[^0-9]", "");
            m.put("memory_gb", round(Long.parseLong(mem) / 1024.0 / 1024.0));
            m.put(
                    "load_average_at_start",
                    Files.readString(Path.of("/proc/loadavg")).trim());
        } catch (IOException | RuntimeException e) {
            // Not Linux: the rest says enough.
        }
        return m;
    }
}
