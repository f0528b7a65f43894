package dev.velatemporal.worker.logging;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import org.slf4j.LoggerFactory;

/** How the worker writes its log: text lines for people (logback.xml) or JSON lines for log collectors. */
public enum LogFormat {
    TEXT(null),
    JSON("/vela-json-logback.xml");

    private final String configuration;

    LogFormat(String configuration) {
        this.configuration = configuration;
    }

    /** {@code text} or {@code json}, as the flag is written. */
    public static LogFormat parse(String text) {
        for (LogFormat format : values()) {
            if (format.name().equalsIgnoreCase(text)) {
                return format;
            }
        }
        throw new IllegalArgumentException("unknown log format " + text + "; use text or json");
    }

    /** Switches logback to this format; TEXT keeps the configuration logback started with. */
    public void apply() {
        if (configuration == null || !(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            return;
        }
        URL resource = LogFormat.class.getResource(configuration);
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        context.reset();
        try {
            configurator.doConfigure(resource);
        } catch (JoranException e) {
            throw new IllegalStateException("cannot configure " + name().toLowerCase() + " logging: "
                    + e.getMessage(), e);
        }
    }
}
