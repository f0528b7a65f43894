package dev.velatemporal.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.LogRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where everything the demo does not narrate goes: one file, {@code .vela-temporal/demo.log} where the demo runs.
 * Logback writes it (vela-demo-logback.xml); java.util.logging, which fabric8's mock API server and gRPC use and
 * which would print on the terminal, is handed over to it.
 */
final class DemoLog {

    static final Path FILE = Path.of(".vela-temporal", "demo.log");

    private DemoLog() {}

    /** Before anything logs: logback reads its configuration once, at the first logger. */
    static Path install() {
        Path file = FILE.toAbsolutePath();
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + file.getParent() + ": " + e.getMessage(), e);
        }
        System.setProperty("vela.demo.log", file.toString());
        // The worker's and the starter's jars each carry a logback.xml; the demo's narration wants its own.
        System.setProperty("logback.configurationFile", "vela-demo-logback.xml");
        java.util.logging.Logger root = LogManager.getLogManager().getLogger("");
        for (Handler handler : root.getHandlers()) {
            root.removeHandler(handler);
        }
        root.addHandler(new ToLogback());
        return file;
    }

    /** java.util.logging records at WARNING and above, as logback warnings and errors of the same logger. */
    private static final class ToLogback extends Handler {

        private static final java.util.logging.Formatter MESSAGE = new java.util.logging.SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            if (record.getLevel().intValue() < Level.WARNING.intValue()) {
                return;
            }
            Logger logger = LoggerFactory.getLogger(record.getLoggerName() == null ? "jul" : record.getLoggerName());
            String message = MESSAGE.formatMessage(record); // fills in the record's {0} parameters
            if (record.getLevel().intValue() >= Level.SEVERE.intValue()) {
                logger.error(message, record.getThrown());
            } else {
                logger.warn(message, record.getThrown());
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
