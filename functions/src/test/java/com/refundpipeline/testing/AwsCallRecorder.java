package com.refundpipeline.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.config.ConfigProvider;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * Writes down every AWS call a function makes while it handles a Lambda invocation, as the IAM action and the
 * resource it touches ("dynamodb:GetItem refunds-test-cases"), one file per exported function under
 * target/aws-calls. TemplateContractIT then checks each function's role allows exactly those calls.
 *
 * <p>
 * Only calls on the mock event server's Lambda thread count: what a test does itself to set a case up is not the
 * function's doing.
 */
public class AwsCallRecorder implements ExecutionInterceptor {

    static final Path DIRECTORY = Path.of("target", "aws-calls");

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (!Thread.currentThread().getName().startsWith("Lambda Thread")) {
            return;
        }
        String service =
                attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME).toLowerCase(Locale.ROOT);
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        List<String> lines = new ArrayList<>();
        SdkRequest request = context.request();
        if (request instanceof TransactWriteItemsRequest transaction) {
            // IAM authorises a transaction item by item, as the single-item actions.
            for (TransactWriteItem item : transaction.transactItems()) {
                if (item.update() != null) {
                    lines.add("dynamodb:UpdateItem " + item.update().tableName());
                } else if (item.put() != null) {
                    lines.add("dynamodb:PutItem " + item.put().tableName());
                } else if (item.delete() != null) {
                    lines.add("dynamodb:DeleteItem " + item.delete().tableName());
                } else if (item.conditionCheck() != null) {
                    lines.add("dynamodb:ConditionCheckItem "
                            + item.conditionCheck().tableName());
                }
            }
        } else if (request instanceof software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest batch) {
            // IAM authorises a batch table by table.
            batch.requestItems().keySet().forEach(table -> lines.add("dynamodb:BatchGetItem " + table));
        } else {
            String resource = request.getValueForField("TableName", String.class)
                    .map(table -> request.getValueForField("IndexName", String.class)
                            .map(index -> table + "/index/" + index)
                            .orElse(table))
                    .or(() -> request.getValueForField("QueueUrl", String.class)
                            .map(url -> url.substring(url.lastIndexOf('/') + 1)))
                    .orElse("*");
            lines.add(("sqs".equals(service) ? "sqs" : "dynamodb") + ":" + operation + " " + resource);
        }
        record(lines);
    }

    private static synchronized void record(List<String> lines) {
        String function = ConfigProvider.getConfig()
                .getOptionalValue("quarkus.funqy.export", String.class)
                .orElse("unknown");
        try {
            Files.createDirectories(DIRECTORY);
            Files.write(
                    DIRECTORY.resolve(function + ".log"),
                    lines,
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
