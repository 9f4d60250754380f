package com.refundpipeline.localstack.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.refundpipeline.localstack.Console;
import com.refundpipeline.localstack.HttpReplies;
import com.refundpipeline.localstack.LoopbackHttp;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The local stand-in for AWS Secrets Manager: GetSecretValue of the JSON protocol
 * ({@code X-Amz-Target: secretsmanager.GetSecretValue}) for the secrets the template names, each holding a value
 * generated for this run (a Stripe webhook signing secret looks like {@code whsec_local_...}) unless one was given.
 * Without it the functions would ask the real Secrets Manager and fail.
 */
public final class LocalSecrets implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final Map<String, String> secrets;
    private final String arnPrefix;
    private final Instant created = Instant.now();

    private LocalSecrets(HttpServer server, Map<String, String> secrets, String arnPrefix) {
        this.server = server;
        this.secrets = secrets;
        this.arnPrefix = arnPrefix;
    }

    /**
     * @param names     the secret names the template refers to
     * @param given     values to hold instead of generated ones (name to value)
     * @param arnPrefix {@code arn:aws:secretsmanager:REGION:ACCOUNT:secret:}
     */
    public static LocalSecrets start(Iterable<String> names, Map<String, String> given, String arnPrefix)
            throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : names) {
            values.put(name, given.getOrDefault(name, generate(name)));
        }
        given.forEach(values::putIfAbsent);
        LocalSecrets secrets = new LocalSecrets(LoopbackHttp.server(0, 64), Map.copyOf(values), arnPrefix);
        secrets.server.setExecutor(secrets.executor);
        secrets.server.createContext("/", secrets::handle);
        secrets.server.start();
        return secrets;
    }

    /** A value shaped like what the secret holds in AWS: whsec_ for a webhook signing secret, sk_test_ for a key. */
    static String generate(String name) {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        String random = HexFormat.of().formatHex(bytes);
        if (name.contains("webhook")) {
            return "whsec_local_" + random;
        }
        return name.contains("api-key") ? "sk_test_local_" + random : "local_" + random;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Name to value, in the template's order. */
    public Map<String, String> values() {
        Map<String, String> ordered = new LinkedHashMap<>();
        secrets.keySet().stream().sorted().forEach(k -> ordered.put(k, secrets.get(k)));
        return ordered;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            JsonNode request;
            try (InputStream in = exchange.getRequestBody()) {
                request = JSON.readTree(in);
            } catch (IOException e) {
                error(exchange, "SerializationException", "the body is not JSON");
                return;
            }
            if (!"POST".equals(exchange.getRequestMethod()) || !"secretsmanager.GetSecretValue".equals(target)) {
                error(exchange, "UnknownOperationException", "only GetSecretValue is served locally, not " + target);
                return;
            }
            String id = request == null ? "" : request.path("SecretId").asText("");
            String name = nameOf(id);
            String value = secrets.get(name);
            if (value == null) {
                Console.line("secrets-manager", "GetSecretValue " + id + ": no such secret");
                error(exchange, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
                return;
            }
            Console.line("secrets-manager", "GetSecretValue " + name);
            ObjectNode answer = JSON.createObjectNode();
            answer.put("ARN", arnPrefix + name + "-local");
            answer.put("Name", name);
            answer.put(
                    "VersionId",
                    UUID.nameUUIDFromBytes(value.getBytes(StandardCharsets.UTF_8))
                            .toString());
            answer.put("SecretString", value);
            answer.putArray("VersionStages").add("AWSCURRENT");
            answer.put("CreatedDate", created.getEpochSecond());
            respond(exchange, 200, JSON.writeValueAsString(answer));
        }
    }

    /** A SecretId is a name or an ARN (whose name ends with a hyphen and six characters of AWS's). */
    private String nameOf(String id) {
        if (!id.startsWith("arn:")) {
            return id;
        }
        int at = id.indexOf(":secret:");
        String name = at < 0 ? id : id.substring(at + ":secret:".length());
        if (secrets.containsKey(name)) {
            return name;
        }
        return name.matches(".*-[A-Za-z0-9]{6}") || name.endsWith("-local")
                ? name.substring(0, name.lastIndexOf('-'))
                : name;
    }

    private static void error(HttpExchange exchange, String type, String message) throws IOException {
        ObjectNode body = JSON.createObjectNode().put("__type", type).put("message", message);
        respond(exchange, 400, JSON.writeValueAsString(body));
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        HttpReplies.send(exchange, status, "application/x-amz-json-1.1", body);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
