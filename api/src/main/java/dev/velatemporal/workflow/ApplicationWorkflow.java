package dev.velatemporal.workflow;

import dev.velatemporal.model.Application;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One long-lived workflow per Application (docs/behaviour.md section 3), ID {@code <namespace>.<name>}, started by
 * signal-with-start of {@link #apply}. Each apply starts a generation: the Application's steps, run as a saga.
 * Between generations it continues as new, carrying its {@link WorkflowState}, so its history stays small however
 * many releases the Application has.
 *
 * <p>{@code resume}, {@code rollback}, {@code delete} and {@code reconcile} take no payload, so
 * {@code temporal workflow signal --workflow-id default.book-info --name resume} works as it is.
 */
@WorkflowInterface
public interface ApplicationWorkflow {

    /** @param state what the previous run carried over; {@link WorkflowState#initial()} on the first start */
    @WorkflowMethod
    void run(WorkflowState state);

    /** A new generation; a running one is cancelled without compensation. An unchanged spec is a no-op. */
    @SignalMethod
    void apply(ApplyRequest request);

    /** Ends the current {@code suspend} step; ignored, and recorded, when nothing is suspended. */
    @SignalMethod
    void resume();

    /** Aborts the running or suspended generation and compensates it: back to the stable revisions. */
    @SignalMethod
    void rollback();

    /** Deletes everything the Application created; then the workflow completes. */
    @SignalMethod
    void delete();

    /**
     * Repairs drift now: the owned objects that differ from what the last successful generation left are put back.
     * Ignored, and recorded, while a generation runs or is suspended, or before any generation succeeded.
     */
    @SignalMethod
    void reconcile();

    /** The status document (docs/behaviour.md section 3), as {@code starter status -o json} prints it. */
    @QueryMethod
    ApplicationStatus status();

    /**
     * Judges {@code application} against this workflow's revision history without changing anything: what the
     * starter asks before it sends {@link #apply}, so an apply the history refuses starts nothing.
     */
    @QueryMethod
    ApplyCheck check(Application application);
}
