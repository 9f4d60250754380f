package com.refundpipeline.localstack.aws;

import java.net.URI;
import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/** SDK clients for the stack's own DynamoDB Local and ElasticMQ, with the same dummy credentials the functions get. */
public final class AwsClients {

    public static final String ACCESS_KEY = "local";
    public static final String SECRET_KEY = "local";

    private AwsClients() {}

    public static DynamoDbClient dynamoDb(URI endpoint, String region) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(credentials())
                .httpClient(http())
                .build();
    }

    public static SqsClient sqs(URI endpoint, String region) {
        return SqsClient.builder()
                .endpointOverride(endpoint)
                .region(Region.of(region))
                .credentialsProvider(credentials())
                .httpClient(http())
                .build();
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY));
    }

    private static software.amazon.awssdk.http.SdkHttpClient http() {
        // Long enough for a 20 s SQS long poll.
        return UrlConnectionHttpClient.builder()
                .socketTimeout(Duration.ofSeconds(30))
                .build();
    }
}
