package com.refundpipeline.localstack.template;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of the SAM template the local stack runs, with every intrinsic function resolved against the local
 * endpoints.
 */
public record StackTemplate(
        Map<String, String> parameters,
        List<Table> tables,
        List<Queue> queues,
        List<Function> functions,
        List<EventRule> eventRules,
        Map<String, String> outputs) {

    public Optional<Function> function(String logicalId) {
        return functions.stream().filter(f -> f.logicalId().equals(logicalId)).findFirst();
    }

    public Optional<Queue> queue(String logicalId) {
        return queues.stream().filter(q -> q.logicalId().equals(logicalId)).findFirst();
    }

    public Optional<Table> table(String logicalId) {
        return tables.stream().filter(t -> t.logicalId().equals(logicalId)).findFirst();
    }

    /** An AWS::DynamoDB::Table. */
    public record Table(
            String logicalId,
            String name,
            String arn,
            Map<String, String> attributeTypes,
            List<KeyElement> keySchema,
            List<Index> globalSecondaryIndexes,
            List<Index> localSecondaryIndexes,
            String billingMode,
            Long readCapacity,
            Long writeCapacity,
            String ttlAttribute) {}

    /** One element of a key schema: an attribute and HASH or RANGE. */
    public record KeyElement(String attributeName, String keyType) {}

    /** A global or local secondary index. */
    public record Index(
            String name, List<KeyElement> keySchema, String projectionType, List<String> nonKeyAttributes) {}

    /**
     * An AWS::Events::Rule on the default bus that puts what it matches on queues of the template.
     *
     * @param eventPattern the pattern, resolved; only exact values are supported (see {@link EventPattern})
     */
    public record EventRule(String logicalId, Map<String, Object> eventPattern, List<String> queueLogicalIds) {

        public boolean matches(Map<String, Object> event) {
            return EventPattern.matches(eventPattern, event);
        }
    }

    /**
     * An AWS::SQS::Queue.
     *
     * @param attributes SQS queue attributes as CreateQueue takes them (VisibilityTimeout, ...), without RedrivePolicy
     * @param redrive    where messages go after maxReceiveCount receives, if anywhere
     */
    public record Queue(
            String logicalId, String name, String url, String arn, Map<String, String> attributes, Redrive redrive) {}

    /** A RedrivePolicy: the dead-letter queue (by logical id and ARN) and the receive count that sends there. */
    public record Redrive(String deadLetterQueueLogicalId, String deadLetterTargetArn, int maxReceiveCount) {}

    /**
     * An AWS::Serverless::Function with Globals.Function merged in.
     *
     * @param localName   the name under the local function URL base: the function name after its stage
     * @param environment the resolved Environment.Variables
     * @param url         the FunctionUrlConfig, if the function has a URL
     * @param codeUri     the resolved CodeUri, relative to the template's folder unless absolute
     */
    public record Function(
            String logicalId,
            String functionName,
            String localName,
            String handler,
            String runtime,
            int timeoutSeconds,
            int memorySize,
            Map<String, String> environment,
            List<SqsEvent> sqsEvents,
            List<Schedule> schedules,
            Optional<FunctionUrl> url,
            String codeUri,
            Integer reservedConcurrency) {

        /** Without ReservedConcurrentExecutions. */
        public Function(
                String logicalId,
                String functionName,
                String localName,
                String handler,
                String runtime,
                int timeoutSeconds,
                int memorySize,
                Map<String, String> environment,
                List<SqsEvent> sqsEvents,
                List<Schedule> schedules,
                Optional<FunctionUrl> url,
                String codeUri) {
            this(
                    logicalId,
                    functionName,
                    localName,
                    handler,
                    runtime,
                    timeoutSeconds,
                    memorySize,
                    environment,
                    sqsEvents,
                    schedules,
                    url,
                    codeUri,
                    null);
        }
    }

    /** An SQS event source mapping (an Events entry of Type SQS). */
    public record SqsEvent(
            String eventName,
            String queueLogicalId,
            String queueUrl,
            String queueArn,
            int batchSize,
            int maximumBatchingWindowSeconds,
            boolean reportBatchItemFailures,
            boolean enabled,
            Integer maximumConcurrency) {

        /** Without ScalingConfig. */
        public SqsEvent(
                String eventName,
                String queueLogicalId,
                String queueUrl,
                String queueArn,
                int batchSize,
                int maximumBatchingWindowSeconds,
                boolean reportBatchItemFailures,
                boolean enabled) {
            this(
                    eventName,
                    queueLogicalId,
                    queueUrl,
                    queueArn,
                    batchSize,
                    maximumBatchingWindowSeconds,
                    reportBatchItemFailures,
                    enabled,
                    null);
        }
    }

    /**
     * A schedule (an Events entry of Type ScheduleV2 or Schedule).
     *
     * @param type       ScheduleV2 (EventBridge Scheduler) or Schedule (an EventBridge rule); they send different events
     * @param name       the schedule's or rule's name, resolved or generated
     * @param expression rate(...), cron(...) or at(...)
     * @param timezone   ScheduleExpressionTimezone, UTC when absent (as AWS does)
     * @param input      the Input as given, or null when the template sets none
     */
    public record Schedule(
            String eventName,
            String type,
            String name,
            String expression,
            String timezone,
            String input,
            boolean enabled) {}

    /**
     * A FunctionUrlConfig; or, with {@link #JWT}, an HTTP API route with a JWT authorizer, which the local gateway
     * serves at the same place and guards with a locally signed token.
     */
    public record FunctionUrl(String authType, String invokeMode) {

        public static final String JWT = "JWT";
    }
}
