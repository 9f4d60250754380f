package com.refundpipeline.policy;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jboss.logging.Logger;

/**
 * Loads the configured policy document once per function instance (at Lambda init, so a broken policy stops the
 * function before it decides anything) and checks it.
 */
public class PolicyLoader {

    private static final Logger LOG = Logger.getLogger(PolicyLoader.class);
    static final String CLASSPATH = "classpath:";

    @Produces
    @Singleton
    RefundPolicy policy(PolicyConfig config) {
        RefundPolicy policy = load(config.document()).withStoreConnection(config.storeConnected());
        LOG.infof(
                "refund policy %s (store %s) loaded from %s",
                policy.version(), policy.document().store(), config.document());
        return policy;
    }

    public static RefundPolicy load(String location) {
        return RefundPolicy.of(read(location));
    }

    static String read(String location) {
        try {
            if (location.startsWith(CLASSPATH)) {
                String resource = location.substring(CLASSPATH.length());
                try (InputStream in =
                        Thread.currentThread().getContextClassLoader().getResourceAsStream(resource)) {
                    if (in == null) {
                        throw new PolicyException("", "no policy document at " + location);
                    }
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            }
            return Files.readString(Path.of(location), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PolicyException("", "cannot read the policy document at " + location + ": " + e.getMessage());
        }
    }
}
