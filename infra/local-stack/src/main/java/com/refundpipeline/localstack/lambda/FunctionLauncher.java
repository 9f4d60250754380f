package com.refundpipeline.localstack.lambda;

import com.refundpipeline.localstack.template.StackTemplate;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the command of a function process the way the java21 managed runtime runs a function: the runtime
 * interface client (and aws-lambda-java-core) on the system class path, the handler as its argument, and the
 * working directory the unpacked function.zip. The client loads the function's classes itself, from the working
 * directory and its lib/*.jar, in a class loader of its own, exactly as on Lambda; so the function's artifact is
 * never on the class path and the client never in the function's artifact.
 */
public final class FunctionLauncher {

    public static final String RIC_MAIN = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    private final Path java;
    private final Path runtimeDir;
    private final Path taskRoot;
    private final Path jniLibrary;
    private final Path classDataDir;
    private final Map<String, String> stackEnvironment;

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
        this.classDataDir = classDataDir;
        this.java = java;
        this.runtimeDir = runtimeDir;
        this.taskRoot = taskRoot;
        this.jniLibrary = jniLibrary;
        this.stackEnvironment = Map.copyOf(stackEnvironment);
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
        command.add(java.toString());
        // As the managed runtime: serial GC and a heap sized from the configured memory, so that a function that
        // fits locally fits there.
        command.add("-XX:+UseSerialGC");
        command.add("-XX:MaxHeapSize=" + (function.memorySize() * 85L / 100) + "m");
        command.add("-Xshare:auto");
        if (classDataDir != null) {
            // Four JVMs booting Quarkus at once is most of the stack's startup on two cores. An archive of the
            // classes a function loaded last time (written when it exits, remade when the JDK or the jars change)
            // makes the next start much cheaper. The managed runtime does the same with SnapStart and its own CDS.
            Path archive = classDataDir.toAbsolutePath().resolve(function.localName() + ".jsa");
            if (writesClassData) {
                command.add("-XX:+AutoCreateSharedArchive");
                command.add("-XX:SharedArchiveFile=" + archive);
            } else if (Files.isRegularFile(archive)) {
                command.add("-XX:SharedArchiveFile=" + archive);
            }
        }
        command.add("-Djava.net.preferIPv4Stack=true");
        command.add("-D" + RuntimeClientLibrary.PROPERTY + "=" + jniLibrary.toAbsolutePath());
        // The client loads its JNI library; newer JDKs warn about that (and about sun.misc.Unsafe) unless allowed.
        command.add("--enable-native-access=ALL-UNNAMED");
        if (Runtime.version().feature() >= 23) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.add("-cp");
        command.add(runtimeDir.toAbsolutePath() + "/*");
        command.add(RIC_MAIN);
        command.add(function.handler());

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
