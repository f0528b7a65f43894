package dev.velatemporal.worker;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import sun.misc.Signal;

/**
 * Keeps a started worker (or dev stack) running until SIGTERM or Ctrl-C, then stops it and returns exit code 0: a
 * stop that was asked for and went cleanly is not an error. The JVM's own handling of SIGTERM runs the shutdown
 * hooks and then exits with 143 whatever they do, so the two signals are taken over here; a shutdown hook still
 * stops the worker when the JVM ends any other way.
 */
public final class UntilStopped {

    static final String[] STOP_SIGNALS = {"TERM", "INT"};

    private UntilStopped() {}

    /** Blocks until a stop signal, closes {@code running}, and returns 0. */
    public static int run(AutoCloseable running, PrintWriter err) {
        CountDownLatch stopRequested = new CountDownLatch(1);
        AtomicBoolean closed = new AtomicBoolean();
        Runnable close = () -> {
            if (closed.compareAndSet(false, true)) {
                try {
                    running.close();
                } catch (Exception e) {
                    err.println("worker: stopping: " + e.getMessage());
                    err.flush();
                }
            }
        };
        for (String name : STOP_SIGNALS) {
            Signal.handle(new Signal(name), signal -> stopRequested.countDown());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(close, "vela-shutdown"));
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        close.run();
        return 0;
    }
}
