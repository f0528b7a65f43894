package dev.velatemporal.client;

import dev.velatemporal.connection.TemporalConnection;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateTimeoutOrCancelledException;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;

/**
 * Waits for the answer to one query (or update), as long as a worker is there to give it. A worker that polls answers in
 * milliseconds, so after {@link ApplicationClient#ANSWER_LIMIT} of silence the workflow's history is read: a worker
 * that took one of its tasks in the last minute is busy (a cold JVM's first workflow task, a failed task retried)
 * and is given until the patience is spent; otherwise there is no worker to wait for.
 */
final class QueryWait {

    /** How long a worker that answers nothing still counts as at work after it last took a workflow task. */
    static final Duration RECENT = Duration.ofMinutes(1);
    /** How long a worker at work may take to answer when the command sets no patience of its own. */
    static final Duration BUSY_PATIENCE = Duration.ofSeconds(30);
    /** Queries that reach the server while the workflow continues as new can be lost: ask a few times. */
    private static final int ATTEMPTS = 3;

    private final TemporalConnection connection;
    private final ApplicationRef ref;
    private final String name;
    private final Instant start = Instant.now();
    private final Instant busyUntil;
    private final java.util.function.BooleanSupplier workersPolling;

    /**
     * @param name what is asked, as a message names it: {@code status query}, {@code resume update}
     * @param patientUntil until when a busy worker may answer; null for {@link #BUSY_PATIENCE} from now
     */
    QueryWait(TemporalConnection connection, ApplicationRef ref, String name, Instant patientUntil) {
        this(connection, ref, name, patientUntil, () -> false);
    }

    /**
     * @param workersPolling whether the server saw workers poll the task queue lately: then silence is a worker
     *     held up, not a missing one (a real server hands a query to the sticky queue of the worker that ran the
     *     workflow last; when that worker was killed, the query waits until the server gives up on it, and a
     *     5 s limit turned a worker replaced mid-rollout into "no worker answered")
     */
    QueryWait(TemporalConnection connection, ApplicationRef ref, String name, Instant patientUntil,
            java.util.function.BooleanSupplier workersPolling) {
        this.connection = connection;
        this.ref = ref;
        this.name = name;
        this.busyUntil = patientUntil != null ? patientUntil : start.plus(BUSY_PATIENCE);
        this.workersPolling = workersPolling;
    }

    /**
     * @param query the SDK call; a {@link WorkflowNotFoundException} or a rejected update passes through (an update
     *     is asked again with the same update ID, so it is applied once)
     * @param noWorker the failure to throw when no worker answers and none took a task lately
     */
    <T> T answer(Supplier<T> query, Supplier<RemoteFailure> noWorker) {
        Instant giveUp = start.plus(ApplicationClient.ANSWER_LIMIT);
        boolean busy = false;
        boolean tookTasks = false;
        RuntimeException last = null;
        int failures = 0;
        while (true) {
            Duration left = Duration.between(Instant.now(), giveUp);
            if (left.isNegative() || left.isZero()) {
                if (!busy && busyUntil.isAfter(Instant.now())
                        && ((tookTasks = workerAtWork()) || workersPolling.getAsBoolean())) {
                    busy = true;
                    giveUp = busyUntil;
                    continue;
                }
                break;
            }
            try {
                return Bounded.call(left, query);
            } catch (WorkflowNotFoundException | WorkflowUpdateException e) {
                throw e;
            } catch (WorkflowUpdateTimeoutOrCancelledException e) {
                last = e; // the update's own wait ended: silence, as a deadline
            } catch (RuntimeException e) {
                last = e;
                // Anything but silence is asked again a few times: a query can be lost while a run continues as new.
                if (!Bounded.isDeadline(e) && ++failures >= ATTEMPTS) {
                    break;
                }
            }
        }
        if (last != null && !Bounded.isDeadline(last)
                && !(last instanceof WorkflowUpdateTimeoutOrCancelledException)) {
            throw new RemoteFailure("the " + name + " of " + ref.workflowId() + " failed: " + rootMessage(last));
        }
        if (busy && tookTasks) {
            throw new RemoteFailure("a worker took tasks of " + ref.workflowId() + " within the last minute but has"
                    + " not answered its " + name + " in " + Duration.between(start, Instant.now()).toSeconds()
                    + " s: it is busy or failing (see its log); try again shortly, or follow it with bin/starter"
                    + " watch " + ref.name() + (ref.namespace().equals("default") ? "" : " -n " + ref.namespace()));
        }
        throw noWorker.get();
    }

    /** Whether a worker started, completed or failed one of the workflow's tasks lately. */
    private boolean workerAtWork() {
        Instant recent = Instant.now().minus(RECENT);
        return WorkerTraces.lastTaskTaken(connection, ref.workflowId()).filter(recent::isBefore).isPresent();
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }
}
