package com.refundpipeline.logging;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.interceptor.Interceptor;
import java.util.logging.Handler;
import org.jboss.logmanager.ExtHandler;
import org.jboss.logmanager.LogContext;
import org.jboss.logmanager.handlers.ConsoleHandler;

/**
 * Puts {@link JsonLogFormatter} on the console handler as the application starts, before any function runs.
 * (quarkus-logging-json would do this at build time, but its deployment artifact is not on the Maven mirror this
 * project builds from; the few lines Quarkus writes while booting keep the plain format.) Lambda sends the console
 * to CloudWatch Logs, where the template's metric filters match fields of these lines.
 */
public class JsonConsoleLogs {

    void install(@Observes @Priority(Interceptor.Priority.PLATFORM_BEFORE) StartupEvent startup) {
        for (Handler handler : LogContext.getLogContext().getLogger("").getHandlers()) {
            install(handler);
        }
    }

    /** Quarkus wraps the console handler (in a delayed handler while it boots): look inside the wrappers. */
    private static void install(Handler handler) {
        if (handler instanceof ConsoleHandler console) {
            if (!(console.getFormatter() instanceof JsonLogFormatter)) {
                console.setFormatter(new JsonLogFormatter());
            }
        } else if (handler instanceof ExtHandler wrapper) {
            for (Handler inner : wrapper.getHandlers()) {
                install(inner);
            }
        }
    }
}
