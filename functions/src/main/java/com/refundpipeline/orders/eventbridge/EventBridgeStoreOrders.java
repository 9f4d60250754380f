package com.refundpipeline.orders.eventbridge;

import com.fasterxml.jackson.databind.JsonNode;
import com.refundpipeline.http.ProviderHttp;
import com.refundpipeline.json.Json;
import com.refundpipeline.orders.StoreEvent;
import com.refundpipeline.orders.StoreOrders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;

/**
 * EventBridge PutEvents (the AWS JSON 1.1 protocol, SigV4-signed with the function's role) on the stack's bus. Written
 * on {@code java.net.http} with the SDK's signer rather than the EventBridge SDK client, which is not among the
 * artifact's dependencies: one call, one entry, checked for a failed entry as the API documents
 * ({@code FailedEntryCount}, an entry's {@code ErrorCode}).
 */
public final class EventBridgeStoreOrders implements StoreOrders {

    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    private final String bus;
    private final Optional<String> endpoint;
    private final HttpClient http = ProviderHttp.client(TIMEOUT);
    private final AwsV4HttpSigner signer = AwsV4HttpSigner.create();
    private Region region;
    private DefaultCredentialsProvider credentials;

    public EventBridgeStoreOrders(String bus, Optional<String> endpoint) {
        this.bus = bus;
        // The SDK's own variable for a service's endpoint, as the local stack sets it for every AWS stand-in.
        this.endpoint = endpoint.filter(e -> !e.isBlank())
                .or(() -> Optional.ofNullable(System.getenv("AWS_ENDPOINT_URL_EVENTBRIDGE")))
                .filter(e -> !e.isBlank());
    }

    @Override
    public boolean connected() {
        return true;
    }

    @Override
    public void publish(StoreEvent event) {
        Map<String, Object> entry = Map.of(
                "Source",
                StoreEvent.SOURCE,
                "DetailType",
                event.detailType(),
                "Detail",
                Json.write(event.detail()),
                "EventBusName",
                bus);
        byte[] body = Json.write(Map.of("Entries", List.of(entry))).getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = send(body);
        if (response.statusCode() != 200) {
            throw new IllegalStateException("EventBridge PutEvents answered " + response.statusCode() + " for "
                    + event.detailType() + " " + event.eventId());
        }
        JsonNode answer = Json.read(response.body(), JsonNode.class);
        if (answer.path("FailedEntryCount").asInt(0) > 0) {
            JsonNode failed = answer.path("Entries").path(0);
            throw new IllegalStateException("EventBridge refused " + event.detailType() + " " + event.eventId() + ": "
                    + failed.path("ErrorCode").asText() + " "
                    + failed.path("ErrorMessage").asText());
        }
    }

    private synchronized HttpResponse<String> send(byte[] body) {
        if (region == null) {
            region = new DefaultAwsRegionProviderChain().getRegion();
            credentials = DefaultCredentialsProvider.builder().build();
        }
        URI uri = URI.create(endpoint.orElse("https://events." + region.id() + ".amazonaws.com"));
        SdkHttpRequest unsigned = SdkHttpRequest.builder()
                .method(SdkHttpMethod.POST)
                .uri(uri)
                .encodedPath(uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                .putHeader("Content-Type", "application/x-amz-json-1.1")
                .putHeader("X-Amz-Target", "AWSEvents.PutEvents")
                .build();
        AwsCredentialsIdentity identity = credentials.resolveCredentials();
        SignedRequest signed = signer.sign(r -> r.identity(identity)
                .request(unsigned)
                .payload(ContentStreamProvider.fromByteArray(body))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "events")
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id()));
        HttpRequest.Builder request = HttpRequest.newBuilder(signed.request().getUri())
                .timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        signed.request().forEachHeader((name, values) -> {
            if (!name.equalsIgnoreCase("Host") && !name.equalsIgnoreCase("Content-Length")) {
                values.forEach(v -> request.header(name, v));
            }
        });
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("EventBridge PutEvents: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while putting an event", e);
        }
    }
}
