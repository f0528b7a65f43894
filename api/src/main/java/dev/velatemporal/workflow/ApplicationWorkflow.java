package dev.velatemporal.workflow;

import dev.velatemporal.model.Application;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.UpdateMethod;
import io.temporal.workflow.UpdateValidatorMethod;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/**
 * One long-lived workflow per Application (docs/behaviour.md section 3), ID {@code <namespace>.<name>}, started by
 * Update-with-Start of the {@code apply} update (or signal-with-start of the {@code apply} signal). Each apply starts
 * a generation: the Application's steps, run as a saga. Between generations it continues as new, carrying its
 * {@link WorkflowState}, so its history stays small however many releases the Application has.
 *
 * <p>{@code apply}, {@code resume}, {@code rollback}, {@code delete} and {@code reconcile} are each both a signal (fire and forget) and
 * an update of the same name (the caller gets an {@link UpdateAnswer}, or a rejection that leaves no event in the
 * history); so is {@code reconcile}. None but {@code apply} takes a payload, so
 * {@code temporal workflow signal --workflow-id default.book-info --name resume} and
 * {@code temporal workflow update execute --workflow-id default.book-info --name resume} work as they are.
 *
 * <p>Who sent an {@code apply}, {@code resume}, {@code rollback} or {@code delete} travels in the
 * {@code vela-sender} header ({@link dev.velatemporal.identity.Senders}), not in the payload: the status events and
 * the {@link #history} record it; one without the header is recorded as from an unnamed sender.
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
     * The {@code apply} update: as the signal, answered with the generation the spec runs as, or that it is unchanged
     * (then nothing happens unless {@code force}). Rejected, with every problem as {@code path: message}, when the spec
     * is invalid or does not fit the revision history (what {@link #check} finds), or while the Application is being
     * deleted.
     */
    @UpdateMethod(name = "apply")
    UpdateAnswer applyUpdate(ApplyRequest request);

    @UpdateValidatorMethod(updateName = "apply")
    void validateApply(ApplyRequest request);

    /** The {@code resume} update: as the signal; rejected when nothing is suspended. */
    @UpdateMethod(name = "resume")
    UpdateAnswer resumeUpdate();

    @UpdateValidatorMethod(updateName = "resume")
    void validateResume();

    /** The {@code rollback} update: as the signal; rejected when no generation is running or suspended. */
    @UpdateMethod(name = "rollback")
    UpdateAnswer rollbackUpdate();

    @UpdateValidatorMethod(updateName = "rollback")
    void validateRollback();

    /** The {@code delete} update: as the signal; rejected when a delete is already under way. */
    @UpdateMethod(name = "delete")
    UpdateAnswer deleteUpdate();

    @UpdateValidatorMethod(updateName = "delete")
    void validateDelete();

    /**
     * The {@code reconcile} update: as the signal, answered once the drift check has been asked for; rejected while
     * a generation runs or is suspended, before any generation succeeded, or while the Application is deleted.
     */
    @UpdateMethod(name = "reconcile")
    UpdateAnswer reconcileUpdate();

    @UpdateValidatorMethod(updateName = "reconcile")
    void validateReconcile();

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
     * The latest {@link WorkflowState#GENERATIONS_KEPT} generations, oldest first: what each deployed, who applied it
     * and when, who resumed its suspended steps, who rolled it back or deleted it, and how it ended. The workflow's
     * own record, carried across continue-as-new ({@code bin/starter history} prints it).
     */
    @QueryMethod
    java.util.List<GenerationRecord> history();

    /**
     * Judges {@code application} against this workflow's revision history without changing anything: what the
     * {@code apply} update's validator finds, for a caller that wants to know without applying.
     */
    @QueryMethod
    ApplyCheck check(Application application);
}
