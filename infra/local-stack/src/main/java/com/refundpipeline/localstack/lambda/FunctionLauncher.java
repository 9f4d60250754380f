package com.refundpipeline.localstack.lambda;

import com.refundpipeline.localstack.template.StackTemplate;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Builds the command of a function process the way the java21 managed runtime runs a function: the runtime
 * interface client (and aws-lambda-java-core) on the system class path, the handler as its argument, and the
 * working directory the unpacked function.zip. The client loads the function's classes itself, from the working
 * directory and its lib/*.jar, in a class loader of its own, as on Lambda; the function's jars are also on the class
 * path after the client's, so that the JVM's own loader owns them and an AOT cache can hold them (docs/adr/0060).
 * A function.zip holding a {@code bootstrap} (the native build) runs as provided.al2023 runs it.
 */
public final class FunctionLauncher {

    public static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    private final Path java;
    private final Path runtimeDir;
    private final Path taskRoot;
    private final Path jniLibrary;
    private final Path classDataDir;
    private final Map<String, String> stackEnvironment;
    private final Startup startup;
    private final ClassData classData;
    private volatile String artifactDigest;
    private final List<String> extraJvmOptions;

    private static final String AOT_OUTPUT = "-XX:AOTCacheOutput=";
    /** What a training run's output is named after its cache's name, until it is published. */
    private static final String TRAINING = ".training-";

    /**
     * How a function's JVM reuses what its previous run loaded. The function's jars are on the class path (after the
     * runtime client's) in every mode, so that they are loaded by the JVM's own application loader, the only one
     * whose classes an archive or cache can hold; see docs/adr/0060-function-start-up.md.
     */
    public enum ClassData {
        /** Nothing kept: every start loads, verifies and links every class again. */
        NONE,
        /** A dynamic class-data sharing archive, written when the function exits and read at its next start. */
        CDS,
        /**
         * JDK 25's ahead-of-time cache (JEP 483/514/515): classes loaded and linked, and method profiles, from a
         * training run (the function's last run without a cache); much more than CDS keeps. The default on JDK 25+.
         */
        AOT;

        public static ClassData forRuntime() {
            return Runtime.version().feature() >= 25 ? AOT : CDS;
        }
    }

    /**
     * How a function JVM starts.
     *
     * @param classData           what it reuses from its previous run
     * @param functionOnClassPath whether the function's jars are on the class path too (what lets an archive or
     *                            cache hold the function's classes; without, only the JDK's and the client's)
     * @param c1Only              -XX:TieredStopAtLevel=1, as the template's java21 JAVA_TOOL_OPTIONS
     */
    public record Startup(ClassData classData, boolean functionOnClassPath, boolean c1Only) {

        /** What the stack runs unless told otherwise. */
        public static Startup standard() {
            return new Startup(ClassData.forRuntime(), true, true);
        }

        /** How the stack started functions before docs/adr/0060: CDS only, the function's classes outside it. */
        public static Startup previous() {
            return new Startup(ClassData.CDS, false, false);
        }
    }

    /**
     * @param java             the java executable (the JDK running the stack)
     * @param runtimeDir       folder of the runtime interface client's jars
     * @param taskRoot         the unpacked artifact, as /var/task on Lambda
     * @param jniLibrary       the client's JNI library, unpacked by {@link RuntimeClientLibrary}
     * @param classDataDir     where each function keeps its class data sharing archive between runs, or null
     * @param stackEnvironment what the stack adds to every function's environment: region, credentials, endpoints
     */
    public FunctionLauncher(
            Path java,
            Path runtimeDir,
            Path taskRoot,
            Path jniLibrary,
            Path classDataDir,
            Map<String, String> stackEnvironment) {
        this(java, runtimeDir, taskRoot, jniLibrary, classDataDir, stackEnvironment, Startup.standard(), List.of());
    }

    private FunctionLauncher(
            Path java,
            Path runtimeDir,
            Path taskRoot,
            Path jniLibrary,
            Path classDataDir,
            Map<String, String> stackEnvironment,
            Startup startup,
            List<String> extraJvmOptions) {
        this.startup = startup;
        this.classData = classDataDir == null ? ClassData.NONE : startup.classData();
        this.extraJvmOptions = List.copyOf(extraJvmOptions);
        this.classDataDir = classDataDir;
        this.java = java;
        this.runtimeDir = runtimeDir;
        this.taskRoot = taskRoot;
        this.jniLibrary = jniLibrary;
        this.stackEnvironment = Map.copyOf(stackEnvironment);
    }

    /** The same launcher starting JVMs another way (the bench compares them), with extra JVM options (JFR). */
    public FunctionLauncher with(Startup other, List<String> jvmOptions) {
        return new FunctionLauncher(
                java, runtimeDir, taskRoot, jniLibrary, classDataDir, stackEnvironment, other, jvmOptions);
    }

    /** The same launcher, its JVMs given extra options as well (the bench's JFR recordings). */
    public FunctionLauncher withJvmOptions(List<String> jvmOptions) {
        return with(startup, jvmOptions);
    }

    public Startup startup() {
        return startup;
    }

    public Path taskRoot() {
        return taskRoot;
    }

    /** Whether the artifact is the native build: a {@code bootstrap} executable, as provided.al2023 runs. */
    public boolean runsNative() {
        return Files.isRegularFile(taskRoot.resolve("bootstrap")) && !Files.isDirectory(taskRoot.resolve("lib"));
    }

    public static Path currentJava() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    ProcessBuilder command(StackTemplate.Function function, String runtimeApi, String functionArn, int incarnation) {
        return command(function, runtimeApi, functionArn, incarnation, true);
    }

    /**
     * @param writesClassData whether this process (re)writes the function's class data archive when it exits; of
     *                        several instances of a function only the first does, the others only read it, so that
     *                        no two processes write the same archive at once
     */
    ProcessBuilder command(
            StackTemplate.Function function,
            String runtimeApi,
            String functionArn,
            int incarnation,
            boolean writesClassData) {
        List<String> command = new ArrayList<>();
        if (runsNative()) {
            // provided.al2023: Lambda starts the artifact's bootstrap, which finds the Runtime API in its environment.
            command.add(taskRoot.resolve("bootstrap").toAbsolutePath().toString());
        } else {
            command.addAll(jvm(function, writesClassData));
        }
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.directory(taskRoot.toFile());
        builder.redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        String path = env.getOrDefault("PATH", "/usr/local/bin:/usr/bin:/bin");
        // A Lambda function sees only what Lambda and its configuration set, not the developer's shell.
        env.clear();
        env.putAll(environment(function, runtimeApi, functionArn, incarnation));
        env.put("PATH", path);
        return builder;
    }

    private List<String> jvm(StackTemplate.Function function, boolean writesClassData) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        // As the managed runtime: serial GC and a heap sized from the configured memory, so that a function that
        // fits locally fits there.
        command.add("-XX:+UseSerialGC");
        command.add("-XX:MaxHeapSize=" + (function.memorySize() * 85L / 100) + "m");
        // As the template's JAVA_TOOL_OPTIONS for java21: C1 only. These functions are short and wait on I/O; C2's
        // compilations cost CPU that a 2-core machine running several function JVMs does not have at start.
        if (startup.c1Only()) {
            command.add("-XX:TieredStopAtLevel=1");
        }
        command.addAll(classDataOptions(function, writesClassData));
        command.add("-Djava.net.preferIPv4Stack=true");
        command.add("-D" + RuntimeClientLibrary.PROPERTY + "=" + jniLibrary.toAbsolutePath());
        // The client loads its JNI library; newer JDKs warn about that (and about sun.misc.Unsafe) unless allowed.
        command.add("--enable-native-access=ALL-UNNAMED");
        if (Runtime.version().feature() >= 23) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(extraJvmOptions);
        command.add("-cp");
        command.add(classPath());
        command.add(RIC_MAIN);
        command.add(function.handler());
        return command;
    }

    /**
     * The runtime interface client's jars, then the function's (its classes and lib/*.jar, as the client's own
     * class loader would read them). The client still loads the handler through its class loader, which asks the
     * application loader first and so gets the same classes: archived, cached and linked ahead of time when the
     * mode allows. On Lambda the function's jars are not on the class path; a class missing from function.zip
     * fails here as there, since nothing else supplies it.
     */
    private String classPath() {
        List<String> entries = new ArrayList<>();
        entries.add(runtimeDir.toAbsolutePath() + "/*");
        if (startup.functionOnClassPath()) {
            Path jar = TaskRoot.classesJar(taskRoot.toAbsolutePath());
            entries.add(
                    Files.isRegularFile(jar)
                            ? jar.toString()
                            : taskRoot.toAbsolutePath().toString());
            if (Files.isDirectory(taskRoot.resolve("lib"))) {
                entries.add(taskRoot.toAbsolutePath().resolve("lib") + "/*");
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /**
     * Whether the JVM can write an archive or cache of this class path: not with a non-empty folder on it, so only
     * when the function's classes are not on it or come from the jar of a kept task root ({@link TaskRoot#of(Path,
     * Path)}).
     */
    private boolean canArchive() {
        return !startup.functionOnClassPath() || Files.isRegularFile(TaskRoot.classesJar(taskRoot.toAbsolutePath()));
    }

    private List<String> classDataOptions(StackTemplate.Function function, boolean writesClassData) {
        List<String> options = new ArrayList<>();
        switch (canArchive() ? classData : ClassData.NONE) {
            case NONE -> options.add("-Xshare:auto");
            case CDS -> {
                // An archive of the classes a function loaded last time (written when it exits, remade when the JDK
                // or the jars change) makes the next start much cheaper.
                options.add("-Xshare:auto");
                Path archive = classDataDir
                        .toAbsolutePath()
                        .resolve(function.localName() + (startup.functionOnClassPath() ? "-app" : "") + ".jsa");
                if (writesClassData) {
                    options.add("-XX:+AutoCreateSharedArchive");
                    options.add("-XX:SharedArchiveFile=" + archive);
                } else if (Files.isRegularFile(archive)) {
                    options.add("-XX:SharedArchiveFile=" + archive);
                }
            }
            case AOT -> {
                // A cache is used when it exists for exactly this JDK, these jars at this path and these flags (its
                // name holds their digest, and the JVM checks the class path again). Otherwise the first instance
                // trains one: it records what it loads and profiles, and at its exit the JVM assembles the cache
                // (in a child JVM it waits for). It writes under a name of its own, renamed to the cache's only
                // when the process exited as a stopped JVM does (publishTrainedCache): a killed or crashed
                // training leaves no cache, and no reader ever sees a half-written one.
                Path cache = aotCache(function);
                if (Files.isRegularFile(cache)) {
                    options.add("-XX:AOTCache=" + cache);
                } else if (writesClassData) {
                    removeStaleCaches(function, cache);
                    options.add(AOT_OUTPUT + cache + TRAINING + UUID.randomUUID());
                }
                // An unusable cache (another JVM build, a changed jar) is only a slower start, never a failure.
                options.add("-XX:AOTMode=auto");
                options.add("-Xlog:aot=off,cds=off");
            }
        }
        return options;
    }

    /**
     * After a function process exited: when it trained an AOT cache and exited as a JVM that was asked to stop
     * does (0, or 143 for SIGTERM), its output becomes the function's cache; otherwise the output is removed.
     * Safe to call more than once for the same process.
     */
    public static void publishTrainedCache(List<String> command, int exitStatus) {
        for (String option : command) {
            if (!option.startsWith(AOT_OUTPUT)) {
                continue;
            }
            Path output = Path.of(option.substring(AOT_OUTPUT.length()));
            String name = output.getFileName().toString();
            Path cache = output.resolveSibling(name.substring(0, name.indexOf(TRAINING)));
            try {
                if ((exitStatus == 0 || exitStatus == 143) && Files.isRegularFile(output)) {
                    Files.move(output, cache, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } else {
                    Files.deleteIfExists(output);
                }
                // The training's record, which the JVM removes itself after a finished training.
                Files.deleteIfExists(output.resolveSibling(name + ".config"));
            } catch (IOException e) {
                // The next first instance trains again.
            }
        }
    }

    /** The function's AOT cache for this JDK and these jars: its name holds a digest of both. */
    Path aotCache(StackTemplate.Function function) {
        return classDataDir.toAbsolutePath().resolve(function.localName() + "-" + artifactDigest() + ".aot");
    }

    /**
     * A digest of what the cache depends on: the JDK, the start-up flags, and every jar and class of the class path
     * by absolute path, size and modification time (the runtime client's and the function's).
     */
    private String artifactDigest() {
        if (artifactDigest == null) {
            try {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                digest.update((Runtime.version() + " " + java + " " + startup).getBytes(StandardCharsets.UTF_8));
                Path jar = TaskRoot.classesJar(taskRoot.toAbsolutePath());
                digest.update((jar + ":" + Files.size(jar) + ":"
                                + Files.getLastModifiedTime(jar).toMillis() + "\n")
                        .getBytes(StandardCharsets.UTF_8));
                for (Path root : List.of(runtimeDir, taskRoot)) {
                    try (var files = Files.walk(root.toAbsolutePath())) {
                        for (Path file :
                                files.filter(Files::isRegularFile).sorted().toList()) {
                            digest.update((file + ":" + Files.size(file) + ":"
                                            + Files.getLastModifiedTime(file).toMillis() + "\n")
                                    .getBytes(StandardCharsets.UTF_8));
                        }
                    }
                }
                artifactDigest = HexFormat.of().formatHex(digest.digest(), 0, 6);
            } catch (IOException | NoSuchAlgorithmException e) {
                artifactDigest = "unknown";
            }
        }
        return artifactDigest;
    }

    /** Removes the function's caches for other JDKs or jars, and trainings that never finished, not ours. */
    private void removeStaleCaches(StackTemplate.Function function, Path keep) {
        Pattern mine = Pattern.compile(
                Pattern.quote(function.localName()) + "-[0-9a-f]{12}\\.aot(" + Pattern.quote(TRAINING) + ".*)?");
        try (var files = Files.list(classDataDir)) {
            for (Path old : files.filter(
                            f -> mine.matcher(f.getFileName().toString()).matches()
                                    && !f.equals(keep)
                                    && !f.getFileName().toString().startsWith(keep.getFileName() + TRAINING))
                    .toList()) {
                Files.deleteIfExists(old);
            }
        } catch (IOException e) {
            // A leftover cache only takes disk space.
        }
    }

    /** The function's environment: the template's variables, then the reserved ones Lambda sets. */
    Map<String, String> environment(
            StackTemplate.Function function, String runtimeApi, String functionArn, int incarnation) {
        Map<String, String> env = new LinkedHashMap<>(function.environment());
        env.putAll(stackEnvironment);
        env.put("AWS_LAMBDA_RUNTIME_API", runtimeApi);
        env.put("AWS_LAMBDA_FUNCTION_NAME", function.functionName());
        env.put("AWS_LAMBDA_FUNCTION_MEMORY_SIZE", Integer.toString(function.memorySize()));
        env.put("AWS_LAMBDA_FUNCTION_VERSION", "$LATEST");
        env.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        env.put("AWS_LAMBDA_LOG_GROUP_NAME", "/aws/lambda/" + function.functionName());
        env.put("AWS_LAMBDA_LOG_STREAM_NAME", "local/" + incarnation);
        env.put("AWS_EXECUTION_ENV", "AWS_Lambda_" + function.runtime());
        env.put("_HANDLER", function.handler());
        env.put("LAMBDA_TASK_ROOT", taskRoot.toAbsolutePath().toString());
        env.put("LAMBDA_RUNTIME_DIR", runtimeDir.toAbsolutePath().toString());
        env.put("TZ", ":UTC");
        env.put("LANG", "en_US.UTF-8");
        return env;
    }
}
