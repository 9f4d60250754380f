package com.refundpipeline.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.refundpipeline.json.Json;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * The log lines written while it is open, as the console (so CloudWatch Logs) receives them: each record formatted
 * by the console handler's own formatter. Records are copied as they are published, MDC included.
 */
public final class LogCapture extends ExtHandler implements AutoCloseable {

    private final List<ExtLogRecord> records = new CopyOnWriteArrayList<>();
    private final Logger root = LogContext.getLogContext().getLogger("");

    private LogCapture() {}

    public static LogCapture start() {
        LogCapture capture = new LogCapture();
        capture.root.addHandler(capture);
        return capture;
    }

    @Override
    protected void doPublish(ExtLogRecord record) {
        record.copyAll();
        records.add(record);
    }

    /** Each line exactly as the console writes it. */
    public List<String> lines() {
        Formatter console = consoleFormatter(root.getHandlers());
        if (console == null) {
            throw new IllegalStateException("no console handler on the root logger");
        }
        return records.stream().map(console::format).toList();
    }

    /** Each line parsed as the JSON object it must be. */
    public List<JsonNode> json() {
        return lines().stream()
                .map(line -> {
                    try {
                        return Json.MAPPER.readTree(line);
                    } catch (Exception e) {
                        throw new AssertionError("not a JSON log line: " + line, e);
                    }
                })
                .toList();
    }

    /** The lines that carry this {@code event} field (what the template's metric filters count). */
    public List<JsonNode> events(String event) {
        return json().stream()
                .filter(line -> event.equals(line.path("event").asText()))
                .toList();
    }

    /** The formatter of the console handler, found inside the handlers Quarkus wraps it in. */
    public static Formatter consoleFormatter(Handler[] handlers) {
        for (Handler handler : handlers) {
            if (handler instanceof ConsoleHandler console) {
                return console.getFormatter();
            }
            if (handler instanceof ExtHandler wrapper) {
                Formatter inner = consoleFormatter(wrapper.getHandlers());
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }

    @Override
    public void close() {
        root.removeHandler(this);
    }
}
