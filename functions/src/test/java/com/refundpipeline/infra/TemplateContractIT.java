package com.refundpipeline.infra;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import com.refundpipeline.localstack.template.CfnYaml;
import com.refundpipeline.localstack.template.LocalEndpoints;
import com.refundpipeline.localstack.template.StackTemplate;
import com.refundpipeline.localstack.template.TemplateReader;
import com.refundpipeline.logging.LogEvents;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What must hold of infra/template.yaml before it meets CloudFormation, checked offline after the function tests:
 * it is valid against AWS SAM's published schema, it resolves, and each function's role allows exactly the AWS
 * calls the function was seen to make in its tests (recorded by AwsCallRecorder): nothing it needs is missing,
 * nothing it never uses is granted, and every table and queue it touches comes from its own environment.
 */
class TemplateContractIT {

    static final Path TEMPLATE = Path.of("../infra/template.yaml");
    static final Path CALLS = Path.of("target/aws-calls");
    static final ObjectMapper JSON = new ObjectMapper();

    static Map<String, Object> raw;
    static StackTemplate resolved;

    @BeforeAll
    static void read() throws IOException {
        raw = CfnYaml.load(Files.newBufferedReader(TEMPLATE), TEMPLATE.toString());
        resolved = new TemplateReader(
                        new LocalEndpoints(
                                LocalEndpoints.DEFAULT_REGION,
                                LocalEndpoints.DEFAULT_ACCOUNT,
                                "refunds-test",
                                URI.create("http://127.0.0.1:9324"),
                                URI.create("http://localhost:8080")),
                        Map.of("Stage", "test"))
                .read(TEMPLATE);
    }

    @Test
    void isValidAgainstTheAwsSamSchema() throws IOException {
        JsonSchema schema;
        try (InputStream in = Files.newInputStream(Path.of("../infra/schema/sam.schema.json"))) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4).getSchema(in);
        }
        Set<ValidationMessage> problems = schema.validate(JSON.valueToTree(raw));
        assertEquals(Set.of(), problems, "infra/template.yaml breaks the AWS SAM schema");
    }

    /**
     * Resources that cannot be named: an SMS goes to a phone number, which has no ARN (so Publish is allowed on
     * everything that is not a topic), and SES authorises the sending identity, which may be the address or its
     * domain.
     */
    static final Set<String> UNNAMEABLE = Set.of("sns:Publish NOT", "ses:SendEmail");

    @Test
    void grantsNoWildcards() {
        for (Map.Entry<String, List<Grant>> role : grants().entrySet()) {
            for (Grant grant : role.getValue()) {
                assertTrue(!grant.action().contains("*"), role.getKey() + " grants a wildcard action " + grant);
                boolean justified =
                        UNNAMEABLE.stream().anyMatch(u -> (grant.action() + " " + grant.resource()).startsWith(u));
                assertTrue(
                        justified || !grant.resource().contains("*"),
                        role.getKey() + " grants a wildcard resource " + grant);
            }
        }
    }

    /**
     * A function URL with AWS_IAM auth is only callable by a principal allowed both lambda:InvokeFunctionUrl and (since
     * October 2025) lambda:InvokeFunction on what the URL serves, the alias {@code live}: the template offers that as
     * a managed policy for each such URL, to attach to the caller's role.
     */
    @Test
    @SuppressWarnings("unchecked")
    void eachSignedFunctionUrlHasAPolicyItsCallersCanAttach() {
        Map<String, Object> resources = (Map<String, Object>) raw.get("Resources");
        List<String> missing = new ArrayList<>();
        for (StackTemplate.Function function : resolved.functions()) {
            if (function.url().isEmpty() || !function.url().get().authType().equals("AWS_IAM")) {
                continue;
            }
            Object alias = Map.of("Fn::Sub", "${" + function.logicalId() + ".Arn}:live");
            for (String action : List.of("lambda:InvokeFunctionUrl", "lambda:InvokeFunction")) {
                boolean granted = resources.values().stream()
                        .map(r -> (Map<String, Object>) r)
                        .filter(r -> "AWS::IAM::ManagedPolicy".equals(r.get("Type")))
                        .flatMap(r -> ((List<Map<String, Object>>) ((Map<String, Object>)
                                                ((Map<String, Object>) r.get("Properties")).get("PolicyDocument"))
                                        .get("Statement"))
                                .stream())
                        .anyMatch(st -> "Allow".equals(st.get("Effect"))
                                && action.equals(st.get("Action"))
                                && alias.equals(st.get("Resource")));
                if (!granted) {
                    missing.add(function.logicalId() + " " + action);
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    @Test
    void eachRoleAllowsExactlyTheCallsItsFunctionMakes() throws IOException {
        Map<String, String> logicalIds = physicalToLogical();
        List<String> problems = new ArrayList<>();
        for (StackTemplate.Function function : resolved.functions()) {
            String export = function.environment().get("QUARKUS_FUNQY_EXPORT");
            Path log = CALLS.resolve(export + ".log");
            if (!Files.exists(log)) {
                problems.add(function.logicalId() + ": its tests never invoked it, so its role cannot be checked");
                continue;
            }
            Set<String> made = new TreeSet<>();
            for (String line : Files.readAllLines(log)) {
                String[] parts = line.split(" ");
                String physical = parts[1];
                String table =
                        physical.contains("/index/") ? physical.substring(0, physical.indexOf("/index/")) : physical;
                String logical = logicalIds.get(table);
                if (logical == null) {
                    problems.add(
                            function.logicalId() + " called " + line + " on a resource the template does not declare");
                    continue;
                }
                made.add(parts[0] + " " + logical + physical.substring(table.length()));
                boolean fromEnvironment = function.environment().values().stream()
                        .anyMatch(value -> value.equals(table) || value.endsWith("/" + table));
                if (!fromEnvironment) {
                    problems.add(function.logicalId() + " reached " + logical + " without it in its environment");
                }
            }
            Set<String> granted = new TreeSet<>();
            // Exactness for the services the tests record (DynamoDB, SQS); the others are checked for wildcards above.
            grants().getOrDefault(function.logicalId(), List.of()).stream()
                    .filter(g ->
                            g.action().startsWith("dynamodb:") || g.action().startsWith("sqs:"))
                    .forEach(g -> granted.add(g.action() + " " + g.resource()));
            for (String call : made) {
                if (!granted.contains(call)) {
                    problems.add(function.logicalId() + " needs " + call + " but its role does not allow it");
                }
            }
            Set<String> byEventSource = eventSourceGrants(function.logicalId());
            for (String grant : granted) {
                if (byEventSource.contains(grant)) {
                    continue; // Lambda's event source mapping makes these calls with the function's role
                }
                if (grant.startsWith("secretsmanager:GetSecretValue ")) {
                    // Secrets are not read in the tests (they are given directly there); a grant is right when it
                    // is exactly the secret the function's environment names, and nothing else.
                    if (!namesASecretOfItsEnvironment(grant, function)) {
                        problems.add(function.logicalId() + " is granted " + grant
                                + " but its environment names no such secret (a *_SECRET_ID variable)");
                    }
                    continue;
                }
                if (!made.contains(grant)) {
                    problems.add(function.logicalId() + " is granted " + grant + " but never uses it");
                }
            }
        }
        if (!problems.isEmpty()) {
            fail(String.join("\n", problems));
        }
    }

    @Test
    void everyQueueFeedingAFunctionRetriesSafelyAndEndsInADeadLetterQueue() {
        List<String> problems = new ArrayList<>();
        for (StackTemplate.Function function : resolved.functions()) {
            for (StackTemplate.SqsEvent event : function.sqsEvents()) {
                StackTemplate.Queue queue =
                        resolved.queue(event.queueLogicalId()).orElseThrow();
                int visibility = Integer.parseInt(queue.attributes().getOrDefault("VisibilityTimeout", "30"));
                // AWS's advice for SQS event sources: at least six times the function's timeout.
                if (visibility < 6 * function.timeoutSeconds()) {
                    problems.add(queue.logicalId() + " hides a message for " + visibility + " s, less than six times "
                            + function.logicalId() + "'s " + function.timeoutSeconds() + " s timeout");
                }
                if (!event.reportBatchItemFailures()) {
                    problems.add(function.logicalId() + "." + event.eventName() + " must report batch item failures");
                }
                if (queue.redrive() == null) {
                    problems.add(queue.logicalId() + " has no dead-letter queue");
                }
            }
        }
        assertEquals(List.of(), problems);
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyTableIsOnDemandRecoverableAndEncrypted() {
        Map<String, Object> resources = (Map<String, Object>) raw.get("Resources");
        for (StackTemplate.Table table : resolved.tables()) {
            Map<String, Object> properties =
                    (Map<String, Object>) ((Map<String, Object>) resources.get(table.logicalId())).get("Properties");
            assertEquals("PAY_PER_REQUEST", properties.get("BillingMode"), table.logicalId());
            assertEquals(
                    Map.of("PointInTimeRecoveryEnabled", true),
                    properties.get("PointInTimeRecoverySpecification"),
                    table.logicalId());
            assertEquals(Map.of("SSEEnabled", true), properties.get("SSESpecification"), table.logicalId());
        }
    }

    /** Closed and withdrawn cases carry expires_at (the policy's retention); the table must let DynamoDB act on it. */
    @Test
    @SuppressWarnings("unchecked")
    void endedCasesExpireByTheCasesTablesTimeToLive() {
        Map<String, Object> resources = (Map<String, Object>) raw.get("Resources");
        Map<String, Object> properties =
                (Map<String, Object>) ((Map<String, Object>) resources.get("CasesTable")).get("Properties");
        assertEquals(Map.of("AttributeName", "expires_at", "Enabled", true), properties.get("TimeToLiveSpecification"));
    }

    /**
     * The alarms on payout failures and SLA breaches count log lines by their {@code event} field: every event a
     * metric filter matches must be one the code logs (LogEvents), and every such event must be counted somewhere,
     * or an alarm silently never fires.
     */
    @Test
    @SuppressWarnings("unchecked")
    void everyMetricFilterCountsAnEventTheCodeLogs() throws IllegalAccessException {
        Set<String> counted = new TreeSet<>();
        Pattern event = Pattern.compile("\\$\\.event\\s*=\\s*\"([^\"]+)\"");
        for (Object resource : ((Map<String, Object>) raw.get("Resources")).values()) {
            Map<String, Object> r = (Map<String, Object>) resource;
            if ("AWS::Logs::MetricFilter".equals(r.get("Type"))) {
                String pattern = String.valueOf(((Map<String, Object>) r.get("Properties")).get("FilterPattern"));
                assertTrue(
                        pattern.startsWith("{") && pattern.endsWith("}"),
                        "a JSON filter on the functions' JSON lines, not a text match: " + pattern);
                Matcher m = event.matcher(pattern);
                while (m.find()) {
                    counted.add(m.group(1));
                }
            }
        }
        Set<String> logged = new TreeSet<>();
        for (Field field : LogEvents.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                logged.add((String) field.get(null));
            }
        }
        assertEquals(logged, counted);
    }

    /**
     * Whether a GetSecretValue grant is on "arn:...:secret:NAME-??????" for a NAME the function's environment gives
     * in a *_SECRET_ID variable (Secrets Manager adds a dash and six random characters to a secret's ARN).
     */
    static boolean namesASecretOfItsEnvironment(String grant, StackTemplate.Function function) {
        String resource = grant.substring(grant.indexOf(' ') + 1)
                .replace("${Stage}", resolved.parameters().get("Stage"));
        return resource.startsWith("arn:${AWS::Partition}:secretsmanager:${AWS::Region}:${AWS::AccountId}:secret:")
                && function.environment().entrySet().stream()
                        .filter(e -> e.getKey().endsWith("_SECRET_ID"))
                        .anyMatch(e -> resource.endsWith(":secret:" + e.getValue() + "-??????"));
    }

    record Grant(String action, String resource) {}

    /** Each function's inline policy statements as (action, logical resource[/index/name]) pairs. */
    @SuppressWarnings("unchecked")
    static Map<String, List<Grant>> grants() {
        Map<String, List<Grant>> grants = new HashMap<>();
        Map<String, Object> resources = (Map<String, Object>) raw.get("Resources");
        resources.forEach((id, value) -> {
            Map<String, Object> resource = (Map<String, Object>) value;
            if (!"AWS::Serverless::Function".equals(resource.get("Type"))) {
                return;
            }
            Map<String, Object> properties = (Map<String, Object>) resource.get("Properties");
            for (Object policy : (List<Object>) properties.getOrDefault("Policies", List.of())) {
                if (!(policy instanceof Map<?, ?> document) || !document.containsKey("Statement")) {
                    grants.computeIfAbsent(id, k -> new ArrayList<>()).add(new Grant("managed:" + policy, "*"));
                    continue;
                }
                for (Object s : (List<Object>) document.get("Statement")) {
                    Map<String, Object> statement = (Map<String, Object>) s;
                    boolean excluding = statement.containsKey("NotResource");
                    Object targets = excluding ? statement.get("NotResource") : statement.get("Resource");
                    for (Object action : asList(statement.get("Action"))) {
                        for (Object target : asList(targets)) {
                            String named = logicalResource(target);
                            grants.computeIfAbsent(id, k -> new ArrayList<>())
                                    .add(new Grant(action.toString(), excluding ? "NOT " + named : named));
                        }
                    }
                }
            }
        });
        return grants;
    }

    /**
     * !GetAtt X.Arn is X, !GetAtt X.StreamArn is X.StreamArn; !Sub '${X.Arn}/index/name' is X/index/name; anything
     * else is kept as written.
     */
    @SuppressWarnings("unchecked")
    static String logicalResource(Object target) {
        if (target instanceof Map<?, ?> map && map.containsKey("Fn::GetAtt")) {
            List<Object> parts = (List<Object>) map.get("Fn::GetAtt");
            return parts.get(0) + (parts.get(1).equals("Arn") ? "" : "." + parts.get(1));
        }
        if (target instanceof Map<?, ?> map && map.containsKey("Fn::Sub")) {
            return map.get("Fn::Sub").toString().replaceAll("^\\$\\{([A-Za-z0-9]+)\\.Arn}", "$1");
        }
        return String.valueOf(target);
    }

    static List<Object> asList(Object value) {
        if (value == null) {
            return List.of();
        }
        return value instanceof List<?> list ? new ArrayList<>(list) : List.of(value);
    }

    /** Table and queue names, as the functions see them, to their logical ids. */
    static Map<String, String> physicalToLogical() {
        Map<String, String> ids = new HashMap<>();
        resolved.tables().forEach(t -> ids.put(t.name(), t.logicalId()));
        resolved.queues().forEach(q -> ids.put(q.name(), q.logicalId()));
        return ids;
    }

    /** The function's Events of Type DynamoDB, as written. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> streamEvents(String functionLogicalId) {
        Map<String, Object> function =
                (Map<String, Object>) ((Map<String, Object>) raw.get("Resources")).get(functionLogicalId);
        Map<String, Object> events = (Map<String, Object>)
                ((Map<String, Object>) function.get("Properties")).getOrDefault("Events", Map.of());
        List<Map<String, Object>> streams = new ArrayList<>();
        events.values().forEach(e -> {
            Map<String, Object> event = (Map<String, Object>) e;
            if ("DynamoDB".equals(event.get("Type"))) {
                streams.add((Map<String, Object>) event.get("Properties"));
            }
        });
        return streams;
    }

    /**
     * What Lambda's stream event source mapping does with the function's role, not the function's code: read the
     * stream, and send what it gave up on to the on-failure destination.
     */
    @SuppressWarnings("unchecked")
    static Set<String> eventSourceGrants(String functionLogicalId) {
        Set<String> grants = new TreeSet<>();
        for (Map<String, Object> event : streamEvents(functionLogicalId)) {
            String stream = logicalResource(event.get("Stream"));
            for (String action : List.of("DescribeStream", "GetRecords", "GetShardIterator")) {
                grants.add("dynamodb:" + action + " " + stream);
            }
            Map<String, Object> destination =
                    (Map<String, Object>) ((Map<String, Object>) event.getOrDefault("DestinationConfig", Map.of()))
                            .getOrDefault("OnFailure", Map.of());
            if (destination.get("Destination") != null) {
                grants.add("sqs:SendMessage " + logicalResource(destination.get("Destination")));
            }
        }
        return grants;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> properties(String logicalId) {
        Map<String, Object> resource =
                (Map<String, Object>) ((Map<String, Object>) raw.get("Resources")).get(logicalId);
        assertTrue(resource != null, "no resource " + logicalId);
        return (Map<String, Object>) resource.get("Properties");
    }

    /**
     * A stream consumer that fails must neither lose records nor block its shard for good: batch item failures,
     * bisection, a bounded number of retries, then an SQS dead-letter queue that has an alarm; it reads the stream of
     * a table that streams both images, and its role may read that stream.
     */
    @Test
    @SuppressWarnings("unchecked")
    void everyStreamConsumerRetriesBoundedlyAndEndsInAnAlarmedDeadLetterQueue() {
        List<String> problems = new ArrayList<>();
        int consumers = 0;
        for (StackTemplate.Function function : resolved.functions()) {
            for (Map<String, Object> event : streamEvents(function.logicalId())) {
                consumers++;
                String where = function.logicalId();
                if (!asList(event.get("FunctionResponseTypes")).contains("ReportBatchItemFailures")) {
                    problems.add(where + " must report batch item failures");
                }
                if (!Boolean.TRUE.equals(event.get("BisectBatchOnFunctionError"))) {
                    problems.add(where + " must bisect a failing batch");
                }
                Object retries = event.get("MaximumRetryAttempts");
                if (!(retries instanceof Integer r) || r < 0 || r > 10) {
                    problems.add(where + " must bound its retries (MaximumRetryAttempts 0-10), not " + retries);
                }
                String table = logicalResource(event.get("Stream")).replace(".StreamArn", "");
                Map<String, Object> spec =
                        (Map<String, Object>) properties(table).get("StreamSpecification");
                if (spec == null || !"NEW_AND_OLD_IMAGES".equals(spec.get("StreamViewType"))) {
                    problems.add(table + " must stream NEW_AND_OLD_IMAGES for " + where);
                }
                Map<String, Object> onFailure =
                        (Map<String, Object>) ((Map<String, Object>) event.getOrDefault("DestinationConfig", Map.of()))
                                .getOrDefault("OnFailure", Map.of());
                String queue =
                        onFailure.get("Destination") == null ? null : logicalResource(onFailure.get("Destination"));
                if (queue == null || resolved.queue(queue).isEmpty() || !"SQS".equals(onFailure.get("Type"))) {
                    problems.add(where + " needs an SQS on-failure destination declared in the template");
                    continue;
                }
                boolean alarmed = ((Map<String, Object>) raw.get("Resources"))
                        .values().stream()
                                .map(r -> (Map<String, Object>) r)
                                .filter(r -> "AWS::CloudWatch::Alarm".equals(r.get("Type")))
                                .map(r -> (Map<String, Object>) r.get("Properties"))
                                .anyMatch(p -> "ApproximateNumberOfMessagesVisible".equals(p.get("MetricName"))
                                        && asList(p.get("Dimensions")).stream()
                                                .anyMatch(d -> (queue + ".QueueName")
                                                        .equals(logicalResource(
                                                                ((Map<String, Object>) d).get("Value")))));
                if (!alarmed) {
                    problems.add(queue + " (the on-failure destination of " + where + ") has no alarm");
                }
                Set<String> granted = new TreeSet<>();
                grants().getOrDefault(where, List.of()).forEach(g -> granted.add(g.action() + " " + g.resource()));
                for (String needed : eventSourceGrants(where)) {
                    if (!granted.contains(needed)) {
                        problems.add(where + " needs " + needed + " for its event source mapping");
                    }
                }
            }
        }
        assertEquals(1, consumers, "tally-figures reads the cases stream");
        assertEquals(List.of(), problems);
    }

    /** Figures come from the stream and Queries: no role may scan a table (its cost grows with every case). */
    @Test
    void noRoleMayScanATable() throws IOException {
        grants().forEach((role, list) ->
                list.forEach(g -> assertTrue(!g.action().equals("dynamodb:Scan"), role + " may scan " + g.resource())));
        try (var files = Files.walk(Path.of("src/main/java"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String source = Files.readString(file);
                assertTrue(!source.contains(".scan(") && !source.contains("ScanRequest"), file + " scans a table");
            }
        }
    }

    /**
     * Athena over the cases' exports: PITR on (exports need it), a Glue table in the export bucket, a workgroup that
     * keeps its results there too, and saved queries that read the Glue table and only the fields it declares, with
     * balanced brackets and quotes (as far as a check without Athena goes).
     */
    @Test
    @SuppressWarnings("unchecked")
    void athenaQueriesTheExportedCasesThroughGlue() {
        assertEquals(
                Map.of("PointInTimeRecoveryEnabled", true),
                properties("CasesTable").get("PointInTimeRecoverySpecification"));
        Map<String, Object> table =
                (Map<String, Object>) properties("CasesExportGlueTable").get("TableInput");
        assertEquals(
                Map.of("Ref", "FiguresGlueDatabase"),
                properties("CasesExportGlueTable").get("DatabaseName"));
        Map<String, Object> storage = (Map<String, Object>) table.get("StorageDescriptor");
        String location = String.valueOf(((Map<String, Object>) storage.get("Location")).get("Fn::Sub"));
        String bucket = String.valueOf(
                ((Map<String, Object>) properties("FiguresExportBucket").get("BucketName")).get("Fn::Sub"));
        assertTrue(location.startsWith("s3://" + bucket + "/exports/cases/"), location);
        Map<String, Object> workgroup =
                (Map<String, Object>) properties("FiguresWorkGroup").get("WorkGroupConfiguration");
        String results = String.valueOf(((Map<String, Object>)
                        ((Map<String, Object>) workgroup.get("ResultConfiguration")).get("OutputLocation"))
                .get("Fn::Sub"));
        assertTrue(results.startsWith("s3://" + bucket + "/athena-results/"), results);
        assertEquals(true, workgroup.get("EnforceWorkGroupConfiguration"));

        Set<String> declared = new TreeSet<>();
        for (Object c : (List<Object>) storage.get("Columns")) {
            String type = String.valueOf(((Map<String, Object>) c).get("Type"));
            Matcher field = Pattern.compile("([a-z_]+):struct<").matcher(type);
            while (field.find()) {
                declared.add(field.group(1));
            }
        }
        Set<String> names = new TreeSet<>();
        for (Object r : ((Map<String, Object>) raw.get("Resources")).values()) {
            Map<String, Object> resource = (Map<String, Object>) r;
            if (!"AWS::Athena::NamedQuery".equals(resource.get("Type"))) {
                continue;
            }
            Map<String, Object> p = (Map<String, Object>) resource.get("Properties");
            names.add(String.valueOf(p.get("Name")));
            assertEquals(Map.of("Ref", "FiguresGlueDatabase"), p.get("Database"), p.get("Name") + "");
            assertEquals(Map.of("Ref", "FiguresWorkGroup"), p.get("WorkGroup"), p.get("Name") + "");
            String sql = String.valueOf(p.get("QueryString")).trim();
            assertTrue(sql.startsWith("WITH") || sql.startsWith("SELECT"), sql);
            assertTrue(sql.contains("FROM cases_export"), p.get("Name") + " reads the Glue table");
            assertTrue(!sql.contains(";"), p.get("Name") + ": one statement");
            String noStrings = sql.replaceAll("'[^']*'", "''");
            assertEquals(0, noStrings.chars().filter(ch -> ch == '\'').count() % 2, p.get("Name") + ": quotes");
            int depth = 0;
            for (int i = 0; i < noStrings.length(); i++) {
                char ch = noStrings.charAt(i);
                depth += ch == '(' ? 1 : ch == ')' ? -1 : 0;
                assertTrue(depth >= 0, p.get("Name") + ": a ) before its (");
            }
            assertEquals(0, depth, p.get("Name") + ": unbalanced brackets");
            Matcher used = Pattern.compile("\\bc\\.([a-z_]+)\\.(s|n)\\b").matcher(sql);
            while (used.find()) {
                assertTrue(
                        declared.contains(used.group(1)),
                        p.get("Name") + " reads c." + used.group(1) + ", which the Glue table does not declare "
                                + declared);
            }
        }
        assertEquals(Set.of("refunds-by-reason-and-month", "return-rate-by-sku", "slowest-cases"), names);
    }
}
