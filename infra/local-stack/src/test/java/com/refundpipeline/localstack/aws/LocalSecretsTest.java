package com.refundpipeline.localstack.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LocalSecretsTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String PREFIX = "arn:aws:secretsmanager:us-east-1:000000000000:secret:";

    @Test
    void getSecretValueAnswersByNameAndByArnWithGeneratedOrGivenValues() throws Exception {
        try (LocalSecrets secrets = LocalSecrets.start(
                List.of("refunds/local/stripe-webhook-secret", "refunds/local/stripe-api-key"),
                Map.of("refunds/local/stripe-api-key", "sk_test_given"),
                PREFIX)) {
            String webhook = secrets.values().get("refunds/local/stripe-webhook-secret");
            assertTrue(webhook.matches("whsec_local_[0-9a-f]{32}"), webhook);

            HttpResponse<String> byName =
                    get(secrets.endpoint(), "secretsmanager.GetSecretValue", "refunds/local/stripe-webhook-secret");
            assertEquals(200, byName.statusCode(), byName::body);
            JsonNode answer = JSON.readTree(byName.body());
            assertEquals(webhook, answer.path("SecretString").asText());
            assertEquals(
                    "refunds/local/stripe-webhook-secret", answer.path("Name").asText());

            HttpResponse<String> byArn = get(
                    secrets.endpoint(),
                    "secretsmanager.GetSecretValue",
                    PREFIX + "refunds/local/stripe-api-key-AbC123");
            assertEquals(
                    "sk_test_given",
                    JSON.readTree(byArn.body()).path("SecretString").asText(),
                    byArn::body);
        }
    }

    @Test
    void anUnknownSecretOrOperationIsRefusedAsSecretsManagerDoes() throws Exception {
        try (LocalSecrets secrets =
                LocalSecrets.start(List.of("refunds/local/stripe-webhook-secret"), Map.of(), PREFIX)) {
            HttpResponse<String> unknown = get(secrets.endpoint(), "secretsmanager.GetSecretValue", "nope");
            assertEquals(400, unknown.statusCode());
            assertEquals(
                    "ResourceNotFoundException",
                    JSON.readTree(unknown.body()).path("__type").asText());
            HttpResponse<String> other = get(secrets.endpoint(), "secretsmanager.PutSecretValue", "nope");
            assertEquals(
                    "UnknownOperationException",
                    JSON.readTree(other.body()).path("__type").asText());
        }
    }

    @Test
    void theSignatureIsStripesScheme() {
        // HMAC-SHA256("whsec_test", "1700000000.{\"a\":1}"), computed apart from this code.
        assertEquals(
                "t=1700000000,v1=" + EXPECTED,
                StripeWebhookSender.signature("whsec_test", "{\"a\":1}", Instant.ofEpochSecond(1_700_000_000L)));
    }

    static final String EXPECTED = "38877139021993b830af32feea6e18a8da83eb2f6e49ee50bd9e4cf4ca4d3789";

    static HttpResponse<String> get(URI endpoint, String target, String id) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(endpoint)
                                .header("Content-Type", "application/x-amz-json-1.1")
                                .header("X-Amz-Target", target)
                                .POST(HttpRequest.BodyPublishers.ofString("{\"SecretId\":\"" + id + "\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }
}
