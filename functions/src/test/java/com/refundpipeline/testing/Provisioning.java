package com.refundpipeline.testing;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.refundpipeline.localstack.template.StackTemplate;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

/** Creates the template's tables and queues on DynamoDB Local and ElasticMQ, dead-letter queues first. */
final class Provisioning {

    private Provisioning() {
    }

    static DynamoDbClient dynamo(URI endpoint) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    static SqsClient sqs(URI endpoint) {
        return SqsClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
    }

    static void create(StackTemplate template, URI dynamoEndpoint, URI sqsEndpoint) {
        try (DynamoDbClient dynamo = dynamo(dynamoEndpoint); SqsClient sqs = sqs(sqsEndpoint)) {
            for (StackTemplate.Table table : template.tables()) {
                dynamo.createTable(create -> create.tableName(table.name())
                        .billingMode(BillingMode.PAY_PER_REQUEST)
                        .attributeDefinitions(table.attributeTypes().entrySet().stream()
                                .map(a -> AttributeDefinition.builder().attributeName(a.getKey())
                                        .attributeType(a.getValue()).build())
                                .toList())
                        .keySchema(keys(table.keySchema()))
                        .globalSecondaryIndexes(table.globalSecondaryIndexes().isEmpty() ? null
                                : table.globalSecondaryIndexes().stream()
                                        .map(i -> GlobalSecondaryIndex.builder().indexName(i.name())
                                                .keySchema(keys(i.keySchema()))
                                                .projection(Projection.builder().projectionType(i.projectionType())
                                                        .nonKeyAttributes(i.nonKeyAttributes().isEmpty() ? null
                                                                : i.nonKeyAttributes())
                                                        .build())
                                                .build())
                                        .toList()));
            }
            List<StackTemplate.Queue> ordered = template.queues().stream()
                    .sorted((a, b) -> Boolean.compare(a.redrive() != null, b.redrive() != null)).toList();
            for (StackTemplate.Queue queue : ordered) {
                Map<QueueAttributeName, String> attributes = new HashMap<>();
                queue.attributes().forEach((k, v) -> attributes.put(QueueAttributeName.fromValue(k), v));
                if (queue.redrive() != null) {
                    attributes.put(QueueAttributeName.REDRIVE_POLICY,
                            "{\"deadLetterTargetArn\":\"" + queue.redrive().deadLetterTargetArn()
                                    + "\",\"maxReceiveCount\":" + queue.redrive().maxReceiveCount() + "}");
                }
                attributes.keySet().removeIf(k -> k == QueueAttributeName.UNKNOWN_TO_SDK_VERSION);
                sqs.createQueue(create -> create.queueName(queue.name()).attributes(attributes));
            }
        }
    }

    private static List<KeySchemaElement> keys(List<StackTemplate.KeyElement> elements) {
        return elements.stream()
                .map(k -> KeySchemaElement.builder().attributeName(k.attributeName()).keyType(k.keyType()).build())
                .toList();
    }
}
