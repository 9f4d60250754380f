package com.refundpipeline.localstack;

import com.refundpipeline.localstack.events.SqsEventSourceMapping;
import com.refundpipeline.localstack.lambda.LocalFunction;
import com.refundpipeline.localstack.template.StackTemplate;
import com.refundpipeline.localstack.template.TemplateException;
import java.lang.management.ManagementFactory;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar refund-local-stack.jar [options]}: starts the stack in the foreground; Ctrl-C stops it. */
public final class Main {

    private Main() {}

    public static void main(String[] args) throws InterruptedException {
        Logging.configure();
        Options options;
        try {
            options = Options.parse(args, System.getenv());
        } catch (Options.UsageException e) {
            if (e.getMessage() != null) {
                System.err.println("error: " + e.getMessage() + "\n");
            }
            System.err.print(Options.USAGE);
            System.exit(e.getMessage() == null ? 0 : 2);
            return;
        }
        Console.captureStrayOutput();

        LocalStack stack = new LocalStack(options, StackHome.locate());
        CountDownLatch stopped = new CountDownLatch(1);
        // Registered before anything starts, so that Ctrl-C during startup still stops the function processes.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            Console.info("stopping");
                            stack.close();
                            Console.info("stopped");
                            stopped.countDown();
                        },
                        "local-stack-shutdown"));
        try {
            stack.start();
        } catch (TemplateException e) {
            Console.warn("the template cannot run locally: " + e.getMessage());
            System.exit(1);
        } catch (Options.UsageException e) {
            Console.warn(e.getMessage());
            System.exit(2);
        } catch (Exception e) {
            Console.warn("the stack could not start: " + LocalStack.describe(e));
            System.exit(1);
        }
        writeSecrets(stack, StackHome.locate());
        Console.raw(banner(stack));
        stopped.await();
    }

    static String banner(LocalStack stack) {
        long sinceJvmStart = System.currentTimeMillis()
                - ManagementFactory.getRuntimeMXBean().getStartTime();
        StringBuilder b = new StringBuilder("\n");
        b.append(String.format(
                "Refund pipeline running locally (stage %s), ready in %.1f s (%.1f s since the JVM" + " started).%n%n",
                stack.template().parameters().get("Stage"),
                stack.startup().toMillis() / 1000.0,
                sinceJvmStart / 1000.0));
        b.append("Function URLs:\n");
        for (LocalFunction f : stack.functions()) {
            if (f.spec().url().isPresent()) {
                b.append(String.format("  %-16s %s%s%n", f.name(), stack.functionUrl(f.name()), instances(f)));
            }
        }
        b.append("Functions on queues and schedules:\n");
        for (LocalFunction f : stack.functions()) {
            for (StackTemplate.SqsEvent e : f.spec().sqsEvents()) {
                b.append(String.format(
                        "  %-16s <- %s (batch %d, window %d s%s, %d at once)%s%n",
                        f.name(),
                        stack.template().queue(e.queueLogicalId()).orElseThrow().name(),
                        e.batchSize(),
                        e.maximumBatchingWindowSeconds(),
                        e.reportBatchItemFailures() ? ", partial failures" : "",
                        SqsEventSourceMapping.pollers(e, f.instances()),
                        instances(f)));
            }
            for (StackTemplate.Schedule s : f.spec().schedules()) {
                b.append(String.format("  %-16s <- %s%n", f.name(), s.expression()));
            }
        }
        b.append("Outputs:\n");
        stack.template().outputs().forEach((k, v) -> b.append(String.format("  %-28s %s%n", k, v)));
        b.append(String.format(
                "DynamoDB Local: %s    SQS (ElasticMQ): %s%n",
                stack.dynamoDbEndpoint(), stack.endpoints().sqsEndpoint()));
        stack.functions().stream()
                .filter(f -> f.name().equals("submit-refund"))
                .findFirst()
                .ifPresent(f -> {
                    String url = stack.functionUrl(f.name()) + "refunds";
                    b.append("\nSubmit a refund:\n");
                    b.append("  curl -i -X POST '").append(url).append("' \\\n");
                    b.append("    -H 'Content-Type: application/json' -H \"Idempotency-Key: demo-$(date +%s)\" \\\n");
                    b.append("    -d '").append(SAMPLE_REFUND).append("'\n");
                    b.append("Then read the case (case_id from the answer):\n");
                    b.append("  curl -s ").append(url).append("/<case_id>\n");
                });
        StackTemplate.Table notifications =
                stack.template().table("NotificationsTable").orElse(null);
        if (notifications != null) {
            b.append("Look inside with any AWS CLI (the credentials are dummies):\n");
            b.append("  AWS_ACCESS_KEY_ID=local AWS_SECRET_ACCESS_KEY=local aws --region ")
                    .append(stack.endpoints().region())
                    .append(" --endpoint-url ")
                    .append(stack.dynamoDbEndpoint())
                    .append(" dynamodb scan --table-name ")
                    .append(notifications.name())
                    .append('\n');
        }
        if (!stack.secrets().isEmpty()) {
            b.append("\nLocal secrets (the Secrets Manager stand-in on ")
                    .append(stack.secretsManagerEndpoint())
                    .append("; also in ")
                    .append(SendWebhook.secretsFile(StackHome.locate()))
                    .append("):\n");
            stack.secrets().forEach((name, value) -> b.append(String.format("  %-36s %s%n", name, value)));
        }
        stack.functions().stream()
                .filter(f -> f.name().equals("payout-webhook"))
                .findFirst()
                .ifPresent(f -> {
                    b.append(
                            "Send payout-webhook a correctly signed Stripe event for a case (its payout attempt 1):\n");
                    b.append("  make webhook-event CASE=<case_id> TYPE=refund.updated")
                            .append(stack.port() == 8080 ? "" : " PORT=" + stack.port())
                            .append("    (STATUS=failed, SIGNATURE=bad or none to see a 400)\n");
                });
        stack.functions().stream()
                .filter(f -> f.name().equals("carrier-webhook"))
                .findFirst()
                .ifPresent(f -> b.append(
                                "Move a return parcel (the tracking code is in the case's return instructions):\n")
                        .append("  make parcel-event TRACKING=<tracking_code> STATUS=in_transit")
                        .append(stack.port() == 8080 ? "" : " PORT=" + stack.port())
                        .append("    (then STATUS=delivered)\n")
                        .append(
                                "Answer a replacement as the store would (GET /store-events lists what was published):\n")
                        .append("  make replacement-event CASE=<case_id> STATUS=shipped")
                        .append(stack.port() == 8080 ? "" : " PORT=" + stack.port())
                        .append("    (or STATUS=out_of_stock)\n"));
        b.append("What the customer was sent, whole (the SES/SNS stand-in): GET http://localhost:")
                .append(stack.port())
                .append("/customer-messages?case=<case_id>\n");
        b.append("\nCtrl-C stops everything.\n");
        return b.toString();
    }

    private static String instances(LocalFunction f) {
        return f.instances() == 1 ? "" : "  [" + f.instances() + " instances]";
    }

    /** The secrets as they are now, for {@code make webhook-event} (a file only the stack's own target holds). */
    private static void writeSecrets(LocalStack stack, StackHome home) {
        try {
            SendWebhook.writeSecrets(SendWebhook.secretsFile(home), stack.secrets(), stack.port());
        } catch (java.io.IOException e) {
            Console.warn("could not write " + SendWebhook.secretsFile(home) + ": " + e.getMessage());
        }
    }

    /** The request of issue 2's example, on one line so the curl can be pasted as is. */
    static final String SAMPLE_REFUND =
            "{\"order\":{\"id\":\"ord_1001\",\"customer_id\":\"cus_42\",\"currency\":\"USD\","
                    + "\"captured_amount\":5998,\"placed_at\":\"2026-11-20T08:00:00Z\",\"shipment_status\":\"delivered\","
                    + "\"shipped_at\":\"2026-11-20T18:00:00Z\",\"delivered_at\":\"2026-11-22T10:00:00Z\","
                    + "\"payment_reference\":\"pi_123\",\"lines\":[{\"sku\":\"TSHIRT-M\",\"quantity\":2,\"unit_amount\":2999,"
                    + "\"category\":\"apparel\"}]},\"items\":[{\"sku\":\"TSHIRT-M\",\"quantity\":1}],\"reason\":\"damaged\","
                    + "\"note\":\"seam torn on arrival\",\"evidence\":[{\"type\":\"photo\","
                    + "\"url\":\"https://evidence.example/ord_1001/1.jpg\",\"content_type\":\"image/jpeg\",\"bytes\":48211}],"
                    + "\"preferred_method\":\"original_payment\",\"customer\":{\"email\":\"a@example.com\","
                    + "\"phone\":\"+8613800000000\",\"locale\":\"zh-CN\",\"time_zone\":\"Asia/Shanghai\",\"channel\":\"email\"}}";
}
