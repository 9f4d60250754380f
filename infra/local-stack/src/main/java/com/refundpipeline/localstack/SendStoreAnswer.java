package com.refundpipeline.localstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Properties;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code make replacement-event CASE=rc_... STATUS=shipped|out_of_stock}: the store's order system answers a
 * replacement request in the running stack (ADR 0034): a {@code POST /store} on carrier-webhook's URL, signed
 * {@code Store-Signature: t=<unix>,v1=<hex HMAC-SHA256 of "t.body">} with the store webhook secret {@code make run}
 * generated. {@code GET /store-events} on the stack lists the {@code replacement.requested} events it answers.
 *
 * <pre>
 * java -cp refund-local-stack.jar com.refundpipeline.localstack.SendStoreAnswer --case rc_... \
 *      [--status shipped|out_of_stock] [--port 8080] [--signature good|bad]
 * </pre>
 */
public final class SendStoreAnswer {

    public static final String SECRET = "store-webhook";

    private SendStoreAnswer() {}

    public static void main(String[] args) throws Exception {
        String caseId = null;
        String status = "shipped";
        Integer port = null;
        String signature = "good";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--case" -> caseId = args[i + 1];
                case "--status" -> status = args[i + 1];
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--signature" -> signature = args[i + 1];
                default -> fail("unknown option " + args[i]);
            }
        }
        if (caseId == null || caseId.isBlank()) {
            fail("give the case: --case rc_... (make replacement-event CASE=rc_...)");
        }
        Properties saved = new Properties();
        var file = SendWebhook.secretsFile(StackHome.locate());
        if (java.nio.file.Files.isRegularFile(file)) {
            try (var in = java.nio.file.Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                saved.load(in);
            }
        }
        String secret = saved.entrySet().stream()
                .filter(e -> e.getKey().toString().contains(SECRET))
                .map(e -> e.getValue().toString())
                .findFirst()
                .orElse(null);
        if (secret == null) {
            fail("no store webhook secret: start the stack with make run first");
        }
        int p = port != null ? port : Integer.parseInt(saved.getProperty("port", "8080"));
        String body = answer(caseId, status);
        long at = Instant.now().getEpochSecond();
        String key = signature.equals("good") ? secret : secret + "-wrong";
        URI url = URI.create("http://localhost:" + p + "/carrier-webhook/store");
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(url)
                                .header("Content-Type", "application/json")
                                .header("Store-Signature", "t=" + at + ",v1=" + hmac(at + "." + body, key))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        System.out.println("POST " + url + " (" + body + ", signature " + signature + ")");
        System.out.println(response.statusCode() + " " + response.body());
        System.exit(response.statusCode() / 100 == 2 ? 0 : 1);
    }

    public static String answer(String caseId, String status) {
        return switch (status) {
            case "shipped" ->
                "{\"type\": \"replacement_shipped\", \"case_id\": \"" + caseId
                        + "\", \"carrier\": \"SandboxPost\", \"tracking_code\": \"SBXSHIP"
                        + Instant.now().getEpochSecond()
                        + "\"}";
            case "out_of_stock" -> "{\"type\": \"out_of_stock\", \"case_id\": \"" + caseId + "\"}";
            default -> {
                fail("--status is shipped or out_of_stock, not " + status);
                yield "";
            }
        };
    }

    public static String hmac(String payload, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(payload.getBytes(StandardCharsets.UTF_8)));
    }

    private static void fail(String message) {
        System.err.println(message);
        System.exit(2);
    }
}
