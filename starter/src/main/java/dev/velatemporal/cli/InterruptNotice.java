package dev.velatemporal.cli;

import dev.velatemporal.client.ApplicationRef;
import java.io.PrintWriter;
import java.util.function.Supplier;

/**
 * While a command waits on a rollout, Ctrl-C ends the command and not the rollout, which goes on in Temporal: one
 * line says so and how to follow it again. A shutdown hook, so the JVM still exits as a signal ends it (130 for
 * SIGINT); removed when the wait is over, so a command that ends by itself prints nothing more.
 */
final class InterruptNotice {

    private final Thread hook;

    private InterruptNotice(PrintWriter err, String line) {
        hook = new Thread(() -> {
            // After the terminal's ^C, on a line of its own.
            err.println((System.console() != null ? "\n" : "") + line);
            err.flush();
        }, "vela-interrupt-notice");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Runs {@code wait}, a wait on {@code ref}'s rollout, with the notice in place. */
    static <T> T whileFollowing(PrintWriter err, ApplicationRef ref, Supplier<T> wait) {
        InterruptNotice notice = new InterruptNotice(err, "interrupted: the rollout of " + ref.name() + " goes on in"
                + " Temporal; follow it with bin/starter watch " + ref.name() + Outcome.namespaceFlag(ref.namespace()));
        try {
            return wait.get();
        } finally {
            notice.remove();
        }
    }

    private void remove() {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down: the hook is running, and it is the last word.
        }
    }
}
