package com.refundpipeline.logging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeMap;
import java.util.logging.Level;
import org.jboss.logmanager.ExtFormatter;
import org.jboss.logmanager.ExtLogRecord;

/**
 * One JSON object per log line, as CloudWatch Logs Insights and metric filters read them: {@code timestamp} (RFC 3339)
 * and {@code level} (TRACE, DEBUG, INFO, WARN, ERROR or FATAL: the names Lambda's log-level filtering reads),
 * {@code logger}, {@code message}, every MDC entry at the top level ({@code case_id}, {@code request_id},
 * {@code event}) and the exception as {@code error}. Written with Jackson's streaming generator: no reflection, so it
 * behaves the same in a native image. What goes into a message is the caller's care: case ids, never contact details.
 */
public final class JsonLogFormatter extends ExtFormatter {

    private static final JsonFactory JSON = new JsonFactory();

    @Override
    public String format(ExtLogRecord record) {
        StringWriter line = new StringWriter(256);
        try (JsonGenerator json = JSON.createGenerator(line)) {
            json.writeStartObject();
            json.writeStringField("timestamp", record.getInstant().toString());
            json.writeStringField("level", levelName(record.getLevel()));
            json.writeStringField("logger", record.getLoggerName());
            json.writeStringField("message", record.getFormattedMessage());
            // Sorted, so lines read the same whatever order the MDC was filled in.
            for (Map.Entry<String, String> mdc : new TreeMap<>(record.getMdcCopy()).entrySet()) {
                if (!isReserved(mdc.getKey())) {
                    json.writeStringField(mdc.getKey(), mdc.getValue());
                }
            }
            Throwable thrown = record.getThrown();
            if (thrown != null) {
                json.writeObjectFieldStart("error");
                json.writeStringField("type", thrown.getClass().getName());
                json.writeStringField("message", thrown.getMessage());
                json.writeStringField("stack", stackTrace(thrown));
                json.writeEndObject();
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return line.append('\n').toString();
    }

    /** An MDC key that would overwrite one of the line's own fields is left out rather than producing two. */
    private static boolean isReserved(String key) {
        return switch (key) {
            case "timestamp", "level", "logger", "message", "error" -> true;
            default -> false;
        };
    }

    /**
     * java.util.logging names (SEVERE, WARNING, FINE...) come through from libraries too; Lambda knows only its six,
     * and treats any other as INFO.
     */
    static String levelName(Level level) {
        int value = level.intValue();
        if (value >= org.jboss.logmanager.Level.FATAL.intValue()) {
            return "FATAL";
        }
        if (value >= org.jboss.logmanager.Level.ERROR.intValue()) {
            return "ERROR";
        }
        if (value >= org.jboss.logmanager.Level.WARN.intValue()) {
            return "WARN";
        }
        if (value >= org.jboss.logmanager.Level.INFO.intValue()) {
            return "INFO";
        }
        if (value >= org.jboss.logmanager.Level.DEBUG.intValue()) {
            return "DEBUG";
        }
        return "TRACE";
    }

    private static String stackTrace(Throwable thrown) {
        StringWriter trace = new StringWriter();
        thrown.printStackTrace(new PrintWriter(trace));
        return trace.toString();
    }
}
