package com.refundpipeline.localstack.aws;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.pekko.actor.ActorRef;
import org.apache.pekko.actor.ActorSystem;
import org.apache.pekko.actor.Props;
import org.apache.pekko.pattern.Patterns;
import org.elasticmq.Limits;
import org.elasticmq.NodeAddress;
import org.elasticmq.actor.QueueManagerActor;
import org.elasticmq.actor.queue.QueueEvent;
import org.elasticmq.persistence.sql.SqlQueuePersistenceActor;
import org.elasticmq.persistence.sql.SqlQueuePersistenceConfig;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import org.elasticmq.rest.sqs.TheSQSRestServerBuilder;
import org.elasticmq.util.NowProvider;
import scala.Option;
import scala.util.Either;

/**
 * ElasticMQ as the local SQS, on a loopback port, with AWS's region and the account id the template's ARNs use, so
 * the ARNs it reports are the ones the template resolves to. With a data directory, queues and their messages are
 * kept in an H2 database there (ElasticMQ's own SQL persistence), so messages in flight survive a restart along
 * with the tables.
 */
public final class ElasticMq implements AutoCloseable {

    /** Held so that the level set on it stays set. */
    private static final Logger PEKKO_LOG = Logger.getLogger("org.apache.pekko");

    private final SQSRestServer server;
    private final ActorSystem actorSystem;
    private final int port;

    private ElasticMq(SQSRestServer server, ActorSystem actorSystem, int port) {
        this.server = server;
        this.actorSystem = actorSystem;
        this.port = port;
    }

    /** @param dataDir where queues and messages are kept, or null to keep them in memory */
    public static ElasticMq start(int port, String region, String accountId, Path dataDir) throws Exception {
        return start(port, port, region, accountId, dataDir);
    }

    /** @param advertisedPort the port in the queue URLs it names (a proxy's in front of it, or its own) */
    public static ElasticMq start(int port, int advertisedPort, String region, String accountId, Path dataDir)
            throws Exception {
        // The stack stops ElasticMQ itself, in order; Pekko's own JVM hook would only warn that it came too late.
        System.setProperty("pekko.coordinated-shutdown.run-by-jvm-shutdown-hook", "off");
        TheSQSRestServerBuilder builder = SQSRestServerBuilder.withInterface("127.0.0.1")
                .withPort(port)
                .withServerAddress(new NodeAddress("http", "127.0.0.1", advertisedPort, ""))
                .withAWSRegion(region)
                .withAWSAccountId(accountId);
        ActorSystem system = null;
        if (dataDir != null) {
            Files.createDirectories(dataDir);
            system = ActorSystem.create("elasticmq");
            SqlQueuePersistenceConfig config = SqlQueuePersistenceConfig.apply(
                    true,
                    "org.h2.Driver",
                    "jdbc:h2:" + dataDir.toAbsolutePath().resolve("queues")
                            // H2 would close the database in its own shutdown hook, before ElasticMQ's last writes.
                            + ";DB_CLOSE_ON_EXIT=FALSE",
                    "sa",
                    "",
                    false);
            ActorRef store = system.actorOf(Props.create(
                    SqlQueuePersistenceActor.class,
                    () -> new SqlQueuePersistenceActor(config, scala.collection.immutable.List$.MODULE$.empty())));
            Limits limits = SQSRestServerBuilder.sqsLimits();
            ActorRef queues = system.actorOf(Props.create(
                    QueueManagerActor.class,
                    () -> new QueueManagerActor(new NowProvider(), limits, Option.apply(store))));
            Object restored = Patterns.ask(store, new QueueEvent.Restore(queues), Duration.ofSeconds(30))
                    .toCompletableFuture()
                    .get(30, TimeUnit.SECONDS);
            if (restored instanceof Either<?, ?> either && either.isLeft()) {
                throw new IllegalStateException("ElasticMQ could not restore its queues from " + dataDir + ": "
                        + either.left().get());
            }
            builder = builder.withActorSystem(system)
                    .withQueueManagerActor(queues)
                    .withQueueEventListener(store);
        }
        SQSRestServer server = builder.start();
        server.waitUntilStarted();
        return new ElasticMq(server, system, port);
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void close() {
        // Long polls still open when the server stops end in errors Pekko logs; at a stop they are expected.
        PEKKO_LOG.setLevel(Level.OFF);
        try {
            // Not stopAndWait: that lets open long polls run out first, seconds the stack need not wait for.
            server.stopAndGetFuture().apply();
            if (actorSystem != null) {
                actorSystem.terminate();
            }
        } catch (RuntimeException e) {
            // Stopping is best effort; the JVM is about to exit anyway.
        }
    }
}
