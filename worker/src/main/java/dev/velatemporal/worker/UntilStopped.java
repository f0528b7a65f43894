package dev.velatemporal.worker;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import sun.misc.Signal;

/**
 * Keeps a started worker (or dev stack) running until SIGTERM or Ctrl-C, then stops it and returns exit code 0: a
 * stop that was asked for and went cleanly is not an error. The JVM's own handling of SIGTERM runs the shutdown
 * hooks and then exits with 143 whatever they do, so the two signals are taken over here; a shutdown hook still
 * stops the worker when the JVM ends any other way.
 */
public final class UntilStopped {

    static final String[] STOP_SIGNALS = {"TERM", "INT"};
    static final int STOP_FAILED = 1;

    private UntilStopped() {}

    /**
     * Blocks until a stop signal, closes {@code running}, says so on {@code out} ({@code "<what> stopped cleanly
     * (SIGTERM)"}, the line an operator or a supervisor looks for), and returns 0; 1 if stopping failed.
     */
    public static int run(AutoCloseable running, String what, PrintWriter out, PrintWriter err) {
        return run(running, what, out, err, new java.util.concurrent.CompletableFuture<>());
    }

    /**
     * As {@link #run(AutoCloseable, String, PrintWriter, PrintWriter)}; and when {@code broken} completes (a part
     * that the running thing cannot do without has died), stops it at once, says why on {@code err} and returns 1.
     */
    public static int run(AutoCloseable running, String what, PrintWriter out, PrintWriter err,
            java.util.concurrent.CompletionStage<String> broken) {
        CountDownLatch stopRequested = new CountDownLatch(1);
        AtomicReference<String> brokenBecause = new AtomicReference<>();
        broken.thenAccept(reason -> {
            brokenBecause.set(reason);
            stopRequested.countDown();
        });
        AtomicReference<String> signalName = new AtomicReference<>("shutdown");
        AtomicBoolean closed = new AtomicBoolean();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Runnable close = () -> {
            if (closed.compareAndSet(false, true)) {
                try {
                    running.close();
                } catch (Exception e) {
                    failure.set(e);
                }
            }
        };
        for (String name : STOP_SIGNALS) {
            Signal.handle(new Signal(name), signal -> {
                signalName.compareAndSet("shutdown", "SIG" + signal.getName());
                stopRequested.countDown();
            });
        }
        Runtime.getRuntime().addShutdownHook(new Thread(close, "vela-shutdown"));
        try {
            stopRequested.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (brokenBecause.get() != null) {
            close.run();
            err.println(what + ": " + brokenBecause.get() + "; stopped");
            err.flush();
            return STOP_FAILED;
        }
        out.println(what + ": " + signalName.get() + " received, stopping");
        out.flush();
        close.run();
        if (failure.get() != null) {
            err.println(what + ": stopping failed: " + failure.get().getMessage());
            err.flush();
            return STOP_FAILED;
        }
        out.println(what + " stopped cleanly (" + signalName.get() + ")");
        out.flush();
        return 0;
    }
}
