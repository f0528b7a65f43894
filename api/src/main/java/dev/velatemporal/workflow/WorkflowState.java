package dev.velatemporal.workflow;

import dev.velatemporal.model.Application;
import dev.velatemporal.revision.RevisionHistory;

/**
 * What one run of an Application's workflow carries to the next when it continues as new.
 *
 * @param history every component revision so far, with the stable ones
 * @param lastApplied the spec of the latest generation (null before the first), to tell an unchanged apply
 * @param next the apply that starts the next generation (null: wait for one)
 * @param status the status document as the previous run left it, so queries answer across runs
 * @param baseline what the last successful generation left, which drift repair keeps the cluster at (null before
 *     the first success, and in states carried by runs before drift repair)
 */
public record WorkflowState(RevisionHistory history, Application lastApplied, ApplyRequest next,
        ApplicationStatus status, Baseline baseline) {

    public static WorkflowState initial() {
        return new WorkflowState(RevisionHistory.empty(), null, null, null, null);
    }
}
