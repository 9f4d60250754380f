package com.refundpipeline.localstack.lambda;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.refundpipeline.localstack.Console;
import com.refundpipeline.localstack.template.StackTemplate;

/**
 * One function of the template, run as its own OS process behind its own Runtime API, with {@link #invoke} for the
 * function URL, the SQS pollers and the schedules. A process that exits or crashes is reported and started again
 * (sooner when it had run a while, later when it keeps failing), and what it had in flight fails as on Lambda, so
 * an SQS message it held is retried by its queue.
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
    private final Object lock = new Object();
    private Process process;
    private RuntimeApi api;
    private int incarnation;
    private Duration backoff = Duration.ofSeconds(1);
    private volatile boolean stopping;

    public LocalFunction(StackTemplate.Function spec, String arn, FunctionLauncher launcher,
            ScheduledExecutorService timers) {
        this.spec = spec;
        this.arn = arn;
        this.launcher = launcher;
        this.timers = timers;
    }

    public StackTemplate.Function spec() {
        return spec;
    }

    public String name() {
        return spec.localName();
    }

    /** Completes with the init time of the first process that asks for work. */
    public CompletableFuture<Duration> ready() {
        return firstReady;
    }

    /** The current process's id, or -1 when none runs (tests kill it to prove restarts). */
    public long pid() {
        synchronized (lock) {
            return process != null && process.isAlive() ? process.pid() : -1;
        }
    }

    /** Whether the current process is working on an invocation (tests kill it mid-batch with this). */
    public boolean busy() {
        synchronized (lock) {
            return api != null && api.busy();
        }
    }

    public void start() {
        launch();
    }

    private void launch() {
        synchronized (lock) {
            if (stopping) {
                return;
            }
            int number = ++incarnation;
            long startNanos = System.nanoTime();
            RuntimeApi runtimeApi;
            try {
                runtimeApi = new RuntimeApi(arn, pending, new Listener(number, startNanos), timers);
            } catch (IOException e) {
                Console.warn(name() + ": cannot open a Runtime API port: " + e.getMessage());
                scheduleRestart(nextDelay(Duration.ZERO));
                return;
            }
            Process started;
            try {
                started = launcher.command(spec, runtimeApi.address(), arn, number).start();
            } catch (IOException e) {
                runtimeApi.close("Runtime could not start: " + e.getMessage());
                Console.warn(name() + ": cannot start its process: " + e.getMessage());
                scheduleRestart(nextDelay(Duration.ZERO));
                return;
            }
            runtimeApi.servesProcess(started);
            api = runtimeApi;
            process = started;
            pump(started);
            started.onExit().thenAccept(p -> exited(p, runtimeApi, startNanos));
        }
    }

    /** Copies the process's output, line by line, under the function's name. */
    private void pump(Process p) {
        Thread.ofVirtual().name(name() + "-output").start(() -> {
            try (BufferedReader reader = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line; (line = reader.readLine()) != null; ) {
                    Console.line(name(), line);
                }
            } catch (IOException e) {
                // The process is gone; its exit is reported by exited().
            }
        });
    }

    private void exited(Process p, RuntimeApi runtimeApi, long startNanos) {
        int status = p.exitValue();
        runtimeApi.close("Runtime exited with error: exit status " + status);
        if (stopping) {
            return;
        }
        Duration ran = Duration.ofNanos(System.nanoTime() - startNanos);
        Duration delay = nextDelay(ran);
        // Ctrl-C reaches the function processes too (they share the terminal's process group) and they may exit
        // before the stack's shutdown hook runs: decide and report a moment later, when a stop would be known.
        timers.schedule(() -> {
            if (stopping) {
                return;
            }
            Console.warn(String.format("%s: process %d exited with status %d after %.1f s; restarting%s", name(),
                    p.pid(), status, ran.toMillis() / 1000.0,
                    delay.isZero() ? "" : " in " + delay.toSeconds() + " s"));
            scheduleRestart(delay);
        }, EXIT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
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
            timers.schedule(this::launch, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
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
                    return InvokeResult.error("Local.FunctionUnavailable", name() + " did not take the request"
                            + " within " + maxQueueWait.toSeconds() + " s (is its process starting or failing?)");
                }
            }
            // The runtime API completes the result at the function's timeout; the margin covers a requeue.
            return invocation.result.get(maxQueueWait.toMillis() + invocation.timeout.toMillis() + 5_000,
                    TimeUnit.MILLISECONDS);
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
        Process p;
        synchronized (lock) {
            stopping = true;
            p = process;
        }
        if (p != null && p.isAlive()) {
            p.destroy();
            try {
                if (!p.waitFor(3, TimeUnit.SECONDS)) {
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
        for (Invocation invocation; (invocation = pending.poll()) != null; ) {
            invocation.abandon();
            invocation.complete(InvokeResult.error("Local.Stopping", "the stack is stopping"));
        }
    }

    private final class Listener implements RuntimeApi.Listener {
        private final int number;
        private final long startNanos;

        Listener(int number, long startNanos) {
            this.number = number;
            this.startNanos = startNanos;
        }

        @Override
        public void ready() {
            Duration init = Duration.ofNanos(System.nanoTime() - startNanos);
            if (number > 1) {
                Console.info(String.format("%s: process restarted and ready (init %d ms)", name(), init.toMillis()));
            }
            firstReady.complete(init);
        }

        @Override
        public void initError(InvokeResult error) {
            Console.warn(name() + ": init failed: " + error.text());
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
            synchronized (lock) {
                p = incarnation == number ? process : null;
            }
            Console.warn(name() + ": request " + requestId + " timed out after " + spec.timeoutSeconds()
                    + " s; stopping its process");
            if (p != null) {
                p.destroyForcibly();
            }
        }
    }
}
