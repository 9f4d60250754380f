package com.refundpipeline.localstack;

import com.refundpipeline.localstack.aws.AwsClients;
import com.refundpipeline.localstack.aws.CustomerChannels;
import com.refundpipeline.localstack.aws.DefaultEventBus;
import com.refundpipeline.localstack.aws.DynamoDbLocal;
import com.refundpipeline.localstack.aws.ElasticMq;
import com.refundpipeline.localstack.aws.FreePort;
import com.refundpipeline.localstack.aws.LocalSecrets;
import com.refundpipeline.localstack.aws.Provisioner;
import com.refundpipeline.localstack.events.EventSourceMapping;
import com.refundpipeline.localstack.events.FunctionUrlGateway;
import com.refundpipeline.localstack.events.Schedules;
import com.refundpipeline.localstack.events.SqsEventSourceMapping;
import com.refundpipeline.localstack.lambda.FunctionLauncher;
import com.refundpipeline.localstack.lambda.LocalFunction;
import com.refundpipeline.localstack.lambda.RuntimeClientLibrary;
import com.refundpipeline.localstack.lambda.TaskRoot;
import com.refundpipeline.localstack.streams.LocalStreams;
import com.refundpipeline.localstack.template.LocalEndpoints;
import com.refundpipeline.localstack.template.StackTemplate;
import com.refundpipeline.localstack.template.TemplateReader;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The whole pipeline on one machine, from the SAM template. Startup runs everything that does not depend on
 * something else at once: the function processes boot (the slowest part) while DynamoDB Local and ElasticMQ start
 * and the tables and queues are created, since every address is chosen before anything starts.
 */
public final class LocalStack implements AutoCloseable {

    /** How long startup waits for every function's first process to finish its init. */
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private static final String REGION = LocalEndpoints.DEFAULT_REGION;
    private static final String ACCOUNT = LocalEndpoints.DEFAULT_ACCOUNT;

    private final Options options;
    private final StackHome home;
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "local-stack-timer");
        t.setDaemon(true);
        return t;
    });
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final List<LocalFunction> functions = new ArrayList<>();
    private final List<EventSourceMapping> mappings = new ArrayList<>();
    private volatile boolean closed;
    private FunctionUrlGateway gateway;
    private StackTemplate template;
    private LocalEndpoints endpoints;
    private Duration startup;
    private URI dynamoDbEndpoint;
    private CustomerChannels customerChannels;
    private com.refundpipeline.localstack.aws.StoreEventBus storeEvents;
    private LocalSecrets secrets;
    private Interposer interposer = (service, server) -> server;
    private Interposer channelsInterposer = (service, server) -> server;
    private Map<String, String> extraEnvironment = Map.of();
    private int minimumTimeoutSeconds;

    /** Puts something between the servers and everyone who calls them (the bench counts calls there). */
    public interface Interposer {
        /** @return the address callers use instead of {@code server}, for service "dynamodb" or "sqs" */
        URI interpose(String service, URI server) throws IOException;
    }

    public LocalStack(Options options, StackHome home) {
        this.options = options;
        this.home = home;
    }

    /** Before {@link #start}: DynamoDB and SQS callers (functions, pollers, provisioning) use what it returns. */
    public LocalStack interposing(Interposer interposer) {
        this.interposer = interposer;
        return this;
    }

    /**
     * Before {@link #start}: function processes reach the SES/SNS stand-in ("customer-channels") through what it
     * returns (the chaos run's faults); the bench's counting proxy is not put there.
     */
    public LocalStack interposingChannels(Interposer interposer) {
        this.channelsInterposer = interposer;
        return this;
    }

    /** Before {@link #start}: variables every function process gets on top of the template's (the chaos run's). */
    public LocalStack withEnvironment(Map<String, String> environment) {
        this.extraEnvironment = Map.copyOf(environment);
        return this;
    }

    /**
     * Before {@link #start}: functions whose template timeout is shorter run with this one. For the chaos run on a
     * starved machine only: there a restarted process's first, cold invocation can take longer than the template's
     * 15 s, the timeout kills it, and the next process is as cold (a restart loop no retry gets through).
     */
    public LocalStack withMinimumTimeout(Duration timeout) {
        this.minimumTimeoutSeconds = (int) timeout.toSeconds();
        return this;
    }

    public LocalStack start() throws Exception {
        long t0 = System.nanoTime();
        gateway = own(new FunctionUrlGateway(options.port(), ACCOUNT));
        int dynamoDbPort = options.dynamoDbPort() == 0 ? FreePort.pick() : options.dynamoDbPort();
        int sqsPort = options.sqsPort() == 0 ? FreePort.pick() : options.sqsPort();
        dynamoDbEndpoint = interposer.interpose("dynamodb", URI.create("http://127.0.0.1:" + dynamoDbPort));
        URI sqsEndpoint = interposer.interpose("sqs", URI.create("http://127.0.0.1:" + sqsPort));

        // Every address is known now, so the three slow parts run side by side: the servers boot on their own
        // threads while the template is read and the function processes start (Quarkus does not touch its tables
        // or queues during init, so they need not exist yet).
        CompletableFuture<DynamoDbLocal> dynamoDb = startDynamoDb(dynamoDbPort);
        CompletableFuture<ElasticMq> elasticMq = startElasticMq(sqsPort, sqsEndpoint.getPort());
        String stage = options.parameters().getOrDefault("Stage", TemplateReader.DEFAULT_STAGE);
        // AWS::StackName: what `sam deploy` of this project is called for a stage.
        endpoints = new LocalEndpoints(
                REGION, ACCOUNT, "refunds-" + stage, sqsEndpoint, URI.create("http://localhost:" + gateway.port()));
        Path templateFile = options.templateOrDefault(home);
        template = new TemplateReader(endpoints, options.parameters()).read(templateFile);
        for (String name : options.instances().keySet()) {
            if (!name.equals(Options.ALL_FUNCTIONS)
                    && template.functions().stream()
                            .noneMatch(f -> f.localName().equals(name))) {
                throw new Options.UsageException("--instances " + name + ": the template has no such function; it has "
                        + template.functions().stream()
                                .map(StackTemplate.Function::localName)
                                .toList());
            }
        }
        customerChannels = own(CustomerChannels.start());
        // The store's event bus and the sandbox carrier's labels, viewable on the gateway (ADR 0034).
        storeEvents = own(com.refundpipeline.localstack.aws.StoreEventBus.start());
        gateway.standIn("store-events", storeEvents::list);
        // What the SES and SNS stand-in received, for a demo to read the customer's messages whole.
        gateway.standIn("customer-messages", customerChannels::list);
        gateway.standIn("sandbox-carrier", com.refundpipeline.localstack.aws.SandboxCarrier::serve);
        Console.widenTo("customer-channels".length());
        secrets = own(LocalSecrets.start(
                secretNames(), options.secrets(), "arn:aws:secretsmanager:" + REGION + ":" + ACCOUNT + ":secret:"));
        Console.info("read " + templateFile + ": " + template.tables().size() + " tables, "
                + template.queues().size()
                + " queues, " + template.functions().size() + " functions (stage "
                + template.parameters().get("Stage") + ")");
        launchFunctions(templateFile, sqsEndpoint);

        dynamoDb.get();
        elasticMq.get();
        DynamoDbClient dynamoDbClient = own(AwsClients.dynamoDb(dynamoDbEndpoint, REGION));
        SqsClient sqs = own(AwsClients.sqs(sqsEndpoint, REGION));
        Provisioner provisioner = new Provisioner(dynamoDbClient, sqs);
        CompletableFuture<Void> tables = CompletableFuture.runAsync(() -> provisioner.createTables(template.tables()));
        provisioner.createQueues(queuesAsConfigured());
        tables.get();

        connectEvents(sqs);
        mappings.addAll(own(LocalStreams.start(
                        templateFile, template, dynamoDbClient, dynamoDbEndpoint, sqs, functions, REGION))
                .mappings());
        awaitReady();
        startup = Duration.ofNanos(System.nanoTime() - t0);
        return this;
    }

    private CompletableFuture<DynamoDbLocal> startDynamoDb(int port) {
        Path dir = options.dataDir() == null ? null : options.dataDir().resolve("dynamodb");
        CompletableFuture<DynamoDbLocal> started = CompletableFuture.supplyAsync(
                () -> unchecked(() -> DynamoDbLocal.start(port, dir, home.nativeLibDir())));
        // Owned as soon as it is up, so that a failed start still stops it.
        return started.thenApply(server -> {
            own(server);
            Console.info("DynamoDB Local up on " + server.endpoint()
                    + (dir == null ? " (in memory)" : " (tables in " + dir + ")"));
            return server;
        });
    }

    private CompletableFuture<ElasticMq> startElasticMq(int port, int advertisedPort) {
        Path dir = options.dataDir() == null ? null : options.dataDir().resolve("sqs");
        CompletableFuture<ElasticMq> started = CompletableFuture.supplyAsync(
                () -> unchecked(() -> ElasticMq.start(port, advertisedPort, REGION, ACCOUNT, dir)));
        return started.thenApply(server -> {
            own(server);
            Console.info("ElasticMQ up on " + server.endpoint()
                    + (dir == null ? " (in memory)" : " (queues and messages in " + dir + ")"));
            return server;
        });
    }

    /** Starts one process per function; functions with the same artifact share one unpacked copy of it. */
    private void launchFunctions(Path templateFile, URI sqsEndpoint) throws IOException {
        template.functions().forEach(f -> Console.widenTo(f.localName().length()));
        Map<String, String> stackEnv = new LinkedHashMap<>();
        stackEnv.put("AWS_REGION", REGION);
        stackEnv.put("AWS_DEFAULT_REGION", REGION);
        stackEnv.put("AWS_ACCESS_KEY_ID", AwsClients.ACCESS_KEY);
        stackEnv.put("AWS_SECRET_ACCESS_KEY", AwsClients.SECRET_KEY);
        stackEnv.put("QUARKUS_DYNAMODB_ENDPOINT_OVERRIDE", dynamoDbEndpoint.toString());
        stackEnv.put("QUARKUS_SQS_ENDPOINT_OVERRIDE", sqsEndpoint.toString());
        // The SDK's own variables too, for any client not configured through Quarkus.
        stackEnv.put("AWS_ENDPOINT_URL_DYNAMODB", dynamoDbEndpoint.toString());
        stackEnv.put("AWS_ENDPOINT_URL_SQS", sqsEndpoint.toString());
        // Customer email and SMS reach the local stand-in, not AWS (a SesEndpoint/SnsEndpoint parameter still wins).
        URI channels = channelsInterposer.interpose("customer-channels", customerChannels.endpoint());
        stackEnv.put("AWS_ENDPOINT_URL_SESV2", channels.toString());
        stackEnv.put("AWS_ENDPOINT_URL_SNS", channels.toString());
        // replacement.requested goes to the local bus stand-in (GET /store-events lists what it received).
        stackEnv.put("AWS_ENDPOINT_URL_EVENTBRIDGE", storeEvents.endpoint().toString());
        // Secrets (the Stripe key, the webhook signing secret) come from the local stand-in for Secrets Manager.
        stackEnv.put("AWS_ENDPOINT_URL_SECRETS_MANAGER", secrets.endpoint().toString());
        // The sandbox carrier's labels are served by the gateway, on whatever port it listens.
        stackEnv.put(
                "REFUNDS_RETURNS_SANDBOX_LABEL_BASE",
                "http://localhost:" + gateway.port() + "/sandbox-carrier/labels/");
        stackEnv.putAll(extraEnvironment);

        Path workDir = Files.createTempDirectory("refund-local-stack-");
        own(() -> TaskRoot.delete(workDir));
        Path jniLibrary = RuntimeClientLibrary.unpack(home.lambdaRuntimeDir(), workDir);
        Map<Path, FunctionLauncher> launchers = new LinkedHashMap<>();
        for (StackTemplate.Function declared : template.functions()) {
            StackTemplate.Function spec = declared.timeoutSeconds() >= minimumTimeoutSeconds
                    ? declared
                    : new StackTemplate.Function(
                            declared.logicalId(),
                            declared.functionName(),
                            declared.localName(),
                            declared.handler(),
                            declared.runtime(),
                            minimumTimeoutSeconds,
                            declared.memorySize(),
                            declared.environment(),
                            declared.sqsEvents(),
                            declared.schedules(),
                            declared.url(),
                            declared.codeUri(),
                            declared.reservedConcurrency());
            Path artifact = options.artifact() != null
                    ? options.artifact()
                    : templateFile
                            .toAbsolutePath()
                            .getParent()
                            .resolve(spec.codeUri())
                            .normalize();
            FunctionLauncher launcher = launchers.get(artifact);
            if (launcher == null) {
                TaskRoot taskRoot = own(TaskRoot.of(artifact, home.classDataDir()));
                launcher = new FunctionLauncher(
                        FunctionLauncher.currentJava(),
                        home.lambdaRuntimeDir(),
                        taskRoot.dir(),
                        jniLibrary,
                        home.classDataDir(),
                        stackEnv);
                launchers.put(artifact, launcher);
                Console.info("functions artifact " + artifact);
            }
            LocalFunction function = new LocalFunction(
                    spec, endpoints.functionArn(spec.functionName()), launcher, timers, instances(spec));
            function.instanceNames().forEach(n -> Console.widenTo(n.length()));
            functions.add(function);
            function.start();
        }
    }

    /**
     * How many instances of a function run: as many as --instances asks (1 unless asked), never more than its
     * ReservedConcurrentExecutions, as Lambda never runs more than that at once.
     */
    private int instances(StackTemplate.Function spec) {
        int wanted = options.instancesOf(spec.localName());
        int instances = instancesFor(options, spec);
        if (instances < wanted) {
            Console.info(spec.localName() + ": " + instances + " instance" + (instances == 1 ? "" : "s") + ", not "
                    + wanted + ": its ReservedConcurrentExecutions is " + spec.reservedConcurrency());
        }
        return instances;
    }

    static int instancesFor(Options options, StackTemplate.Function spec) {
        int wanted = options.instancesOf(spec.localName());
        Integer reserved = spec.reservedConcurrency();
        return reserved != null && reserved < wanted ? reserved : wanted;
    }

    /** The secrets the functions are told to read: the values of their environment variables named *_SECRET_ID. */
    private List<String> secretNames() {
        return template.functions().stream()
                .flatMap(f -> f.environment().entrySet().stream())
                .filter(e -> e.getKey().endsWith("_SECRET_ID") && !e.getValue().isBlank())
                .map(Map.Entry::getValue)
                .distinct()
                .sorted()
                .toList();
    }

    /** Function URLs, SQS event source mappings and schedules, as the template's events say. */
    private void connectEvents(SqsClient sqs) {
        LocalConsole.attach(gateway, template, functions);
        // SES's events reach the queues the template's rules name, as EventBridge's default bus would (ADR 0063).
        customerChannels.publishEmailEventsTo(new DefaultEventBus(template, sqs));
        gateway.start(functions.stream().filter(f -> f.spec().url().isPresent()).toList());
        for (LocalFunction function : functions) {
            for (StackTemplate.SqsEvent event : function.spec().sqsEvents()) {
                if (!event.enabled()) {
                    Console.info(function.name() + ": SQS event " + event.eventName() + " is disabled in the template");
                    continue;
                }
                String queueName =
                        template.queue(event.queueLogicalId()).orElseThrow().name();
                SqsEventSourceMapping mapping = own(new SqsEventSourceMapping(event, queueName, function, sqs, REGION));
                mappings.add(mapping);
                mapping.start();
            }
            for (StackTemplate.Schedule schedule : function.spec().schedules()) {
                Schedules.start(schedule, function, endpoints, timers, options.scheduleEverySeconds());
            }
        }
    }

    /** The template's queues, with the visibility timeout the command line may have set for all of them. */
    private List<StackTemplate.Queue> queuesAsConfigured() {
        Integer visibility = options.visibilityTimeoutSeconds();
        if (visibility == null) {
            return template.queues();
        }
        Console.info("every queue's visibility timeout is " + visibility + " s (--visibility-timeout-seconds), not"
                + " the template's");
        return template.queues().stream()
                .map(q -> {
                    Map<String, String> attributes = new LinkedHashMap<>(q.attributes());
                    attributes.put("VisibilityTimeout", Integer.toString(visibility));
                    return new StackTemplate.Queue(q.logicalId(), q.name(), q.url(), q.arn(), attributes, q.redrive());
                })
                .toList();
    }

    private void awaitReady() throws InterruptedException, ExecutionException {
        CompletableFuture<?>[] ready =
                functions.stream().map(LocalFunction::ready).toArray(CompletableFuture[]::new);
        try {
            CompletableFuture.allOf(ready).get(READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            List<String> late = functions.stream()
                    .filter(f -> !f.ready().isDone())
                    .map(LocalFunction::name)
                    .toList();
            throw new IllegalStateException("functions not ready after " + READY_TIMEOUT.toSeconds() + " s: " + late
                    + " (see their output above)");
        }
        for (LocalFunction f : functions) {
            Console.info(String.format(
                    "%s ready (init %d ms)", f.name(), f.ready().get().toMillis()));
        }
    }

    private <T extends AutoCloseable> T own(T resource) {
        synchronized (resources) {
            resources.add(resource);
        }
        return resource;
    }

    public StackTemplate template() {
        return template;
    }

    public LocalEndpoints endpoints() {
        return endpoints;
    }

    public List<LocalFunction> functions() {
        return List.copyOf(functions);
    }

    public int port() {
        return gateway.port();
    }

    public URI functionUrl(String localName) {
        return URI.create(endpoints.functionUrl(localName));
    }

    public URI dynamoDbEndpoint() {
        return dynamoDbEndpoint;
    }

    /** What the SES and SNS stand-in answered so far and the time it took (the bench's provider wait). */
    public CustomerChannels.Usage customerChannelUsage() {
        return customerChannels.usage();
    }

    /**
     * Turns every event source mapping (the queues' and the streams') off or on, as {@code aws lambda
     * update-event-source-mapping --enabled} would: the bench measures submit-refund alone with them off, since on
     * Lambda the consumers would not share its CPUs.
     */
    public void eventSourceMappingsEnabled(boolean enabled) {
        mappings.forEach(m -> m.enabled(enabled));
    }

    /** The email and SMS the functions sent, as the local stand-in for SES and SNS received them. */
    public List<CustomerChannels.Sent> customerMessages() {
        return customerChannels.sent();
    }

    /** What the Secrets Manager stand-in holds: secret name to value. */
    public Map<String, String> secrets() {
        return secrets.values();
    }

    public URI secretsManagerEndpoint() {
        return secrets.endpoint();
    }

    public Duration startup() {
        return startup;
    }

    /** Stops everything, children first; safe to call twice and on a half-started stack. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        timers.shutdownNow();
        // Function processes stop in parallel, a thread each (not the common pool, which may run them one after
        // another): each may take a moment to exit, a JVM training its AOT cache up to 30 s.
        try (ExecutorService stopping = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<Void>> stops = functions.stream()
                    .map(f -> CompletableFuture.runAsync(f::close, stopping))
                    .toList();
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
        }
        List<AutoCloseable> owned;
        synchronized (resources) {
            owned = new ArrayList<>(resources);
        }
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                // Keep stopping the rest.
            }
        }
    }

    private interface ThrowingSupplier<T> {
        T get() throws Exception;
    }

    private static <T> T unchecked(ThrowingSupplier<T> supplier) {
        try {
            return supplier.get();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String describe(Throwable e) {
        Throwable cause = e;
        while ((cause instanceof ExecutionException || cause instanceof java.util.concurrent.CompletionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof IOException || cause.getMessage() != null ? cause.getMessage() : cause.toString();
    }
}
