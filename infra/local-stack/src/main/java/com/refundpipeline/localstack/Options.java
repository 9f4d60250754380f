package com.refundpipeline.localstack;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The command line of the stack.
 *
 * @param template               the SAM template; null to look in the usual places
 * @param artifact               function.zip or an unpacked folder; null to take the template's CodeUri
 * @param port                   the function URL port (0 picks a free one)
 * @param dataDir                where DynamoDB Local keeps its tables; null to keep them in memory
 * @param parameters             template parameter values (Stage among them)
 * @param scheduleEverySeconds   when not null, every schedule fires this often instead
 * @param dynamoDbPort           0 picks a free one
 * @param sqsPort                0 picks a free one
 * @param visibilityTimeoutSeconds when not null, every queue's VisibilityTimeout instead of the template's
 * @param secrets                values the Secrets Manager stand-in holds instead of generated ones (name to value)
 * @param instances              instances per function (local name, or {@value #ALL_FUNCTIONS} for every function
 *                               without its own), each capped by the template's reserved concurrency; 1 when absent
 */
public record Options(
        Path template,
        Path artifact,
        int port,
        Path dataDir,
        Map<String, String> parameters,
        Integer scheduleEverySeconds,
        int dynamoDbPort,
        int sqsPort,
        Integer visibilityTimeoutSeconds,
        Map<String, String> secrets,
        Map<String, Integer> instances) {

    /** The key of {@link #instances} that applies to every function without an entry of its own. */
    public static final String ALL_FUNCTIONS = "*";

    public Options {
        secrets = Map.copyOf(secrets);
        instances = Map.copyOf(instances);
    }

    /** Without secrets given and with one instance per function. */
    public Options(
            Path template,
            Path artifact,
            int port,
            Path dataDir,
            Map<String, String> parameters,
            Integer scheduleEverySeconds,
            int dynamoDbPort,
            int sqsPort,
            Integer visibilityTimeoutSeconds) {
        this(
                template,
                artifact,
                port,
                dataDir,
                parameters,
                scheduleEverySeconds,
                dynamoDbPort,
                sqsPort,
                visibilityTimeoutSeconds,
                Map.of(),
                Map.of());
    }

    /** How many instances of {@code function} (its local name) to run, before the template's caps. */
    public int instancesOf(String function) {
        return instances.getOrDefault(function, instances.getOrDefault(ALL_FUNCTIONS, 1));
    }

    public static final int DEFAULT_PORT = 8080;

    public static final String USAGE = """
            Runs infra/template.yaml on this machine: DynamoDB Local, ElasticMQ and every function as its own process.

            usage: java -jar infra/local-stack/target/refund-local-stack.jar [options]

              --port N                     function URLs on http://localhost:N/<name>/ (default $PORT or 8080)
              --data-dir DIR               keep tables, queues and messages in DIR across restarts
                                           (default: in memory)
              --template FILE              the SAM template (default infra/template.yaml)
              --artifact FILE|DIR          the functions' function.zip or its unpacked folder
                                           (default: the template's CodeUri, functions/target/function.zip)
              --stage NAME                 the Stage parameter (default local)
              --param NAME=VALUE           any other template parameter; repeatable
              --schedule-rate-seconds N    fire every schedule every N seconds instead of on its expression
              --visibility-timeout-seconds N
                                           every queue's visibility timeout, instead of the template's, so that
                                           failed messages come back (and reach the dead-letter queue) sooner
              --dynamodb-port N            DynamoDB Local's port (default: a free one)
              --sqs-port N                 ElasticMQ's port (default: a free one)
              --instances N | NAME=N[,NAME=N]
                                           runtime-client processes per function, as Lambda scales out (default 1
                                           each); never more than the function's ReservedConcurrentExecutions;
                                           repeatable, e.g. --instances submit-refund=4
              --secret NAME=VALUE          what the Secrets Manager stand-in holds for NAME instead of a generated
                                           local value (e.g. a real Stripe test key); repeatable
              --help
            """;

    public static Options parse(String[] args, Map<String, String> env) {
        Path template = null;
        Path artifact = null;
        Integer port = null;
        Path dataDir = null;
        Map<String, String> parameters = new LinkedHashMap<>();
        Integer every = null;
        int dynamoDbPort = 0;
        int sqsPort = 0;
        Integer visibility = null;
        Map<String, String> secrets = new LinkedHashMap<>();
        Map<String, Integer> instances = new LinkedHashMap<>();
        List<String> rest = new ArrayList<>(List.of(args));
        while (!rest.isEmpty()) {
            String option = rest.remove(0);
            String value = null;
            int eq = option.indexOf('=');
            if (option.startsWith("--")
                    && eq > 0
                    && !option.startsWith("--param")
                    && !option.startsWith("--secret")
                    && !option.startsWith("--instances")) {
                value = option.substring(eq + 1);
                option = option.substring(0, eq);
            }
            if (option.equals("--help") || option.equals("-h")) {
                throw new UsageException(null);
            }
            if (value == null) {
                if (rest.isEmpty()) {
                    throw new UsageException(option + " needs a value");
                }
                value = rest.remove(0);
            }
            switch (option) {
                case "--port" -> port = number(option, value, 0, 65535);
                case "--data-dir" -> dataDir = Path.of(value);
                case "--template" -> template = Path.of(value);
                case "--artifact" -> artifact = Path.of(value);
                case "--stage" -> parameters.put("Stage", value);
                case "--param" -> {
                    int at = value.indexOf('=');
                    if (at < 1) {
                        throw new UsageException("--param takes NAME=VALUE, not " + value);
                    }
                    parameters.put(value.substring(0, at), value.substring(at + 1));
                }
                case "--schedule-rate-seconds" -> every = number(option, value, 1, 86_400);
                case "--dynamodb-port" -> dynamoDbPort = number(option, value, 0, 65535);
                case "--sqs-port" -> sqsPort = number(option, value, 0, 65535);
                case "--visibility-timeout-seconds" -> visibility = number(option, value, 0, 43_200);
                case "--secret" -> {
                    int at = value.indexOf('=');
                    if (at < 1) {
                        throw new UsageException("--secret takes NAME=VALUE, not " + value);
                    }
                    secrets.put(value.substring(0, at), value.substring(at + 1));
                }
                case "--instances" -> instances(value, instances);
                default -> throw new UsageException("unknown option " + option);
            }
        }
        if (port == null) {
            String fromEnv = env.get("PORT");
            port = fromEnv == null || fromEnv.isBlank() ? DEFAULT_PORT : number("PORT", fromEnv, 0, 65535);
        }
        return new Options(
                template,
                artifact,
                port,
                dataDir,
                parameters,
                every,
                dynamoDbPort,
                sqsPort,
                visibility,
                secrets,
                instances);
    }

    /** {@code 3} for every function, or {@code submit-refund=4,verify-evidence=2}. */
    private static void instances(String value, Map<String, Integer> instances) {
        for (String part : value.split(",")) {
            int at = part.indexOf('=');
            if (at < 0) {
                instances.put(ALL_FUNCTIONS, number("--instances", part, 1, 64));
            } else if (at == 0) {
                throw new UsageException("--instances takes N or NAME=N, not " + part);
            } else {
                instances.put(
                        part.substring(0, at).strip(),
                        number("--instances " + part.substring(0, at), part.substring(at + 1), 1, 64));
            }
        }
    }

    private static int number(String option, String value, int min, int max) {
        try {
            int n = Integer.parseInt(value.strip());
            if (n < min || n > max) {
                throw new UsageException(option + " must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException(option + " takes a number, not " + value);
        }
    }

    /**
     * The template to read: the one given, else infra/template.yaml seen from the repository root, from this module
     * or from where the stack's jar is.
     */
    public Path templateOrDefault(StackHome home) {
        if (template != null) {
            return template;
        }
        List<Path> candidates = List.of(
                Path.of("infra/template.yaml"),
                Path.of("../template.yaml"),
                home.moduleDir().resolve("../template.yaml").normalize());
        return candidates.stream()
                .filter(Files::isRegularFile)
                .findFirst()
                .orElseThrow(() -> new UsageException("no template found at " + candidates + "; give --template"));
    }

    /** A bad command line; a null message asks for the usage alone. */
    public static final class UsageException extends RuntimeException {
        public UsageException(String message) {
            super(message);
        }
    }
}
