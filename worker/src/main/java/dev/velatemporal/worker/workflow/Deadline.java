package dev.velatemporal.worker.workflow;

import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.TimerOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * A wait with a limit, as a named timer (the Temporal UI shows the name on the timer): waits until the condition
 * holds or the time is up. Replaces {@code Workflow.await(Duration, condition)}, which makes the same timer
 * without a name. Workflow code.
 */
final class Deadline {

    private Deadline() {}

    /**
     * @param cancelWhenMet cancel the timer once the condition holds, so it does not fire later for nothing (runs
     *     recorded before that was done have no cancel command, so must not get one on replay)
     * @return true when the condition held before the time was up
     */
    static boolean await(Duration limit, String summary, boolean cancelWhenMet, Supplier<Boolean> condition) {
        Promise<?>[] timer = new Promise<?>[1];
        CancellationScope scope = Workflow.newCancellationScope(() ->
                timer[0] = Workflow.newTimer(limit, TimerOptions.newBuilder().setSummary(summary).build()));
        scope.run();
        // A cancelled timer fails its promise, which nobody reads: say that is expected, or the SDK warns of a
        // failure "never accessed" when the run ends.
        timer[0].exceptionally(cancelled -> null);
        Workflow.await(() -> timer[0].isCompleted() || condition.get());
        if (!cancelWhenMet) {
            return !timer[0].isCompleted(); // exactly as Workflow.await decided, for runs it recorded
        }
        boolean met = condition.get();
        if (met && !timer[0].isCompleted()) {
            scope.cancel("the wait is over");
        }
        return met;
    }
}
