package dev.velatemporal.worker.workflow;

import io.temporal.workflow.Workflow;

/**
 * Which behaviour a run of the workflow has, by the code version that first ran it (Temporal's
 * {@code getVersion}): runs recorded before a change replay as they were, new runs get the change. Each run asks
 * once, at its start; continue-as-new gives every generation a fresh run, so old versions die out by themselves.
 *
 * <p>Version 1 ("operable") added the {@code Vela*} search attributes, the namespace check before a generation
 * touches the cluster, and cancelling timers that are no longer needed.
 */
record RunVersion(int value) {

    static final String CHANGE_ID = "operable";
    static final int OPERABLE = 1;

    static RunVersion current() {
        return new RunVersion(Workflow.getVersion(CHANGE_ID, Workflow.DEFAULT_VERSION, OPERABLE));
    }

    /** A run before any versioned change, as signal handlers see one before the run has started. */
    static RunVersion original() {
        return new RunVersion(Workflow.DEFAULT_VERSION);
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
}
