package com.refundpipeline.localstack;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.Properties;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code make parcel-event TRACKING=SBX... STATUS=in_transit}: moves a return parcel in the running stack, the way
 * EasyPost reports it: a {@code tracker.updated} event for the tracking code (the sandbox carrier's label, shown in
 * the customer's return instructions and the case's {@code decision.grant.authorization}), signed with the local
 * carrier webhook secret that {@code make run} generated ({@code X-Hmac-Signature: hmac-sha256-hex=...}).
 *
 * <pre>
 * java -cp refund-local-stack.jar com.refundpipeline.localstack.SendParcelEvent --tracking SBX... \
 *      [--status in_transit|out_for_delivery|delivered|available_for_pickup] [--port 8080] [--signature good|bad]
 * </pre>
 */
public final class SendParcelEvent {

    static final String SECRET = "easypost-webhook";

    private SendParcelEvent() {}

    public static void main(String[] args) throws Exception {
        String tracking = null;
        String status = "in_transit";
        Integer port = null;
        String signature = "good";
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--tracking" -> tracking = args[i + 1];
                case "--status" -> status = args[i + 1];
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--signature" -> signature = args[i + 1];
                default -> fail("unknown option " + args[i]);
            }
        }
        if (tracking == null || tracking.isBlank()) {
            fail("give the tracking code: --tracking SBX... (make parcel-event TRACKING=SBX...)");
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
            fail("no carrier webhook secret: start the stack with make run first");
        }
        int p = port != null ? port : Integer.parseInt(saved.getProperty("port", "8080"));
        String body = event(tracking, status);
        String key = signature.equals("good") ? secret : secret + "-wrong";
        URI url = URI.create("http://localhost:" + p + "/carrier-webhook/easypost");
        HttpResponse<String> response = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(url)
                                .header("Content-Type", "application/json")
                                .header("X-Hmac-Signature", "hmac-sha256-hex=" + hmac(body, key))
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        System.out.println(
                "POST " + url + " (tracker.updated " + tracking + " " + status + ", signature " + signature + ")");
        System.out.println(response.statusCode() + " " + response.body());
        System.exit(response.statusCode() / 100 == 2 ? 0 : 1);
    }

    /** EasyPost's Event around a Tracker, as its API reference shows them. */
    public static String event(String tracking, String status) {
        return """
                {"id": "evt_%s", "object": "Event", "mode": "test", "description": "tracker.updated",
                 "result": {"id": "trk_local", "object": "Tracker", "mode": "test", "tracking_code": "%s",
                            "status": "%s", "carrier": "SandboxPost"}}""".formatted(UUID.randomUUID().toString().replace("-", ""), tracking, status);
    }

    public static String hmac(String body, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(
                Normalizer.normalize(secret, Normalizer.Form.NFKD).getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static void fail(String message) {
        System.err.println("error: " + message);
        System.exit(2);
    }
}
