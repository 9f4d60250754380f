package com.refundpipeline.payout.stripe;

import com.fasterxml.jackson.databind.JsonNode;
import com.refundpipeline.json.Json;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

/**
 * Secrets for the Stripe adapter: given in the environment for local runs, or read once from AWS Secrets Manager
 * by id, so that neither the template nor the function's configuration holds them in clear. Values are never
 * logged and never put in an exception message.
 */
public final class Secrets {

    private final Function<String, String> source;
    private final ConcurrentHashMap<String, String> cache = new ConcurrentHashMap<>();

    public Secrets() {
        this(Secrets::fromSecretsManager);
    }

    /** @param source reads a secret's text by id (Secrets Manager in the functions; a map in tests) */
    public Secrets(Function<String, String> source) {
        this.source = source;
    }

    /**
     * The value given directly, else the field {@code jsonField} of the secret {@code secretId} (or its whole text
     * when it is not JSON).
     *
     * @throws IllegalStateException naming the variables to set, when neither is given
     */
    public String resolve(Optional<String> direct, Optional<String> secretId, String jsonField, String variables) {
        Optional<String> given = direct.filter(v -> !v.isBlank());
        if (given.isPresent()) {
            return given.get();
        }
        String id = secretId.filter(v -> !v.isBlank())
                .orElseThrow(() -> new IllegalStateException("set " + variables + " for this function"));
        return cache.computeIfAbsent(id + "#" + jsonField, k -> extract(source.apply(id), jsonField, id));
    }

    private static String fromSecretsManager(String id) {
        try (SecretsManagerClient client = SecretsManagerClient.builder()
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            return client.getSecretValue(get -> get.secretId(id)).secretString();
        }
    }

    private static String extract(String text, String field, String id) {
        if (text == null || text.isBlank()) {
            throw new IllegalStateException("secret " + id + " is empty");
        }
        String trimmed = text.trim();
        if (!trimmed.startsWith("{")) {
            return trimmed;
        }
        JsonNode value = Json.read(trimmed, JsonNode.class).path(field);
        if (!value.isTextual() || value.asText().isBlank()) {
            throw new IllegalStateException("secret " + id + " has no \"" + field + "\" field");
        }
        return value.asText();
    }
}
