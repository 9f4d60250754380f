package com.refundpipeline.localstack.aws;

import java.net.URI;

import org.elasticmq.NodeAddress;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;

/**
 * ElasticMQ as the local SQS, on a loopback port, with AWS's region and the account id the template's ARNs use, so
 * the ARNs it reports are the ones the template resolves to.
 */
public final class ElasticMq implements AutoCloseable {

    private final SQSRestServer server;
    private final int port;

    private ElasticMq(SQSRestServer server, int port) {
        this.server = server;
        this.port = port;
    }

    public static ElasticMq start(int port, String region, String accountId) {
        // The stack stops ElasticMQ itself, in order; Pekko's own JVM hook would only warn that it came too late.
        System.setProperty("pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", "off");
        SQSRestServer server = SQSRestServerBuilder
                .withInterface("127.0.0.1")
                .withPort(port)
                .withServerAddress(new NodeAddress("http", "127.0.0.1", port, ""))
                .withAWSRegion(region)
                .withAWSAccountId(accountId)
                .start();
        server.waitUntilStarted();
        return new ElasticMq(server, port);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        try {
            // Not stopAndWait: that lets open long polls run out first, seconds the stack need not wait for.
            server.stopAndGetFuture();
        } catch (RuntimeException e) {
            // Stopping is best effort; the JVM is about to exit anyway.
        }
    }
}
