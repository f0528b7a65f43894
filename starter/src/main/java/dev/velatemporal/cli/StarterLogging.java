package dev.velatemporal.cli;

import java.util.logging.Handler;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Keeps library logging off the terminal of {@code bin/starter}: the starter says what went wrong in one line of
 * its own. SLF4J (the Temporal SDK) goes through the starter's logback file, which logs nothing, or to the file in
 * {@code VELA_STARTER_LOG}. java.util.logging (gRPC: 80 lines of warnings for an unknown host) goes the same way.
 * A thread that dies of an exception is logged there too, instead of printing its stack trace.
 */
final class StarterLogging {

    static final String LOG_FILE_ENV = "VELA_STARTER_LOG";
    static final String LOG_LEVEL_ENV = "VELA_STARTER_LOG_LEVEL";

    private StarterLogging() {}

    /** Call before the first logger exists, from {@code main} only: tests keep their own logging. */
    static void configure() {
        String file = System.getenv(LOG_FILE_ENV);
        boolean toFile = file != null && !file.isBlank();
        // bin/starter runs with the worker's jar on the class path too, and each carries a logback.xml: the starter
        // names its own.
        if (System.getProperty("logback.configurationFile") == null) {
            if (toFile) {
                System.setProperty("vela.starter.log", file.strip());
                String level = System.getenv(LOG_LEVEL_ENV);
                if (level != null && !level.isBlank()) {
                    System.setProperty("vela.starter.log.level", level.strip());
                }
            }
            System.setProperty("logback.configurationFile",
                    toFile ? "vela-starter-logback-file.xml" : "vela-starter-logback.xml");
        }
        LogManager.getLogManager().reset(); // removes the console handler that prints to stderr
        Logger root = Logger.getLogger("");
        if (toFile) {
            root.setLevel(java.util.logging.Level.INFO);
            root.addHandler(new ToSlf4j());
        } else {
            root.setLevel(java.util.logging.Level.OFF);
        }
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> LoggerFactory.getLogger(StarterLogging.class)
                .error("thread {} ended with an exception", thread.getName(), e));
    }

    /** java.util.logging records, logged through SLF4J under the same logger name. */
    private static final class ToSlf4j extends Handler {

        @Override
        public void publish(LogRecord record) {
            org.slf4j.Logger logger = LoggerFactory.getLogger(String.valueOf(record.getLoggerName()));
            String message = new java.util.logging.SimpleFormatter().formatMessage(record);
            logger.atLevel(level(record.getLevel())).setCause(record.getThrown()).log(message);
        }

        private static Level level(java.util.logging.Level level) {
            int value = level.intValue();
            return value >= java.util.logging.Level.SEVERE.intValue() ? Level.ERROR
                    : value >= java.util.logging.Level.WARNING.intValue() ? Level.WARN
                    : value >= java.util.logging.Level.INFO.intValue() ? Level.INFO
                    : value >= java.util.logging.Level.FINE.intValue() ? Level.DEBUG
                    : Level.TRACE;
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
