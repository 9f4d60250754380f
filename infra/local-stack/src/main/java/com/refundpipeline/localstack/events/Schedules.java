package com.refundpipeline.localstack.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.refundpipeline.localstack.Console;
import com.refundpipeline.localstack.lambda.InvokeResult;
import com.refundpipeline.localstack.lambda.LocalFunction;
import com.refundpipeline.localstack.template.LocalEndpoints;
import com.refundpipeline.localstack.template.ScheduleExpression;
import com.refundpipeline.localstack.template.StackTemplate;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Fires a function on its template schedule: EventBridge Scheduler (ScheduleV2) sends the Input with its
 * {@code <aws.scheduler.*>} placeholders filled in, an EventBridge rule (Schedule) sends its Input as is or the
 * "Scheduled Event" event. A local override replaces every schedule with "every N seconds", to watch periodic work
 * without waiting for it.
 */
public final class Schedules {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration QUEUE_WAIT = Duration.ofMinutes(5);

    private Schedules() {}

    /**
     * @param everySeconds when not null, fire every that many seconds instead of on the expression
     */
    public static void start(
            StackTemplate.Schedule schedule,
            LocalFunction function,
            LocalEndpoints endpoints,
            ScheduledExecutorService timers,
            Integer everySeconds) {
        if (!schedule.enabled()) {
            Console.info("schedule " + schedule.name() + " is disabled in the template; not firing it");
            return;
        }
        ScheduleExpression expression = everySeconds != null
                ? new ScheduleExpression.Rate(Duration.ofSeconds(everySeconds))
                : ScheduleExpression.parse(schedule.expression());
        ZoneId zone = ScheduleExpression.zone(schedule.timezone());
        Runnable[] next = new Runnable[1];
        next[0] = () -> {
            ZonedDateTime now = ZonedDateTime.now(zone);
            Optional<ZonedDateTime> at = expression.next(now);
            if (at.isEmpty()) {
                return;
            }
            long delay = Duration.between(now, at.get()).toMillis();
            var unused = timers.schedule(
                    () -> {
                        Thread.ofVirtual().start(() -> fire(schedule, function, endpoints, at.get()));
                        next[0].run();
                    },
                    delay,
                    TimeUnit.MILLISECONDS);
        };
        next[0].run();
        Console.info("schedule " + schedule.name() + " -> " + function.name() + ": "
                + (everySeconds != null
                        ? "every " + everySeconds + " s (overriding " + schedule.expression() + ")"
                        : schedule.expression()));
    }

    private static void fire(
            StackTemplate.Schedule schedule, LocalFunction function, LocalEndpoints endpoints, ZonedDateTime at) {
        String payload = payload(schedule, endpoints, at, UUID.randomUUID().toString());
        InvokeResult result = function.invoke(payload.getBytes(StandardCharsets.UTF_8), QUEUE_WAIT);
        if (result.isError()) {
            Console.warn("schedule " + schedule.name() + " -> " + function.name() + " failed: " + result);
        } else {
            Console.info("schedule " + schedule.name() + " -> " + function.name() + ": done");
        }
    }

    static String payload(
            StackTemplate.Schedule schedule, LocalEndpoints endpoints, ZonedDateTime at, String executionId) {
        String time = DateTimeFormatter.ISO_INSTANT.format(at.toInstant().truncatedTo(ChronoUnit.SECONDS));
        if (schedule.type().equals("ScheduleV2")) {
            if (schedule.input() == null) {
                return "{}";
            }
            return schedule.input()
                    .replace("<aws.scheduler.scheduled-time>", time)
                    .replace("<aws.scheduler.execution-id>", executionId)
                    .replace("<aws.scheduler.schedule-arn>", endpoints.scheduleArn("default", schedule.name()))
                    .replace("<aws.scheduler.attempt-number>", "1");
        }
        if (schedule.input() != null) {
            return schedule.input();
        }
        ObjectNode event = JSON.createObjectNode();
        event.put("version", "0");
        event.put("id", executionId);
        event.put("detail-type", "Scheduled Event");
        event.put("source", "aws.events");
        event.put("account", endpoints.accountId());
        event.put("time", time);
        event.put("region", endpoints.region());
        event.putArray("resources").add(endpoints.ruleArn(schedule.name()));
        event.putObject("detail");
        return event.toString();
    }
}
