package com.refundpipeline.localstack.lambda;

import com.refundpipeline.localstack.HttpReplies;
import com.refundpipeline.localstack.LoopbackHttp;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingDeque;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Lambda Runtime API (version 2018-06-01) for one function process: the runtime interface client in the
 * process long-polls /invocation/next for work and posts the response or error back. Each process gets its own
 * server, so when a process dies its in-flight invocations fail at once and a late request from it cannot take work
 * meant for its successor.
 */
final class RuntimeApi implements AutoCloseable {

    /** What the function supervising this process hears. */
    interface Listener {
        /** The runtime asked for work for the first time: its init is done. */
        void ready();

        /** The runtime reported that its init failed; it will exit. */
        void initError(InvokeResult error);

        /** An invocation ran past its timeout: the process must be stopped, as Lambda resets the sandbox. */
        void timedOut(String requestId);
    }

    private static final String PREFIX = "/2018-06-01/runtime/";
    private static final Pattern RESULT_PATH = Pattern.compile(PREFIX + "invocation/([^/]+)/(response|error)");

    private final String functionArn;
    private final BlockingDeque<Invocation> pending;
    private final Listener listener;
    private final ScheduledExecutorService timers;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, Invocation> inFlight = new ConcurrentHashMap<>();
    private final Map<String, ScheduledFuture<?>> deadlines = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile boolean polled;
    private volatile BooleanSupplier processAlive = () -> true;

    RuntimeApi(
            String functionArn, BlockingDeque<Invocation> pending, Listener listener, ScheduledExecutorService timers)
            throws IOException {
        this.functionArn = functionArn;
        this.pending = pending;
        this.listener = listener;
        this.timers = timers;
        this.server = LoopbackHttp.server(0, 16);
        server.setExecutor(executor);
        server.createContext(PREFIX, this::handle);
        server.start();
    }

    /** How to tell whether the process this API serves still lives, once it is started. */
    void servesProcess(Process process) {
        processAlive = process::isAlive;
    }

    /** Whether the process is working on an invocation now. */
    boolean busy() {
        return !inFlight.isEmpty();
    }

    /** host:port, the value of AWS_LAMBDA_RUNTIME_API. */
    String address() {
        return "127.0.0.1:" + server.getAddress().getPort();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String method = exchange.getRequestMethod();
            if (method.equals("GET") && path.equals(PREFIX + "invocation/next")) {
                next(exchange);
                return;
            }
            Matcher result = RESULT_PATH.matcher(path);
            if (method.equals("POST") && result.matches()) {
                byte[] body = readBody(exchange);
                String errorType = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
                finish(
                        exchange,
                        result.group(1),
                        result.group(2).equals("response")
                                ? InvokeResult.success(body)
                                : new InvokeResult(body, errorType == null ? errorTypeOf(body) : errorType));
                return;
            }
            if (method.equals("POST") && path.equals(PREFIX + "init/error")) {
                byte[] body = readBody(exchange);
                String errorType = exchange.getRequestHeaders().getFirst("Lambda-Runtime-Function-Error-Type");
                listener.initError(new InvokeResult(body, errorType == null ? "Runtime.InitError" : errorType));
                send(exchange, 202, "{\"status\":\"OK\"}");
                return;
            }
            send(
                    exchange,
                    404,
                    "{\"errorType\":\"NotFound\",\"errorMessage\":\"no such runtime API: " + method + " " + path
                            + "\"}");
        }
    }

    /** GET /invocation/next: blocks until there is work, as the real API does. */
    private void next(HttpExchange exchange) throws IOException {
        if (!polled) {
            polled = true;
            listener.ready();
        }
        while (!closed) {
            Invocation invocation;
            try {
                invocation = pending.pollFirst(250, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (invocation == null) {
                continue;
            }
            synchronized (this) {
                // A process killed while it waited here leaves this request behind; its work goes to the next one.
                if (closed || !processAlive.getAsBoolean()) {
                    pending.addFirst(invocation);
                    return;
                }
                if (!invocation.start()) {
                    continue; // the caller gave up waiting for it
                }
                inFlight.put(invocation.id, invocation);
            }
            long deadline = System.currentTimeMillis() + invocation.timeout.toMillis();
            var headers = exchange.getResponseHeaders();
            headers.set("Content-Type", "application/json");
            headers.set("Lambda-Runtime-Aws-Request-Id", invocation.id);
            headers.set("Lambda-Runtime-Deadline-Ms", Long.toString(deadline));
            headers.set("Lambda-Runtime-Invoked-Function-Arn", functionArn);
            headers.set("Lambda-Runtime-Trace-Id", invocation.traceId);
            try {
                exchange.sendResponseHeaders(200, invocation.payload.length == 0 ? -1 : invocation.payload.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(invocation.payload);
                }
            } catch (IOException e) {
                // The runtime went away before it got the work: give it to the next one.
                if (inFlight.remove(invocation.id) != null) {
                    invocation.requeued();
                    pending.addFirst(invocation);
                }
                throw e;
            }
            deadlines.put(
                    invocation.id,
                    timers.schedule(() -> timeout(invocation), invocation.timeout.toMillis(), TimeUnit.MILLISECONDS));
            return;
        }
    }

    private void timeout(Invocation invocation) {
        if (inFlight.remove(invocation.id) != null) {
            double seconds = invocation.timeout.toMillis() / 1000.0;
            invocation.complete(InvokeResult.error(
                    "Sandbox.Timedout",
                    String.format("RequestId: %s Error: Task timed out after %.2f seconds", invocation.id, seconds)));
            listener.timedOut(invocation.id);
        }
    }

    private void finish(HttpExchange exchange, String requestId, InvokeResult result) throws IOException {
        Invocation invocation = inFlight.remove(requestId);
        if (invocation == null) {
            send(
                    exchange,
                    400,
                    "{\"errorType\":\"InvalidRequestID\",\"errorMessage\":\"no invocation " + requestId
                            + " is in flight on this runtime\"}");
            return;
        }
        ScheduledFuture<?> deadline = deadlines.remove(requestId);
        if (deadline != null) {
            deadline.cancel(false);
        }
        invocation.complete(result);
        send(exchange, 202, "{\"status\":\"OK\"}");
    }

    /**
     * The process is gone: fail what it had in flight with the reason, as Lambda does when a runtime exits
     * mid-invocation, and stop answering it.
     */
    void close(String reason) {
        synchronized (this) {
            closed = true;
        }
        inFlight.forEach((id, invocation) -> {
            if (inFlight.remove(id) != null) {
                ScheduledFuture<?> deadline = deadlines.remove(id);
                if (deadline != null) {
                    deadline.cancel(false);
                }
                invocation.complete(InvokeResult.error("Runtime.ExitError", "RequestId: " + id + " Error: " + reason));
            }
        });
        server.stop(0);
        executor.shutdownNow();
    }

    @Override
    public void close() {
        close("Runtime stopped");
    }

    private static byte[] readBody(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            return in.readAllBytes();
        }
    }

    private static String errorTypeOf(byte[] body) {
        Matcher m =
                Pattern.compile("\"errorType\"\\s*:\\s*\"([^\"]*)\"").matcher(new String(body, StandardCharsets.UTF_8));
        return m.find() ? m.group(1) : "Unhandled";
    }

    private static void send(HttpExchange exchange, int status, String json) throws IOException {
        HttpReplies.send(exchange, status, "application/json", json);
    }
}
