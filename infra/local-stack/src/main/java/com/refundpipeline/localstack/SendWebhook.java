package com.refundpipeline.localstack;

import com.refundpipeline.localstack.aws.StripeWebhookSender;
import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Properties;

/**
 * {@code make webhook-event CASE=rc_... TYPE=refund.updated}: sends the running stack's payout-webhook a Stripe refund
 * event for a case's payout, signed with the local webhook secret that {@code make run} generated and printed.
 *
 * <pre>
 * java -cp refund-local-stack.jar com.refundpipeline.localstack.SendWebhook --case rc_... [--type refund.updated]
 *      [--status succeeded|failed|pending] [--attempt 1] [--port 8080] [--secret whsec_...] [--signature good|bad|none]
 * </pre>
 */
public final class SendWebhook {

    static final String WEBHOOK_SECRET = "stripe-webhook";
    static final String USAGE = "usage: SendWebhook --case CASE_ID [--type refund.updated|refund.failed|"
            + "charge.refund.updated] [--status succeeded|failed|pending] [--attempt 1] [--port 8080]"
            + " [--secret whsec_...] [--signature good|bad|none]";

    private SendWebhook() {}

    public static void main(String[] args) throws Exception {
        String caseId = null;
        String type = "refund.updated";
        String status = null;
        int attempt = 1;
        Integer port = null;
        String secret = null;
        String signature = "good";
        for (int i = 0; i < args.length; i++) {
            if (i + 1 >= args.length) {
                fail(args[i] + " needs a value");
            }
            String value = args[++i];
            switch (args[i - 1]) {
                case "--case" -> caseId = value;
                case "--type" -> type = value;
                case "--status" -> status = value;
                case "--attempt" -> attempt = Integer.parseInt(value);
                case "--port" -> port = Integer.parseInt(value);
                case "--secret" -> secret = value;
                case "--signature" -> signature = value;
                default -> fail("unknown option " + args[i - 1]);
            }
        }
        if (caseId == null || caseId.isBlank()) {
            fail("give the case: --case rc_... (make webhook-event CASE=rc_...)");
        }
        Properties saved = readSecrets(secretsFile(StackHome.locate()));
        if (secret == null) {
            secret = saved.entrySet().stream()
                    .filter(e -> e.getKey().toString().contains(WEBHOOK_SECRET))
                    .map(e -> e.getValue().toString())
                    .findFirst()
                    .orElse(null);
        }
        if (secret == null && !signature.equals("none")) {
            fail("no webhook secret: start the stack with make run first, or give --secret whsec_...");
        }
        if (port == null) {
            port = Integer.parseInt(saved.getProperty("port", "8080"));
        }
        if (status == null) {
            status = type.equals("refund.failed") ? "failed" : "succeeded";
        }
        Instant now = Instant.now();
        String body = StripeWebhookSender.refundEvent(caseId, attempt, type, status, now);
        String header = switch (signature) {
            case "good" -> StripeWebhookSender.signature(secret, body, now);
            case "bad" -> StripeWebhookSender.signature(secret + "-wrong", body, now);
            case "none" -> null;
            default -> {
                fail("--signature is good, bad or none");
                yield null;
            }
        };
        URI url = URI.create("http://localhost:" + port + "/payout-webhook/stripe");
        HttpResponse<String> response = new StripeWebhookSender(url).send(body, header);
        System.out.println("POST " + url + " (" + type + ", refund " + status + ", payout refund-" + caseId + "-"
                + attempt + ", signature " + signature + ")");
        System.out.println(response.statusCode() + " " + response.body());
        System.exit(response.statusCode() / 100 == 2 ? 0 : 1);
    }

    static Path secretsFile(StackHome home) {
        return home.target().resolve("local-secrets.properties");
    }

    static void writeSecrets(Path file, Map<String, String> secrets, int port) throws IOException {
        Properties p = new Properties();
        p.putAll(secrets);
        p.setProperty("port", Integer.toString(port));
        Files.createDirectories(file.getParent());
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(out, "written by make run: the local Secrets Manager stand-in's secrets and the stack's port");
        }
    }

    private static Properties readSecrets(Path file) throws IOException {
        Properties p = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(in);
            }
        }
        return p;
    }

    private static void fail(String message) {
        System.err.println("error: " + message + "\n" + USAGE);
        System.exit(2);
    }
}
