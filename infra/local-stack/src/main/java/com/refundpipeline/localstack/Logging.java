package com.refundpipeline.localstack;

import java.util.logging.Handler;
import java.util.logging.Level;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.Logger;
import org.jboss.logmanager.formatters.PatternFormatter;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * Routes what the embedded servers log (DynamoDB Local through log4j2, ElasticMQ through slf4j, the JDK through
 * java.util.logging) to one JBoss LogManager console handler, at WARN so their start-up chatter stays out of the
 * way, in the same column layout as the stack's own lines.
 */
public final class Logging {

    private Logging() {}

    /** Call first thing in main, before anything touches java.util.logging. */
    public static void configure() {
        System.setProperty("java.util.logging.manager", "org.jboss.logmanager.LogManager");
        Logger root = LogContext.getLogContext().getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        String prefix = String.format("%-16s| ", "embedded").replace("%", "%%");
        ConsoleHandler handler = new ConsoleHandler(
                ConsoleHandler.Target.SYSTEM_OUT,
                new PatternFormatter(prefix + "%d{HH:mm:ss.SSS} %-5p [%c{1.}] %s%e%n"));
        root.addHandler(handler);
        root.setLevel(Level.WARNING);
    }
}
