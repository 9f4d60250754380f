package com.refundpipeline.localstack.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.refundpipeline.localstack.LoopbackHttp;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongFunction;

/**
 * An HTTP proxy in front of DynamoDB Local or ElasticMQ that counts every call by caller and operation. The functions
 * are separate processes, so calls are counted where they arrive: the caller is the process that owns the
 * connection's other end (found once per connection in /proc), or "floor" for the bench's own minimal client (it
 * says so in its User-Agent). DynamoDB calls that can report consumed capacity are asked to
 * (ReturnConsumedCapacity=TOTAL, added when the caller did not ask), and the units in the answer are added up.
 */
public final class CountingProxy implements AutoCloseable {

    public static final String FLOOR = "floor";
    static final String FLOOR_AGENT = "refund-bench-floor";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> CAPACITY_OPERATIONS = Set.of(
            "GetItem",
            "PutItem",
            "UpdateItem",
            "DeleteItem",
            "Query",
            "Scan",
            "BatchGetItem",
            "BatchWriteItem",
            "TransactGetItems",
            "TransactWriteItems");
    private static final Set<String> HOP_BY_HOP = Set.of(
            "connection", "content-length", "expect", "host", "upgrade", "transfer-encoding", "keep-alive", "date");

    /** Calls and capacity units of one operation by one caller. */
    public static final class Count {
        final LongAdder calls = new LongAdder();
        final LongAdder errors = new LongAdder();
        final DoubleAdder readUnits = new DoubleAdder();
        final DoubleAdder writeUnits = new DoubleAdder();
        /** From the request's arrival at the proxy to its answer written back: what the caller waited, and more. */
        final LongAdder nanos = new LongAdder();

        public long calls() {
            return calls.sum();
        }

        public long errors() {
            return errors.sum();
        }

        public double readUnits() {
            return readUnits.sum();
        }

        public double writeUnits() {
            return writeUnits.sum();
        }

        public double millis() {
            return nanos.sum() / 1e6;
        }
    }

    /** A snapshot: caller -> operation -> {calls, errors, readUnits, writeUnits, ms in the proxy}. */
    public record Snapshot(Map<String, Map<String, double[]>> byCaller) {
        public Snapshot minus(Snapshot before) {
            Map<String, Map<String, double[]>> out = new TreeMap<>();
            byCaller.forEach((caller, ops) -> ops.forEach((op, v) -> {
                double[] b = before.byCaller.getOrDefault(caller, Map.of()).getOrDefault(op, new double[v.length]);
                double[] d = new double[v.length];
                for (int i = 0; i < v.length; i++) {
                    d[i] = v[i] - (i < b.length ? b[i] : 0);
                }
                if (d[0] > 0) {
                    out.computeIfAbsent(caller, k -> new TreeMap<>()).put(op, d);
                }
            }));
            return new Snapshot(out);
        }
    }

    private final String service;
    private final URI target;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(executor)
            .build();
    private final Map<String, Map<String, Count>> counts = new ConcurrentHashMap<>();
    private final Map<Integer, String> callerByPort = new ConcurrentHashMap<>();
    private final LongFunction<String> processName;

    /**
     * @param processName names the process with that pid ("submit-refund", ...), or null for one the bench does
     *                    not know (then the caller is "stack": the SQS pollers and provisioning run in its JVM)
     */
    public CountingProxy(String service, URI target, LongFunction<String> processName) throws IOException {
        this.service = service;
        this.target = target;
        this.processName = processName;
        server = LoopbackHttp.server(0, 256);
        server.setExecutor(executor);
        server.createContext("/", this::forward);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public URI target() {
        return target;
    }

    public String service() {
        return service;
    }

    public Snapshot snapshot() {
        Map<String, Map<String, double[]>> out = new TreeMap<>();
        counts.forEach((caller, ops) -> ops.forEach((op, c) -> out.computeIfAbsent(caller, k -> new TreeMap<>())
                .put(op, new double[] {c.calls(), c.errors(), c.readUnits(), c.writeUnits(), c.millis()})));
        return new Snapshot(out);
    }

    private void forward(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        Count count = null;
        try {
            count = forwardCounted(exchange);
        } finally {
            if (count != null) {
                count.nanos.add(System.nanoTime() - arrived);
            }
        }
    }

    /** Forwards one call and answers it; the call's count, or null when it was not counted (interrupted). */
    private Count forwardCounted(HttpExchange exchange) throws IOException {
        try (exchange;
                InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            String caller = caller(exchange);
            String operation = operation(exchange, body);
            boolean dynamoDb = service.equals("dynamodb");
            String key = operation;
            if (dynamoDb && CAPACITY_OPERATIONS.contains(operation)) {
                JsonNode request = parse(body);
                if (request instanceof ObjectNode object) {
                    key = operation + " " + tables(object);
                    if (!object.has("ReturnConsumedCapacity")) {
                        object.put("ReturnConsumedCapacity", "TOTAL");
                        body = JSON.writeValueAsBytes(object);
                    }
                }
            }
            HttpRequest.Builder request = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI()))
                    .timeout(Duration.ofSeconds(60))
                    .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT))) {
                    values.forEach(v -> request.header(name, v));
                }
            });
            HttpResponse<byte[]> response;
            try {
                response = client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                exchange.sendResponseHeaders(503, -1);
                return null;
            }
            Count count = counts.computeIfAbsent(caller, k -> new ConcurrentHashMap<>())
                    .computeIfAbsent(key, k -> new Count());
            count.calls.increment();
            if (response.statusCode() >= 300) {
                count.errors.increment();
            } else if (dynamoDb) {
                addCapacity(count, operation, response.body());
            }
            response.headers().map().forEach((name, values) -> {
                if (!HOP_BY_HOP.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                }
            });
            byte[] answer = response.body();
            exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                exchange.getResponseBody().write(answer);
            }
            return count;
        }
    }

    /** DynamoDB names the operation in X-Amz-Target; SQS there too (JSON protocol) or in Action (query protocol). */
    private static String operation(HttpExchange exchange, byte[] body) {
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (target != null) {
            return target.substring(target.indexOf('.') + 1);
        }
        String form = new String(body, StandardCharsets.UTF_8);
        for (String pair : form.split("&")) {
            if (pair.startsWith("Action=")) {
                return pair.substring("Action=".length());
            }
        }
        return "unknown";
    }

    private static JsonNode parse(byte[] body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            // Not JSON: forwarded as it came; the server answers what it answers.
            return null;
        }
    }

    /** The tables a request touches, short names (without the stack's prefix), joined by '+'. */
    private static String tables(ObjectNode request) {
        java.util.Set<String> names = new java.util.TreeSet<>();
        if (request.has("TableName")) {
            names.add(request.path("TableName").asText());
        }
        request.path("RequestItems").fieldNames().forEachRemaining(names::add);
        for (JsonNode item : request.path("TransactItems")) {
            item.forEach(action -> {
                if (action.has("TableName")) {
                    names.add(action.path("TableName").asText());
                }
            });
        }
        return String.join(
                "+",
                names.stream()
                        .map(n -> n.replaceFirst("^refunds-[a-z0-9]+-", ""))
                        .toList());
    }

    /**
     * On-demand billing: read request units for reads, write request units for writes, as the answer reports, except
     * that a transaction's write units are halved: DynamoDB Local 2.6.1 reports a transaction's item four times per KB,
     * AWS bills it twice (ADR 0012), and the bench prices and budgets what AWS bills.
     */
    private static void addCapacity(Count count, String operation, byte[] body) {
        try {
            JsonNode consumed = JSON.readTree(body).path("ConsumedCapacity");
            List<JsonNode> entries =
                    consumed.isArray() ? iterate(consumed) : consumed.isObject() ? List.of(consumed) : List.of();
            boolean write = operation.startsWith("Put")
                    || operation.startsWith("Update")
                    || operation.startsWith("Delete")
                    || operation.startsWith("BatchWrite")
                    || operation.startsWith("TransactWrite");
            for (JsonNode c : entries) {
                double units = c.path("CapacityUnits").asDouble();
                double reads = c.path("ReadCapacityUnits").asDouble();
                double writes = c.path("WriteCapacityUnits").asDouble();
                if (reads == 0 && writes == 0) {
                    if (write) {
                        writes = units;
                    } else {
                        reads = units;
                    }
                }
                count.readUnits.add(reads);
                count.writeUnits.add(operation.startsWith("TransactWrite") ? writes / 2 : writes);
            }
        } catch (IOException e) {
            // An answer without JSON carries no capacity.
        }
    }

    private static List<JsonNode> iterate(JsonNode array) {
        List<JsonNode> out = new java.util.ArrayList<>();
        array.forEach(out::add);
        return out;
    }

    /** The process at the other end of the connection, found once per connection from /proc. */
    private String caller(HttpExchange exchange) {
        String agent = exchange.getRequestHeaders().getFirst("User-Agent");
        if (agent != null && agent.contains(FLOOR_AGENT)) {
            return FLOOR;
        }
        int port = exchange.getRemoteAddress().getPort();
        return callerByPort.computeIfAbsent(port, this::ownerOf);
    }

    private String ownerOf(int clientPort) {
        long inode = socketInode(clientPort);
        if (inode > 0) {
            String needle = "socket:[" + inode + "]";
            try (var procs = Files.list(Path.of("/proc"))) {
                for (Path proc : (Iterable<Path>) procs::iterator) {
                    String name = proc.getFileName().toString();
                    if (!name.chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    String known = processName.apply(Long.parseLong(name));
                    if (known == null) {
                        continue;
                    }
                    try (var fds = Files.list(proc.resolve("fd"))) {
                        for (Path fd : (Iterable<Path>) fds::iterator) {
                            try {
                                if (Files.readSymbolicLink(fd).toString().equals(needle)) {
                                    return known;
                                }
                            } catch (IOException e) {
                                // Closed meanwhile.
                            }
                        }
                    } catch (IOException e) {
                        // Not ours to read, or gone.
                    }
                }
            } catch (IOException e) {
                // No /proc: everything is the stack's.
            }
        }
        return "stack";
    }

    /** The inode of the socket whose local port is the client's, from /proc/net/tcp and tcp6. */
    private static long socketInode(int clientPort) {
        String hexPort = String.format(":%04X", clientPort);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            try {
                for (String line : Files.readAllLines(Path.of(table))) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length > 9 && f[1].endsWith(hexPort)) {
                        return Long.parseLong(f[9]);
                    }
                }
            } catch (IOException | NumberFormatException e) {
                // Try the other table.
            }
        }
        return -1;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
