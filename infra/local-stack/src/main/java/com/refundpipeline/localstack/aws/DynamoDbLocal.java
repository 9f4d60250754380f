package com.refundpipeline.localstack.aws;

import com.amazonaws.services.dynamodbv2.local.main.ServerRunner;
import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** DynamoDB Local as a real HTTP server inside the stack's JVM: in memory, or in a folder that survives restarts. */
public final class DynamoDbLocal implements AutoCloseable {

    private final DynamoDBProxyServer server;
    private final int port;

    private DynamoDbLocal(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.port = port;
    }

    /**
     * @param dataDir      where the tables are kept, or null to keep them in memory
     * @param nativeLibDir the folder with sqlite4java's native libraries, which DynamoDB Local stores tables with
     *                     (in memory too)
     */
    public static DynamoDbLocal start(int port, Path dataDir, Path nativeLibDir) throws Exception {
        System.setProperty(
                "sqlite4java.library.path", nativeLibDir.toAbsolutePath().toString());
        List<String> args = new ArrayList<>(List.of("-port", Integer.toString(port), "-sharedDb", "-disableTelemetry"));
        if (dataDir == null) {
            args.add("-inMemory");
        } else {
            Files.createDirectories(dataDir);
            args.addAll(List.of("-dbPath", dataDir.toAbsolutePath().toString()));
        }
        DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
        server.start();
        return new DynamoDbLocal(server, port);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            // Stopping is best effort; the JVM is about to exit anyway.
        }
    }
}
