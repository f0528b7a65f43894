package dev.velatemporal.devstack;

import com.google.protobuf.ByteString;
import java.time.Duration;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/**
 * The workflow tasks handed out to workers and not answered yet, by workflow ID; waiting for a workflow to have
 * none. A task nobody answers (its worker died) counts for {@code timeout} at most, as the server gives it up then.
 */
final class TasksInFlight {

    private record Task(String workflowId, long deadlineNanos) {}

    private final Map<ByteString, Task> tasks = new HashMap<>();
    private final long timeoutNanos;

    TasksInFlight(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
    }

    synchronized void handedOut(ByteString token, String workflowId) {
        tasks.put(token, new Task(workflowId, System.nanoTime() + timeoutNanos));
    }

    synchronized void answered(ByteString token) {
        if (tasks.remove(token) != null) {
            notifyAll();
        }
    }

    /** Returns when no task of {@code workflowId} is in flight (or the last one has timed out). */
    synchronized void awaitNoneFor(String workflowId) {
        long left;
        while ((left = longestLeft(workflowId)) > 0) {
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** How long the workflow's tasks in flight may still take, in nanoseconds; 0 when none. Drops timed-out ones. */
    private long longestLeft(String workflowId) {
        long now = System.nanoTime();
        long longest = 0;
        for (Iterator<Task> it = tasks.values().iterator(); it.hasNext(); ) {
            Task task = it.next();
            long left = task.deadlineNanos() - now;
            if (left <= 0) {
                it.remove();
            } else if (task.workflowId().equals(workflowId)) {
                longest = Math.max(longest, left);
            }
        }
        return longest;
    }
}
