package com.refundpipeline.localstack.lambda;

import com.refundpipeline.localstack.Console;
import com.refundpipeline.localstack.template.StackTemplate;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * One function of the template, run as one or more instances (as Lambda scales out): each instance is its own OS
 * process behind its own Runtime API and handles one invocation at a time, as on Lambda. {@link #invoke} (for the
 * function URL, the SQS pollers and the schedules) queues the invocation; the next instance free to ask for work takes
 * it. A process that exits or crashes is reported and started again (sooner when it had run a while, later when it
 * keeps failing), and what it had in flight fails as on Lambda, so an SQS message it held is retried by its queue.
 */
public final class LocalFunction implements AutoCloseable {

    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    /** A process that ran at least this long before exiting is restarted at once. */
    private static final Duration HEALTHY_RUN = Duration.ofSeconds(10);

    private static final Duration EXIT_GRACE = Duration.ofMillis(300);

    private final StackTemplate.Function spec;
    private final String arn;
    private final FunctionLauncher launcher;
    private final ScheduledExecutorService timers;
    private final LinkedBlockingDeque<Invocation> pending = new LinkedBlockingDeque<>();
    private final CompletableFuture<Duration> firstReady = new CompletableFuture<>();
    private final List<Instance> instances = new ArrayList<>();
    /** Numbers every process any instance starts, for its log stream name. */
    private final AtomicInteger processes = new AtomicInteger();

    private volatile boolean stopping;
    private final LongAdder invocations = new LongAdder();
    private final LongAdder handlerNanos = new LongAdder();
    private volatile Duration firstInvocation;

    /**
     * What the function has done so far: invocations answered and the time they spent from being taken by a runtime
     * to their answer (what Lambda bills as Duration), and that time for the first one (with the init, a cold start).
     */
    public record Usage(long invocations, Duration handlerTime, Duration firstInvocation) {}

    /** One instance. */
    public LocalFunction(
            StackTemplate.Function spec, String arn, FunctionLauncher launcher, ScheduledExecutorService timers) {
        this(spec, arn, launcher, timers, 1);
    }

    /** @param instances how many processes serve the function at once (at least 1) */
    public LocalFunction(
            StackTemplate.Function spec,
            String arn,
            FunctionLauncher launcher,
            ScheduledExecutorService timers,
            int instances) {
        if (instances < 1) {
            throw new IllegalArgumentException(spec.localName() + ": instances must be at least 1, not " + instances);
        }
        this.spec = spec;
        this.arn = arn;
        this.launcher = launcher;
        this.timers = timers;
        for (int i = 1; i <= instances; i++) {
            this.instances.add(new Instance(instances == 1 ? spec.localName() : spec.localName() + "#" + i));
        }
    }

    public FunctionLauncher launcher() {
        return launcher;
    }

    public String arn() {
        return arn;
    }

    public StackTemplate.Function spec() {
        return spec;
    }

    public String name() {
        return spec.localName();
    }

    /** How many instances (processes) serve the function. */
    public int instances() {
        return instances.size();
    }

    /** The names its instances' output lines carry: the function's name, with #N when it has several. */
    public List<String> instanceNames() {
        return instances.stream().map(i -> i.label).toList();
    }

    /** Completes with the init time of the first process that asks for work. */
    public CompletableFuture<Duration> ready() {
        return firstReady;
    }

    /** The first instance's process id, or -1 when none runs (tests kill it to prove restarts). */
    public long pid() {
        return instances.get(0).pid();
    }

    /** Every instance's process id (-1 for an instance without a running process). */
    public List<Long> pids() {
        return instances.stream().map(Instance::pid).toList();
    }

    /** Whether an instance is working on an invocation (tests kill it mid-batch with this). */
    public boolean busy() {
        return instances.stream().anyMatch(Instance::busy);
    }

    /** The id of an instance's process that is working on an invocation, or -1 when none is. */
    public long busyPid() {
        return instances.stream()
                .filter(Instance::busy)
                .mapToLong(Instance::pid)
                .findFirst()
                .orElse(-1);
    }

    public Usage usage() {
        return new Usage(invocations.sum(), Duration.ofNanos(handlerNanos.sum()), firstInvocation);
    }

    /** The largest peak resident set of its processes in kB (VmHWM), or -1 when unknown (none, or not Linux). */
    public long peakRssKb() {
        long peak = -1;
        for (Instance instance : instances) {
            peak = Math.max(peak, peakRssKb(instance.pid()));
        }
        return peak;
    }

    /**
     * The CPU time its running processes have used so far, user and system, from /proc: in all (every thread, ended
     * ones too) and the JVM's own share (its JIT compilers, its collector and VM threads, the flight recorder's),
     * which a long-warm instance on Lambda no longer spends per invocation; zero where that is unknown (not Linux).
     */
    public CpuTime cpuTime() {
        long total = 0;
        long jvm = 0;
        for (Instance instance : instances) {
            long pid = instance.pid();
            if (pid > 0) {
                total += cpuTicks(Path.of("/proc/" + pid + "/stat"));
                jvm += jvmThreadTicks(pid);
            }
        }
        // USER_HZ: 100 on every Linux the stack runs on (sysconf(_SC_CLK_TCK)).
        return new CpuTime(Duration.ofMillis(total * 10), Duration.ofMillis(jvm * 10));
    }

    /** CPU time in all, and the part of it the JVM's own threads used (the rest is the function's threads'). */
    public record CpuTime(Duration total, Duration jvm) {
        public static final CpuTime ZERO = new CpuTime(Duration.ZERO, Duration.ZERO);

        public Duration function() {
            return total.minus(jvm);
        }

        public CpuTime minus(CpuTime earlier) {
            return new CpuTime(total.minus(earlier.total), jvm.minus(earlier.jvm));
        }
    }

    /**
     * Whether a thread (by its name as /proc shows it, cut to 15 characters) is the JVM's own: compiler, collector,
     * VM operations, or the flight recorder's sampler; not the handler's, the SDK's or the runtime client's.
     */
    static boolean jvmThread(String name) {
        return name.startsWith("C1 CompilerThre")
                || name.startsWith("C2 CompilerThre")
                || name.startsWith("GC Thread")
                || name.startsWith("G1 ")
                || name.startsWith("VM Thread")
                || name.startsWith("VM Periodic")
                || name.startsWith("JFR ");
    }

    private static long jvmThreadTicks(long pid) {
        long ticks = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String name = Files.readString(task.resolve("comm")).strip();
                    if (jvmThread(name)) {
                        ticks += cpuTicks(task.resolve("stat"));
                    }
                } catch (IOException | RuntimeException e) {
                    // The thread ended while being read.
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or the process is gone.
        }
        return ticks;
    }

    private static long cpuTicks(Path statFile) {
        try {
            String stat = Files.readString(statFile);
            // After the command in parentheses: state is field 3, utime 14 and stime 15.
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static long peakRssKb(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // Not Linux, or the process is gone.
        }
        return -1;
    }

    public void start() {
        instances.forEach(Instance::launch);
    }

    /**
     * Invokes the function synchronously, as Lambda's Invoke does: waits up to {@code maxQueueWait} for the
     * process to take the request (it may be starting or busy), then up to the function's timeout for the answer.
     */
    public InvokeResult invoke(byte[] payload, Duration maxQueueWait) {
        Invocation invocation = new Invocation(payload, Duration.ofSeconds(spec.timeoutSeconds()));
        pending.addLast(invocation);
        try {
            try {
                // Either a runtime takes it, or it is answered without one (a failed init answers queued work).
                CompletableFuture.anyOf(invocation.started, invocation.result)
                        .get(maxQueueWait.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                if (invocation.abandon()) {
                    pending.remove(invocation);
                    return InvokeResult.error(
                            "Local.FunctionUnavailable",
                            name() + " did not take the request" + " within " + maxQueueWait.toSeconds()
                                    + " s (is its process starting or failing?)");
                }
            }
            // The runtime API completes the result at the function's timeout; the margin covers a requeue.
            InvokeResult result = invocation.result.get(
                    maxQueueWait.toMillis() + invocation.timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            long took = invocation.startedNanos == 0 ? 0 : System.nanoTime() - invocation.startedNanos;
            if (took > 0) {
                synchronized (invocations) {
                    if (firstInvocation == null) {
                        firstInvocation = Duration.ofNanos(took);
                    }
                }
                invocations.increment();
                handlerNanos.add(took);
            }
            return result;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            invocation.abandon();
            pending.remove(invocation);
            return InvokeResult.error("Local.Interrupted", "the stack is stopping");
        } catch (ExecutionException | TimeoutException e) {
            return InvokeResult.error("Local.Lost", "no answer from " + name() + ": " + e);
        }
    }

    @Override
    public void close() {
        stopping = true;
        instances.forEach(Instance::stop);
        for (Invocation invocation; (invocation = pending.poll()) != null; ) {
            invocation.abandon();
            invocation.complete(InvokeResult.error("Local.Stopping", "the stack is stopping"));
        }
    }

    /** One process at a time serving the function, replaced when it exits. */
    private final class Instance {
        private final String label;
        private final Object lock = new Object();
        private Process process;
        private RuntimeApi api;
        private int incarnation;
        private Duration backoff = Duration.ofSeconds(1);
        private List<String> processCommand = List.of();

        Instance(String label) {
            this.label = label;
        }

        long pid() {
            synchronized (lock) {
                return process != null && process.isAlive() ? process.pid() : -1;
            }
        }

        boolean busy() {
            synchronized (lock) {
                return api != null && api.busy();
            }
        }

        void launch() {
            synchronized (lock) {
                if (stopping) {
                    return;
                }
                int number = ++incarnation;
                long startNanos = System.nanoTime();
                RuntimeApi runtimeApi;
                try {
                    runtimeApi = new RuntimeApi(arn, pending, new Listener(this, number, startNanos), timers);
                } catch (IOException e) {
                    Console.warn(label + ": cannot open a Runtime API port: " + e.getMessage());
                    scheduleRestart(nextDelay(Duration.ZERO));
                    return;
                }
                Process started;
                List<String> command;
                try {
                    ProcessBuilder builder = launcher.command(
                            spec, runtimeApi.address(), arn, processes.incrementAndGet(), this == instances.get(0));
                    command = List.copyOf(builder.command());
                    started = builder.start();
                    processCommand = command;
                } catch (IOException e) {
                    runtimeApi.close("Runtime could not start: " + e.getMessage());
                    Console.warn(label + ": cannot start its process: " + e.getMessage());
                    scheduleRestart(nextDelay(Duration.ZERO));
                    return;
                }
                runtimeApi.servesProcess(started);
                api = runtimeApi;
                process = started;
                pump(started);
                var unused = started.onExit().thenAccept(p -> exited(p, command, runtimeApi, startNanos));
            }
        }

        /** Copies the process's output, line by line, under the instance's name. */
        private void pump(Process p) {
            Thread.ofVirtual().name(label + "-output").start(() -> {
                try (BufferedReader reader =
                        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = reader.readLine()) != null; ) {
                        Console.line(label, line);
                    }
                } catch (IOException e) {
                    // The process is gone; its exit is reported by exited().
                }
            });
        }

        private void exited(Process p, List<String> command, RuntimeApi runtimeApi, long startNanos) {
            int status = p.exitValue();
            FunctionLauncher.publishTrainedCache(command, status);
            runtimeApi.close("Runtime exited with error: exit status " + status);
            if (stopping) {
                return;
            }
            Duration ran = Duration.ofNanos(System.nanoTime() - startNanos);
            Duration delay = nextDelay(ran);
            // Ctrl-C reaches the function processes too (they share the terminal's process group) and they may exit
            // before the stack's shutdown hook runs: decide and report a moment later, when a stop would be known.
            var unused = timers.schedule(
                    () -> {
                        if (stopping) {
                            return;
                        }
                        Console.warn(String.format(
                                "%s: process %d exited with status %d after %.1f s; restarting%s",
                                label,
                                p.pid(),
                                status,
                                ran.toMillis() / 1000.0,
                                delay.isZero() ? "" : " in " + delay.toSeconds() + " s"));
                        scheduleRestart(delay);
                    },
                    EXIT_GRACE.toMillis(),
                    TimeUnit.MILLISECONDS);
        }

        /** At once after a process that ran a while; otherwise later and later, so a broken one does not spin. */
        private Duration nextDelay(Duration ran) {
            synchronized (lock) {
                if (ran.compareTo(HEALTHY_RUN) >= 0) {
                    backoff = Duration.ofSeconds(1);
                    return Duration.ZERO;
                }
                Duration delay = backoff;
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                return delay;
            }
        }

        private void scheduleRestart(Duration delay) {
            if (!stopping) {
                var unused = timers.schedule(this::launch, delay.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        void stop() {
            Process p;
            List<String> command;
            synchronized (lock) {
                p = process;
                command = processCommand;
            }
            if (p != null && p.isAlive()) {
                // The signal only: Process.destroy() would also close our end of its output, and a training JVM's
                // child that assembles the AOT cache, writing to that output, would die of SIGPIPE.
                p.toHandle().destroy();
                try {
                    // A JVM training its AOT cache assembles it as it exits (in a child JVM), a few seconds more.
                    long grace = launcher.startup().classData() == FunctionLauncher.ClassData.AOT ? 30 : 3;
                    if (p.waitFor(grace, TimeUnit.SECONDS)) {
                        // Here too, not only in exited(): the stack's own JVM may be about to exit.
                        FunctionLauncher.publishTrainedCache(command, p.exitValue());
                    } else {
                        p.descendants().forEach(ProcessHandle::destroyForcibly);
                        p.destroyForcibly();
                    }
                } catch (InterruptedException e) {
                    p.destroyForcibly();
                    Thread.currentThread().interrupt();
                }
            }
            RuntimeApi a;
            synchronized (lock) {
                a = api;
            }
            if (a != null) {
                a.close("Runtime stopped: the stack is stopping");
            }
        }
    }

    private final class Listener implements RuntimeApi.Listener {
        private final Instance instance;
        private final int number;
        private final long startNanos;

        Listener(Instance instance, int number, long startNanos) {
            this.instance = instance;
            this.number = number;
            this.startNanos = startNanos;
        }

        @Override
        public void ready() {
            Duration init = Duration.ofNanos(System.nanoTime() - startNanos);
            if (number > 1) {
                Console.info(
                        String.format("%s: process restarted and ready (init %d ms)", instance.label, init.toMillis()));
            }
            firstReady.complete(init);
        }

        @Override
        public void initError(InvokeResult error) {
            Console.warn(instance.label + ": init failed: " + error.text());
            // Lambda answers every invoke that meets a failed init with that error; so do we, rather than keep
            // callers waiting for a process that is about to exit.
            for (Invocation invocation; (invocation = pending.poll()) != null; ) {
                if (invocation.abandon()) {
                    invocation.complete(error);
                }
            }
        }

        @Override
        public void timedOut(String requestId) {
            Process p;
            synchronized (instance.lock) {
                p = instance.incarnation == number ? instance.process : null;
            }
            Console.warn(instance.label + ": request " + requestId + " timed out after " + spec.timeoutSeconds()
                    + " s; stopping its process");
            if (p != null) {
                p.destroyForcibly();
            }
        }
    }
}
