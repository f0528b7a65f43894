package dev.velatemporal.client;

import io.grpc.Context;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Runs an SDK call under a gRPC context deadline. The SDK retries a failed call for up to a minute (its default
 * RPC retry expiration) and gives each query attempt its own few seconds, so a query nobody answers took the
 * starter three minutes; its retryer stops at the context's deadline, and so does every gRPC call under it.
 */
final class Bounded {

    private static final ScheduledExecutorService TIMER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "vela-deadlines");
        thread.setDaemon(true);
        return thread;
    });

    private Bounded() {}

    static <T> T call(Duration limit, Supplier<T> call) {
        Context.CancellableContext context = Context.current()
                .withDeadlineAfter(limit.toMillis(), TimeUnit.MILLISECONDS, TIMER);
        try {
            return context.call(call::get);
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        } finally {
            context.cancel(null);
        }
    }

    static void run(Duration limit, Runnable call) {
        call(limit, () -> {
            call.run();
            return null;
        });
    }

    /** Whether {@code e}, or what caused it, is a deadline that passed. */
    static boolean isDeadline(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof StatusRuntimeException status
                    && status.getStatus().getCode() == Status.Code.DEADLINE_EXCEEDED) {
                return true;
            }
        }
        return false;
    }
}
