package dev.velatemporal.worker.workflow;

import com.uber.m3.tally.Scope;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.Map;

/**
 * The rollout metrics the workflow reports, through the SDK's workflow metrics scope: it drops what is recorded
 * while a history is replayed, so each step and each generation is counted once, by the worker that ran it live.
 * Metric names are Prometheus-style; the worker's registry adds the unit and {@code _total} suffixes.
 */
final class RolloutMetrics {

    static final String STEP_DURATION = "vela_step_duration";
    static final String ROLLOUTS = "vela_rollouts";
    static final String UNDO_FAILURES = "vela_undo_failures";

    /** How a generation ended: succeeded, failed, rolledBack, or superseded by a newer apply. */
    static final String SUPERSEDED = "superseded";

    void stepFinished(String stepType, Duration took) {
        scope().tagged(Map.of("step_type", stepType)).timer(STEP_DURATION)
                .record(com.uber.m3.util.Duration.ofMillis(took.toMillis()));
    }

    void generationEnded(String result) {
        scope().tagged(Map.of("result", result)).counter(ROLLOUTS).inc(1);
    }

    /** Undos that failed for good: each is something the cluster could not get back. */
    void undosFailed(int count) {
        if (count > 0) {
            scope().counter(UNDO_FAILURES).inc(count);
        }
    }

    private static Scope scope() {
        return Workflow.getMetricsScope();
    }
}
