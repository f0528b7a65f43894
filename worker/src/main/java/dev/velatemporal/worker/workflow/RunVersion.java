package dev.velatemporal.worker.workflow;

import io.temporal.workflow.Workflow;

/**
 * Which behaviour a run of the workflow has, by the code version that first ran it (Temporal's
 * {@code getVersion}): runs recorded before a change replay as they were, new runs get the change. Each run asks
 * once per change, at its start; continue-as-new gives every generation a fresh run, so old versions die out by
 * themselves. Each change has its own change ID, so changes made side by side never claim the same number.
 *
 * <p>{@code operable} (version 1) added the {@code Vela*} search attributes, the namespace check before a
 * generation touches the cluster, and cancelling timers that are no longer needed.
 *
 * <p>{@code settled-undo} (version 1) waits, after an undo, until the Deployments it scaled back are ready before
 * the generation ends, so the status reports them as the cluster has them (see
 * {@link Generation#refreshAfterUndo()}).
 *
 * <p>{@code outcomes} (version 1) decides every interruption in one place ({@link Outcome}): a cancellation that
 * reaches an activity is a cancellation, not a step failure; the first interruption wins; writes wait for their
 * cancellation to complete; undos are registered before their change and run capacity first
 * ({@link Compensation}); parallel steps stop their siblings before anything is undone; an undo that fails is
 * reported; and only a valid spec becomes the one {@code delete} walks.
 *
 * <p>{@code ownership} (version 1) carries every object the Application owns ({@link Ownership}): a generation
 * that succeeds deletes what it no longer wants, and {@code delete} deletes everything owned, whatever spec
 * created it, but only objects labelled as the Application's.
 * <p>{@code drift-repair} (version 1) keeps the cluster at the last successful generation while idle: the idle
 * wait asks the worker's reconcile interval (a local activity), starts a timer of it (never cancelled) and waits
 * for it, the next apply or delete, or {@code reconcile}; it repairs drift when the timer fires or {@code reconcile}
 * asks ({@link DriftRepair}), and continues as new when Temporal suggests it. Runs before it waited for the next
 * apply only, with no timer.
 *
 * @param value the {@code operable} version
 * @param settledUndo the {@code settled-undo} version
 * @param outcomes the {@code outcomes} version
 * @param ownership the {@code ownership} version
 * @param driftRepair the {@code drift-repair} version
 */
record RunVersion(int value, int settledUndo, int outcomes, int ownership, int driftRepair) {

    static final String CHANGE_ID = "operable";
    static final int OPERABLE = 1;
    static final String SETTLED_UNDO_CHANGE_ID = "settled-undo";
    static final int SETTLED_UNDO = 1;
    static final String OUTCOMES_CHANGE_ID = "outcomes";
    static final int OUTCOMES = 1;
    static final String OWNERSHIP_CHANGE_ID = "ownership";
    static final int OWNERSHIP = 1;
    static final String DRIFT_REPAIR_CHANGE_ID = "drift-repair";
    static final int DRIFT_REPAIR = 1;

    static RunVersion current() {
        return new RunVersion(Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, OPERABLE),
                Workflow.getVersion(SETTLED_UNDO_CHANGE_ID, Workflow.DEFAULT_VERSION, SETTLED_UNDO),
                Workflow.getVersion(OUTCOMES_CHANGE_ID, Workflow.DEFAULT_VERSION, OUTCOMES),
                Workflow.getVersion(OWNERSHIP_CHANGE_ID, Workflow.DEFAULT_VERSION, OWNERSHIP),
                Workflow.getVersion(DRIFT_REPAIR_CHANGE_ID, Workflow.DEFAULT_VERSION, DRIFT_REPAIR));
    }

    /** A run before any versioned change, as signal handlers see one before the run has started. */
    static RunVersion original() {
        return new RunVersion(Workflow.DEFAULT_VERSION, Workflow.DEFAULT_VERSION, Workflow.DEFAULT_VERSION,
                Workflow.DEFAULT_VERSION, Workflow.DEFAULT_VERSION);
    }

    boolean upsertsSearchAttributes() {
        return value >= OPERABLE;
    }

    boolean checksNamespace() {
        return value >= OPERABLE;
    }

    boolean cancelsSpentTimers() {
        return value >= OPERABLE;
    }

    boolean settlesAfterUndo() {
        return settledUndo >= SETTLED_UNDO;
    }

    /** Interruptions decided by {@link Outcome}, undos by {@link Compensation}, siblings stopped before undoing. */
    boolean decidesOutcomes() {
        return outcomes >= OUTCOMES;
    }

    /** Objects owned and garbage-collected ({@link Ownership}). */
    boolean ownsObjects() {
        return ownership >= OWNERSHIP;
    }

    /** Idle: a drift check at the worker's reconcile interval and on {@code reconcile}; continue-as-new if suggested. */
    boolean repairsDrift() {
        return driftRepair >= DRIFT_REPAIR;
    }
}
