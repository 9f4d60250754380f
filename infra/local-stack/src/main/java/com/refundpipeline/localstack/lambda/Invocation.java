package com.refundpipeline.localstack.lambda;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

/** One request to a function: queued until a runtime takes it with /next, then in flight until it answers. */
final class Invocation {

    enum State {
        QUEUED,
        STARTED,
        ABANDONED
    }

    final String id = UUID.randomUUID().toString();
    final byte[] payload;
    final Duration timeout;
    final String traceId;
    private final AtomicReference<State> state = new AtomicReference<>(State.QUEUED);
    final CompletableFuture<Void> started = new CompletableFuture<>();
    final CompletableFuture<InvokeResult> result = new CompletableFuture<>();
    /** When a runtime took it (System.nanoTime), for the handler's duration. */
    volatile long startedNanos;

    Invocation(byte[] payload, Duration timeout) {
        this.payload = payload;
        this.timeout = timeout;
        this.traceId = traceId();
    }

    /** A runtime takes the invocation; false when the caller gave up waiting for one first. */
    boolean start() {
        if (state.compareAndSet(State.QUEUED, State.STARTED)) {
            startedNanos = System.nanoTime();
            started.complete(null);
            return true;
        }
        return false;
    }

    /** The caller stops waiting for a runtime; false when one has already taken the invocation. */
    boolean abandon() {
        return state.compareAndSet(State.QUEUED, State.ABANDONED);
    }

    /** Back in the queue after a delivery that never reached the runtime. */
    void requeued() {
        state.compareAndSet(State.STARTED, State.QUEUED);
    }

    boolean complete(InvokeResult r) {
        return result.complete(r);
    }

    /** An X-Ray style trace header, as Lambda passes in Lambda-Runtime-Trace-Id. */
    private static String traceId() {
        String hex = UUID.randomUUID().toString().replace("-", "");
        String epoch = Long.toHexString(System.currentTimeMillis() / 1000);
        return "Root=1-" + epoch + "-" + hex.substring(0, 24) + ";Parent=" + hex.substring(16, 32) + ";Sampled=0";
    }
}
