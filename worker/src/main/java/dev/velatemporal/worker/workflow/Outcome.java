package dev.velatemporal.worker.workflow;

import dev.velatemporal.workflow.GenerationPhase;
import dev.velatemporal.workflow.StepPhase;
import io.temporal.failure.CanceledFailure;
import java.util.List;

/**
 * The outcome table (docs/behaviour.md, "Failure and compensation"): what a generation ends as, for each thing
 * that can interrupt it. Where it lands (a suspend, a timer, an activity in flight, parallel siblings) does not
 * change the row: the running scope is cancelled, in-flight writes end first, and only then is the row applied.
 * One interruption per generation: the first one wins, later ones are recorded or queued by the workflow.
 *
 * @param phase the generation's phase afterwards
 * @param compensates whether the generation's changes are undone
 * @param openSteps what the steps still open become (the failed one itself becomes {@code failed})
 * @param metric the {@code result} tag of {@code vela_rollouts}
 */
record Outcome(GenerationPhase phase, boolean compensates, StepPhase openSteps, String metric) {

    /** What interrupted the generation. */
    enum Cause {
        /** The {@code apply} signal with a new spec: KubeVela restarts its workflow, nothing is undone. */
        NEW_APPLY,
        /** The {@code rollback} signal. */
        ROLLBACK,
        /** The {@code delete} signal: the generation stops as it is, then everything is deleted. */
        DELETE,
        /** The workflow itself was cancelled (the Temporal UI, {@code temporal workflow cancel}). */
        WORKFLOW_CANCEL,
        /** A step failed for good: a non-retryable API error, or a reason the workflow found. */
        STEP_FAILURE,
        /** A readiness wait outlived the rollout's progress deadline. */
        PROGRESS_DEADLINE
    }

    static Outcome of(Cause cause) {
        return switch (cause) {
            case NEW_APPLY -> new Outcome(GenerationPhase.FAILED, false, StepPhase.CANCELLED,
                    RolloutMetrics.SUPERSEDED);
            case DELETE -> new Outcome(GenerationPhase.FAILED, false, StepPhase.CANCELLED,
                    RolloutMetrics.SUPERSEDED);
            case ROLLBACK, WORKFLOW_CANCEL -> new Outcome(GenerationPhase.ROLLED_BACK, true, StepPhase.CANCELLED,
                    GenerationPhase.ROLLED_BACK.value());
            case STEP_FAILURE, PROGRESS_DEADLINE -> new Outcome(GenerationPhase.FAILED, true, StepPhase.SKIPPED,
                    GenerationPhase.FAILED.value());
        };
    }

    /**
     * The generation's message.
     *
     * @param step the step it was at (for a failure: the step that failed)
     * @param why for a failure, the reason
     * @param unrestored what the undo could not restore; anything there makes the generation {@code failed}
     */
    static String message(Cause cause, int generation, String step, String why, List<String> unrestored) {
        String base = switch (cause) {
            case NEW_APPLY -> "generation " + generation + " was superseded at step " + step + " by a new apply";
            case DELETE -> "generation " + generation + " was stopped at step " + step + " by the delete signal";
            case ROLLBACK -> unrestored.isEmpty()
                    ? "rolled back by the rollback signal at step " + step + ": everything is as before generation "
                            + generation
                    : "the rollback signal at step " + step + " could not undo generation " + generation;
            case WORKFLOW_CANCEL -> "the workflow was cancelled at step " + step + "; the changes of generation "
                    + generation + (unrestored.isEmpty() ? " were rolled back" : " could not all be rolled back");
            case STEP_FAILURE, PROGRESS_DEADLINE -> "step " + step + " failed: " + why + "; the changes of generation "
                    + generation + (unrestored.isEmpty() ? " were rolled back" : " could not all be rolled back");
        };
        if (unrestored.isEmpty()) {
            return base;
        }
        return base + ": could not " + unrestored.get(0)
                + (unrestored.size() > 1 ? " (and " + (unrestored.size() - 1) + " more, see events)" : "");
    }

    /** The phase once the undo has run: an undo that failed for good makes any compensated generation failed. */
    GenerationPhase phaseAfter(List<String> unrestored) {
        return compensates && !unrestored.isEmpty() ? GenerationPhase.FAILED : phase;
    }

    /**
     * A cancellation, as the workflow sees one: the scope's own {@link CanceledFailure}, or an activity that ended
     * because it was cancelled ({@code ActivityFailure} caused by one). The second is not a step failure.
     */
    static boolean isCancellation(Throwable failure) {
        return failure instanceof CanceledFailure || failure.getCause() instanceof CanceledFailure;
    }
}
