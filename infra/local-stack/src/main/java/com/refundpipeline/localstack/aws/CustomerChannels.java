package com.refundpipeline.localstack.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.refundpipeline.localstack.Console;
import com.refundpipeline.localstack.HttpReplies;
import com.refundpipeline.localstack.LoopbackHttp;
import com.refundpipeline.localstack.template.LocalEndpoints;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.LongAdder;

/**
 * Where send-follow-up's email and SMS go on one machine: SES v2's SendEmail and SNS's Publish, answered in the
 * shapes the AWS APIs give (JSON for SES v2, the query protocol's XML for SNS), each message shown on the console
 * with the recipient masked and kept for tests. Without it the functions would send to the real AWS and fail.
 */
public final class CustomerChannels implements AutoCloseable {

    /** A message as the provider received it. */
    public record Sent(String channel, String to, String subject, String body) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final LongAdder calls = new LongAdder();
    private final LongAdder nanos = new LongAdder();
    private volatile EmailEvents emailEvents;
    private static final String ACCOUNT = LocalEndpoints.DEFAULT_ACCOUNT;
    private static final String REGION = LocalEndpoints.DEFAULT_REGION;

    /** Calls answered so far and the time from each one's arrival to its answer (the bench's provider wait). */
    public record Usage(long calls, Duration time) {}

    private CustomerChannels(HttpServer server) {
        this.server = server;
    }

    public static CustomerChannels start() throws IOException {
        CustomerChannels channels = new CustomerChannels(LoopbackHttp.server(0, 64));
        channels.server.setExecutor(channels.executor);
        channels.server.createContext("/v2/email/outbound-emails", channels.timed(channels::sendEmail));
        channels.server.createContext("/", channels.timed(channels::publish));
        channels.server.start();
        return channels;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    /**
     * {@code GET /customer-messages[?case=rc_...]} on the gateway: every email and SMS received so far, oldest first,
     * the recipient masked as on the console; {@code case} keeps those whose text names that case.
     */
    public void list(HttpExchange exchange) throws IOException {
        try (exchange) {
            String query = exchange.getRequestURI().getRawQuery();
            String caseId = null;
            if (query != null) {
                for (String pair : query.split("&")) {
                    if (pair.startsWith("case=")) {
                        caseId = URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
                    }
                }
            }
            var all = JSON.createArrayNode();
            for (Sent m : sent) {
                if (caseId != null
                        && !(m.body() != null && m.body().contains(caseId))
                        && !(m.subject() != null && m.subject().contains(caseId))) {
                    continue;
                }
                all.addObject()
                        .put("channel", m.channel())
                        .put("to", mask(m.to()))
                        .put("subject", m.subject())
                        .put("body", m.body());
            }
            HttpReplies.send(
                    exchange,
                    200,
                    "application/json",
                    JSON.writerWithDefaultPrettyPrinter()
                            .writeValueAsString(JSON.createObjectNode().set("messages", all)));
        }
    }

    public Usage usage() {
        return new Usage(calls.sum(), Duration.ofNanos(nanos.sum()));
    }

    private HttpHandler timed(HttpHandler handler) {
        return exchange -> {
            long start = System.nanoTime();
            try {
                handler.handle(exchange);
            } finally {
                nanos.add(System.nanoTime() - start);
                calls.increment();
            }
        };
    }

    /** SES v2 SendEmail with Simple content. */
    private void sendEmail(HttpExchange exchange) throws IOException {
        try (exchange) {
            JsonNode request;
            try (InputStream in = exchange.getRequestBody()) {
                request = JSON.readTree(in);
            }
            JsonNode simple = request.path("Content").path("Simple");
            JsonNode to = request.path("Destination").path("ToAddresses");
            if (!"POST".equals(exchange.getRequestMethod())
                    || !to.isArray()
                    || to.isEmpty()
                    || simple.isMissingNode()) {
                respond(
                        exchange,
                        400,
                        "application/json",
                        "{\"message\":\"Destination.ToAddresses and Content.Simple are required\"}");
                return;
            }
            record(new Sent(
                    "email",
                    to.get(0).asText(),
                    simple.path("Subject").path("Data").asText(),
                    simple.path("Body").path("Text").path("Data").asText()));
            String messageId = UUID.randomUUID().toString();
            respond(exchange, 200, "application/json", "{\"MessageId\":\"" + messageId + "\"}");
            String configurationSet = request.path("ConfigurationSetName").asText("");
            EmailEvents sink = emailEvents;
            if (!configurationSet.isEmpty() && sink != null) {
                // As SES does, after the answer: the send event of an email sent through a configuration set.
                Map<String, Object> event = emailSent(request, messageId, configurationSet, Instant.now());
                executor.execute(() -> sink.publish(event));
            }
        }
    }

    /** Where SES's events of emails sent through a configuration set go: EventBridge's default bus, locally. */
    @FunctionalInterface
    public interface EmailEvents {
        void publish(Map<String, Object> event);
    }

    /** From now on, each email sent through a configuration set publishes its "Email Sent" event to {@code sink}. */
    public void publishEmailEventsTo(EmailEvents sink) {
        this.emailEvents = sink;
    }

    /**
     * SES's "Email Sent" event as EventBridge delivers it: the envelope (source aws.ses), with SES's event record in
     * {@code detail}: the mail's id, time, sender, recipients and tags (the email's own plus the configuration set).
     */
    static Map<String, Object> emailSent(JsonNode request, String messageId, String configurationSet, Instant at) {
        Map<String, List<String>> tags = new LinkedHashMap<>();
        tags.put("ses:configuration-set", List.of(configurationSet));
        tags.put(
                "ses:from-domain",
                List.of(domainOf(request.path("FromEmailAddress").asText())));
        tags.put("ses:caller-identity", List.of("local"));
        for (JsonNode tag : request.path("EmailTags")) {
            tags.put(tag.path("Name").asText(), List.of(tag.path("Value").asText()));
        }
        List<String> destination = new ArrayList<>();
        request.path("Destination").path("ToAddresses").forEach(a -> destination.add(a.asText()));
        Map<String, Object> mail = new LinkedHashMap<>();
        mail.put("timestamp", at.toString());
        mail.put("source", request.path("FromEmailAddress").asText());
        mail.put("sendingAccountId", ACCOUNT);
        mail.put("messageId", messageId);
        mail.put("destination", destination);
        mail.put("tags", tags);
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("eventType", "Send");
        detail.put("mail", mail);
        detail.put("send", Map.of());
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "0");
        event.put("id", UUID.randomUUID().toString());
        event.put("detail-type", "Email Sent");
        event.put("source", "aws.ses");
        event.put("account", ACCOUNT);
        event.put("time", at.truncatedTo(ChronoUnit.SECONDS).toString());
        event.put("region", REGION);
        event.put(
                "resources",
                List.of("arn:aws:ses:" + REGION + ":" + ACCOUNT + ":configuration-set/" + configurationSet));
        event.put("detail", detail);
        return event;
    }

    private static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? address : address.substring(at + 1);
    }

    /** SNS Publish to a phone number or a topic (query protocol: a form body, an XML answer). */
    private void publish(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> form;
            try (InputStream in = exchange.getRequestBody()) {
                form = form(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            if (!"Publish".equals(form.get("Action")) || form.get("Message") == null) {
                respond(
                        exchange,
                        400,
                        "text/xml",
                        "<ErrorResponse><Error><Type>Sender</Type><Code>InvalidAction"
                                + "</Code><Message>only Publish is served locally</Message></Error></ErrorResponse>");
                return;
            }
            String to = form.getOrDefault("PhoneNumber", form.getOrDefault("TopicArn", form.get("TargetArn")));
            record(new Sent(
                    form.containsKey("PhoneNumber") ? "sms" : "topic", to, form.get("Subject"), form.get("Message")));
            respond(
                    exchange,
                    200,
                    "text/xml",
                    "<PublishResponse xmlns=\"http://sns.amazonaws.com/doc/2010-03-31/\">"
                            + "<PublishResult><MessageId>" + UUID.randomUUID() + "</MessageId></PublishResult>"
                            + "<ResponseMetadata><RequestId>" + UUID.randomUUID() + "</RequestId></ResponseMetadata>"
                            + "</PublishResponse>");
        }
    }

    private void record(Sent message) {
        sent.add(message);
        String text = message.subject() != null && !message.subject().isBlank() ? message.subject() : message.body();
        Console.line("customer-channels", message.channel() + " to " + mask(message.to()) + ": " + firstLine(text));
    }

    /** The console shows who, not whom: a***@example.com, +86*******0000. */
    static String mask(String to) {
        if (to == null) {
            return "?";
        }
        int at = to.indexOf('@');
        if (at > 0) {
            return to.charAt(0) + "***" + to.substring(at);
        }
        if (to.startsWith("+") && to.length() > 7) {
            return to.substring(0, 3) + "*".repeat(to.length() - 7) + to.substring(to.length() - 4);
        }
        return to;
    }

    private static String firstLine(String text) {
        String line = text == null ? "" : text.strip().lines().findFirst().orElse("");
        return line.length() > 120 ? line.substring(0, 117) + "..." : line;
    }

    /** A form-encoded body (or query string) as names and values, decoded. */
    public static Map<String, String> form(String body) {
        Map<String, String> form = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(
                        URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static void respond(HttpExchange exchange, int status, String type, String body) throws IOException {
        HttpReplies.send(exchange, status, type, body);
    }

    @Override
    public void close() {
        server.stop(0);
        executor.close();
    }
}
