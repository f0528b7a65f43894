package dev.velatemporal.worker.workflow;

import dev.velatemporal.model.Application;
import dev.velatemporal.revision.RevisionHistory;
import dev.velatemporal.revision.RevisionPlan;
import dev.velatemporal.revision.RevisionPlanner;
import dev.velatemporal.validation.ApplicationValidator;
import dev.velatemporal.validation.HistoryValidator;
import dev.velatemporal.validation.Problem;
import dev.velatemporal.worker.logging.LogContext;
import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.ApplicationWorkflow;
import dev.velatemporal.workflow.ApplyCheck;
import dev.velatemporal.workflow.ApplyRequest;
import dev.velatemporal.workflow.Baseline;
import dev.velatemporal.workflow.GenerationPhase;
import dev.velatemporal.workflow.StepPhase;
import dev.velatemporal.workflow.WorkflowState;
import io.temporal.activity.LocalActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.failure.ActivityFailure;
import io.temporal.failure.ApplicationFailure;
import io.temporal.failure.CanceledFailure;
import io.temporal.workflow.CancellationScope;
import io.temporal.workflow.Promise;
import io.temporal.workflow.Saga;
import io.temporal.workflow.TimerOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * An Application's workflow: waits for an apply, runs it as a generation, and continues as new with what it
 * learnt (the revision history, the spec, the status), so each run's history holds one generation.
 *
 * <p>Signals only set state or cancel the running generation; the main loop does the work. That keeps every
 * decision in one place, deterministic, and replayable.
 */
public class ApplicationWorkflowImpl implements ApplicationWorkflow {

    private static final Logger log = Workflow.getLogger(ApplicationWorkflowImpl.class);

    /** Why the running generation was cancelled: decides whether its changes are undone. */
    private enum Interruption { NONE, NEW_APPLY, ROLLBACK, DELETE }

    private ActivityStubs stubs = new ActivityStubs();
    private final Approval approval = new Approval();
    private final RolloutMetrics metrics = new RolloutMetrics();
    private RunVersion version = RunVersion.original();
    private RevisionHistory history = RevisionHistory.empty();
    private Application lastApplied;
    private ApplyRequest next;
    private boolean deleteRequested;
    private StatusBoard status;
    private CancellationScope running;
    private Interruption interruption = Interruption.NONE;
    /** What the last successful generation left: what drift repair keeps the cluster at. */
    private Baseline baseline;
    /** Set from a generation's start to its end: {@code reconcile} is ignored meanwhile. */
    private boolean generating;
    private boolean reconcileRequested;
    /** Set while drift is being repaired: an apply or delete cancels it, and goes first. */
    private CancellationScope repairing;
    private boolean started;

    @Override
    public void run(WorkflowState state) {
        version = RunVersion.current();
        stubs = new ActivityStubs(version.decidesOutcomes());
        WorkflowState carried = state != null ? state : WorkflowState.initial();
        history = carried.history();
        lastApplied = carried.lastApplied();
        baseline = carried.baseline();
        if (next == null) {
            next = carried.next();
        }
        status = StatusBoard.resume(carried.status(), lastApplied, history, applicationName(), namespace(),
                Workflow.getInfo().getWorkflowId());
        status.onChange(new StatusPublisher(version.upsertsSearchAttributes())::publish);
        started = true;
        while (true) {
            if (version.repairsDrift()) {
                idle();
            } else {
                Workflow.await(() -> next != null || deleteRequested);
            }
            if (deleteRequested) {
                deleteEverything();
                return;
            }
            ApplyRequest request = next;
            next = null;
            if (request.application().equals(lastApplied) && !request.force()) {
                status.event("apply ignored: the spec is unchanged since generation " + status.generation()
                        + " (use --force to run it again)");
                continue;
            }
            runGeneration(request.application());
            if (version.decidesOutcomes() && CancellationScope.current().isCancelRequested()) {
                // Cancelled while the generation's outcome was being applied: the outcome stands, the run ends.
                throw new CanceledFailure("the workflow was cancelled");
            }
            if (deleteRequested) {
                deleteEverything();
                return;
            }
            // One generation per run keeps every run's history short, however many releases come.
            Workflow.continueAsNew(carriedState());
        }
    }

    private WorkflowState carriedState() {
        return new WorkflowState(history, lastApplied, next, status.snapshot(), baseline);
    }

    /**
     * Between generations ({@code drift-repair}): waits for the next apply or delete, and meanwhile keeps the
     * cluster at the last successful generation, checking for drift at the worker's reconcile interval and when
     * {@code reconcile} asks. Continues as new when Temporal suggests it, so an Application that stays idle for
     * months keeps a short history.
     *
     * <p>The interval's timer is never cancelled: a {@code reconcile} leaves it running (the next periodic check
     * stays where it was), and an apply or delete leaves it to fire once, for nothing, during the generation whose
     * run then continues as new. Cancelling it raced its firing, which Temporal's test server does not survive.
     */
    private void idle() {
        DriftRepair drift = new DriftRepair(stubs, status, applicationName(), namespace());
        Promise<Void> timer = null;
        while (next == null && !deleteRequested) {
            if (!reconcileRequested && Workflow.getInfo().isContinueAsNewSuggested()) {
                Workflow.continueAsNew(carriedState());
            }
            if (baseline != null && (timer == null || timer.isCompleted())) {
                Duration interval = reconcileInterval();
                timer = interval.isZero() ? null : Workflow.newTimer(interval, TimerOptions.newBuilder()
                        .setSummary("check " + applicationName() + " for drift in "
                                + ReconcileSchedule.describe(interval))
                        .build());
            }
            Promise<Void> due = timer;
            Workflow.await(() -> next != null || deleteRequested || reconcileRequested
                    || due != null && due.isCompleted());
            if (next != null || deleteRequested) {
                return;
            }
            boolean asked = reconcileRequested;
            reconcileRequested = false;
            if (baseline == null) {
                status.event("reconcile ignored: no generation has succeeded yet, so there is nothing to keep");
                continue;
            }
            Baseline kept = baseline;
            repairing = Workflow.newCancellationScope(() -> drift.repair(kept, history, asked));
            try {
                repairing.run();
            } catch (CanceledFailure | ActivityFailure e) {
                // DriftRepair lets only cancellations through: a cancelled activity surfaces as an ActivityFailure.
                if (!Outcome.isCancellation(e)) {
                    throw e;
                }
                if (CancellationScope.current().isCancelRequested()) {
                    throw e instanceof CanceledFailure cancellation ? cancellation
                            : new CanceledFailure("the workflow was cancelled");
                }
                // An apply or delete arrived during the repair: it goes first.
            } finally {
                repairing = null;
            }
        }
    }

    /** The worker's --reconcile-interval, asked each time (a local activity: recorded, so replays read it back). */
    private Duration reconcileInterval() {
        ReconcileSchedule schedule = Workflow.newLocalActivityStub(ReconcileSchedule.class,
                LocalActivityOptions.newBuilder()
                        .setStartToCloseTimeout(Duration.ofSeconds(5))
                        .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(3).build())
                        .build());
        try {
            return Duration.ofMillis(Math.max(0, schedule.reconcileIntervalMillis()));
        } catch (ActivityFailure e) {
            log.warn("cannot read this worker's reconcile interval ({}): drift is checked only on reconcile",
                    reason(e));
            return Duration.ZERO;
        }
    }

    private void runGeneration(Application application) {
        generating = true;
        reconcileRequested = false;
        try {
            runGenerationSteps(application);
        } finally {
            generating = false;
        }
    }

    private void runGenerationSteps(Application application) {
        int generation = status.generation() + 1;
        status.startGeneration(generation, application, application.steps());
        LogContext.generation(application.name(), application.namespace(), generation);
        if (!version.decidesOutcomes()) {
            lastApplied = application; // before validation: an invalid spec became what delete walks
        }
        interruption = Interruption.NONE;
        List<Problem> problems = new ApplicationValidator().validate(application);
        RevisionPlan plan = new RevisionPlanner().plan(application, history);
        if (problems.isEmpty()) {
            problems = new HistoryValidator().validate(application, history, plan);
        }
        if (!problems.isEmpty()) {
            status.closeOpenSteps(StepPhase.SKIPPED);
            status.phase(GenerationPhase.FAILED, "invalid Application, nothing was applied: "
                    + problems.get(0).describe() + (problems.size() > 1 ? " (and " + (problems.size() - 1)
                    + " more)" : ""));
            metrics.generationEnded(GenerationPhase.FAILED.value());
            return;
        }
        if (version.checksNamespace()) {
            Optional<String> refusal = namespaceRefusal(application.namespace());
            if (refusal.isPresent()) {
                status.closeOpenSteps(StepPhase.SKIPPED);
                status.phase(GenerationPhase.FAILED, refusal.get() + "; nothing was applied");
                metrics.generationEnded(GenerationPhase.FAILED.value());
                return;
            }
        }
        if (version.decidesOutcomes()) {
            lastApplied = application; // valid and allowed: from here on, its objects may exist
        }
        RevisionHistory atStart = history;
        history = plan.history();
        status.history(history);
        Saga saga = new Saga(new Saga.Options.Builder().setContinueWithError(true).build());
        ClusterOperations cluster =
                new ClusterOperations(stubs, application.name(), application.namespace(), saga, version);
        Generation run = new Generation(application, plan, atStart, cluster, status, approval, metrics, version);
        log.info("generation {} of {}: starting", generation, application.name());
        try {
            running = Workflow.newCancellationScope(run::run);
            running.run();
            history = run.history();
            status.history(history);
            baseline = DriftRepair.after(baseline, generation, application, run.rolloutsSettled());
            status.phase(GenerationPhase.SUCCEEDED, "generation " + generation + " succeeded");
            metrics.generationEnded(GenerationPhase.SUCCEEDED.value());
        } catch (CanceledFailure | ActivityFailure | ProgressDeadlineExceeded | StepFailure e) {
            if (version.decidesOutcomes()) {
                running = null; // decided: signals from here on are queued or recorded, never a second outcome
                end(cause(e), e, run, cluster, plan, generation, application);
            } else if (e instanceof CanceledFailure cancellation) {
                handleCancellation(run, cluster, plan, generation, cancellation);
            } else {
                fail(e, run, cluster, plan, generation);
            }
        } finally {
            running = null;
        }
    }

    /** Runs before {@code outcomes}: any failure, a cancelled activity's included, compensated and failed. */
    private void fail(RuntimeException e, Generation run, ClusterOperations cluster, RevisionPlan plan,
            int generation) {
        String step = status.currentStep();
        String why = reason(e);
        status.step(step, StepPhase.FAILED, why);
        compensate(cluster, run);
        history = plan.history();
        status.history(history);
        status.closeOpenSteps(StepPhase.SKIPPED);
        status.phase(GenerationPhase.FAILED, "step " + step + " failed: " + why
                + "; the changes of generation " + generation + " were rolled back");
        metrics.generationEnded(GenerationPhase.FAILED.value());
    }

    /**
     * Which row of the outcome table applies. The interruption a signal recorded comes first, whatever the
     * exception that carried it (a cancelled activity surfaces as an {@code ActivityFailure}); then a cancelled
     * workflow; only then a failure of the generation's own.
     */
    private Outcome.Cause cause(RuntimeException e) {
        switch (interruption) {
            case NEW_APPLY -> {
                return Outcome.Cause.NEW_APPLY;
            }
            case ROLLBACK -> {
                return Outcome.Cause.ROLLBACK;
            }
            case DELETE -> {
                return Outcome.Cause.DELETE;
            }
            default -> {
            }
        }
        if (CancellationScope.current().isCancelRequested()) {
            return Outcome.Cause.WORKFLOW_CANCEL;
        }
        return e instanceof ProgressDeadlineExceeded ? Outcome.Cause.PROGRESS_DEADLINE : Outcome.Cause.STEP_FAILURE;
    }

    /** Applies the outcome table's row for {@code cause} (see {@link Outcome}): the one place a generation ends. */
    private void end(Outcome.Cause cause, RuntimeException e, Generation run, ClusterOperations cluster,
            RevisionPlan plan, int generation, Application application) {
        Outcome outcome = Outcome.of(cause);
        boolean failure = cause == Outcome.Cause.STEP_FAILURE || cause == Outcome.Cause.PROGRESS_DEADLINE;
        String step = failure ? run.failedStep().orElse(status.currentStep()) : status.currentStep();
        String why = failure ? reason(e) : "";
        if (failure) {
            status.step(step, StepPhase.FAILED, why);
        }
        List<String> unrestored = List.of();
        if (outcome.compensates()) {
            unrestored = compensate(cluster, run, settleDeadline(application));
            history = plan.history();
        } else {
            history = run.history();
        }
        status.history(history);
        status.closeOpenSteps(outcome.openSteps());
        for (String what : unrestored) {
            status.event("the undo of generation " + generation + " could not " + what);
        }
        GenerationPhase phase = outcome.phaseAfter(unrestored);
        status.phase(phase, Outcome.message(cause, generation, step, why, unrestored));
        metrics.generationEnded(phase == outcome.phase() ? outcome.metric() : phase.value());
        metrics.undosFailed(unrestored.size());
        if (cause == Outcome.Cause.WORKFLOW_CANCEL) {
            throw e instanceof CanceledFailure cancellation ? cancellation
                    : new CanceledFailure("the workflow was cancelled");
        }
    }

    /** The longest progress deadline of the spec: how long a restored revision may take to be ready again. */
    private static java.time.Duration settleDeadline(Application application) {
        return java.time.Duration.ofSeconds(application.components().stream()
                .flatMap(component -> component.rollout().stream())
                .mapToLong(rollout -> rollout.properties().progressDeadlineSeconds())
                .max().orElse(dev.velatemporal.model.RolloutTrait.DEFAULT_PROGRESS_DEADLINE_SECONDS));
    }

    private List<String> compensate(ClusterOperations cluster, Generation run, java.time.Duration settle) {
        List<List<String>> unrestored = new java.util.ArrayList<>();
        Workflow.newDetachedCancellationScope(() -> {
            unrestored.add(cluster.compensate(settle));
            run.refreshAfterUndo();
        }).run();
        return unrestored.get(0);
    }

    private void handleCancellation(Generation run, ClusterOperations cluster, RevisionPlan plan, int generation,
            CanceledFailure cancellation) {
        String step = status.currentStep();
        switch (interruption) {
            case NEW_APPLY, DELETE -> {
                // KubeVela restarts the workflow on a spec change: what was reached stays, undone by nothing.
                history = run.history();
                status.history(history);
                status.closeOpenSteps(StepPhase.CANCELLED);
                status.phase(GenerationPhase.FAILED, "generation " + generation + " was superseded at step "
                        + step + " by a new apply");
                metrics.generationEnded(RolloutMetrics.SUPERSEDED);
            }
            case ROLLBACK -> {
                compensate(cluster, run);
                history = plan.history();
                status.history(history);
                status.closeOpenSteps(StepPhase.CANCELLED);
                status.phase(GenerationPhase.ROLLED_BACK, "rolled back by the rollback signal at step " + step
                        + ": everything is as before generation " + generation);
                metrics.generationEnded(GenerationPhase.ROLLED_BACK.value());
            }
            case NONE -> {
                // The workflow itself was cancelled: undo, then let the cancellation end it.
                compensate(cluster, run);
                history = plan.history();
                status.closeOpenSteps(StepPhase.CANCELLED);
                status.phase(GenerationPhase.ROLLED_BACK, "the workflow was cancelled at step " + step
                        + "; the changes of generation " + generation + " were rolled back");
                metrics.generationEnded(GenerationPhase.ROLLED_BACK.value());
                throw cancellation;
            }
        }
    }

    private void compensate(ClusterOperations cluster, Generation run) {
        // Detached: an undo must run to the end even while the scope that failed is being cancelled.
        Workflow.newDetachedCancellationScope(() -> {
            cluster.compensate(java.time.Duration.ZERO); // runs before outcomes: the saga, newest first
            run.refreshAfterUndo();
        }).run();
    }

    private void deleteEverything() {
        if (lastApplied != null) {
            new Deletion(stubs).deleteAll(lastApplied);
        }
        // The board still held the Deployments and weights as the last generation left them: a deleted
        // Application went on showing "reviews-v1 2/2 100%". Every object is gone now (each delete succeeded).
        status.everythingDeleted();
        status.closeOpenSteps(StepPhase.CANCELLED);
        status.phase(GenerationPhase.DELETED, "the Application and everything it created were deleted");
    }

    /** Why this worker may not deploy to {@code namespace} (its --allowed-namespaces), if it may not. */
    private Optional<String> namespaceRefusal(String namespace) {
        try {
            stubs.call("check that this worker may deploy to namespace " + namespace).checkNamespace(namespace);
            return Optional.empty();
        } catch (ActivityFailure e) {
            return Optional.of(reason(e));
        }
    }

    private static String reason(RuntimeException e) {
        if (e instanceof ActivityFailure activityFailure && activityFailure.getCause() instanceof ApplicationFailure
                application) {
            return application.getOriginalMessage();
        }
        if (e instanceof ActivityFailure activityFailure && activityFailure.getCause() != null) {
            return activityFailure.getCause().getMessage();
        }
        return e.getMessage();
    }

    /** Signals may arrive before {@link #run} has read the carried state: they get a board of their own. */
    private void board() {
        if (status == null) {
            status = StatusBoard.resume(null, lastApplied, history, applicationName(), namespace(),
                    Workflow.getInfo().getWorkflowId());
        }
    }

    /** The workflow ID is {@code <namespace>.<name>}; namespaces have no dot. */
    private static String namespace() {
        String id = Workflow.getInfo().getWorkflowId();
        int dot = id.indexOf('.');
        return dot > 0 ? id.substring(0, dot) : "";
    }

    private static String applicationName() {
        String id = Workflow.getInfo().getWorkflowId();
        return id.substring(id.indexOf('.') + 1);
    }

    // --- signals and the query: they record and cancel; the main loop acts --------------------------------

    @Override
    public void apply(ApplyRequest request) {
        board();
        next = request;
        stopRepair("a new apply arrived");
        if (running != null && firstInterruption()) {
            interruption = Interruption.NEW_APPLY;
            running.cancel("a new apply arrived");
        }
    }

    /**
     * Whether no signal has interrupted the running generation yet. From {@code outcomes} on the first one wins: a
     * rollback sent after a new apply does not turn a superseded generation into an undone one halfway through
     * (the apply still runs next; a delete still deletes afterwards).
     */
    private boolean firstInterruption() {
        if (!version.decidesOutcomes() || interruption == Interruption.NONE) {
            return true;
        }
        status.event("the generation is already being interrupted (" + interruption.name().toLowerCase()
                .replace('_', ' ') + "); this signal does not change how it ends");
        return false;
    }

    @Override
    public void resume() {
        board();
        if (!approval.resume()) {
            status.event("resume ignored: nothing is suspended (generation " + status.generation()
                    + (status.currentStep().isEmpty() ? "" : ", step " + status.currentStep()) + ")");
        }
    }

    @Override
    public void rollback() {
        board();
        if (running != null && firstInterruption()) {
            interruption = Interruption.ROLLBACK;
            running.cancel("the rollback signal arrived");
        } else {
            status.event("rollback ignored: no generation is running or suspended");
        }
    }

    @Override
    public void delete() {
        board();
        deleteRequested = true;
        stopRepair("the delete signal arrived");
        if (running != null && firstInterruption()) {
            interruption = Interruption.DELETE;
            running.cancel("the delete signal arrived");
        }
    }

    @Override
    public void reconcile() {
        board();
        if (generating) {
            status.event("reconcile ignored: generation " + status.generation() + " is running or suspended; drift"
                    + " is repaired only between generations");
        } else if (deleteRequested) {
            status.event("reconcile ignored: the Application is being deleted");
        } else if (started && !version.repairsDrift()) {
            status.event("reconcile ignored: this run of the workflow predates drift repair; drift is repaired"
                    + " from the next generation on");
        } else {
            reconcileRequested = true;
        }
    }

    /** An apply or delete goes before a drift repair in progress. */
    private void stopRepair(String why) {
        if (repairing != null) {
            repairing.cancel(why);
        }
    }

    @Override
    public ApplyCheck check(Application application) {
        board();
        Application latest = next != null ? next.application() : lastApplied;
        List<Problem> problems = new ApplicationValidator().validate(application);
        if (problems.isEmpty()) {
            problems = new HistoryValidator().validate(application, history,
                    new RevisionPlanner().plan(application, history));
        }
        return new ApplyCheck(application.equals(latest), status.generation(),
                problems.stream().map(Problem::describe).toList());
    }

    @Override
    public ApplicationStatus status() {
        board();
        return status.snapshot();
    }
}
