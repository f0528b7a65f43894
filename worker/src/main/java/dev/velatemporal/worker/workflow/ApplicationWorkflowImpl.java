package dev.velatemporal.worker.workflow;

import dev.velatemporal.model.Application;
import dev.velatemporal.revision.RevisionHistory;
import dev.velatemporal.revision.RevisionPlan;
import dev.velatemporal.revision.RevisionPlanner;
import dev.velatemporal.validation.ApplicationValidator;
import dev.velatemporal.validation.HistoryValidator;
import dev.velatemporal.validation.Problem;
import dev.velatemporal.worker.logging.LogContext;
import dev.velatemporal.workflow.AnsweredUpdate;
import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.ApplicationWorkflow;
import dev.velatemporal.workflow.ApplyCheck;
import dev.velatemporal.workflow.ApplyRequest;
import dev.velatemporal.workflow.Attribution;
import dev.velatemporal.workflow.Baseline;
import dev.velatemporal.workflow.GenerationPhase;
import dev.velatemporal.workflow.GenerationRecord;
import dev.velatemporal.workflow.StepPhase;
import dev.velatemporal.workflow.UpdateAnswer;
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
import io.temporal.workflow.UpdateInfo;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInit;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;

/**
 * An Application's workflow: waits for an apply, runs it as a generation, and continues as new with what it
 * learnt (the revision history, the spec, the status), so each run's history holds one generation.
 *
 * <p>Signals only set state or cancel the running generation; the main loop does the work. That keeps every
 * decision in one place, deterministic, and replayable. The updates do what the signals of their names do and
 * answer; their validators only read. They issue no command of their own (nor does waiting for them before
 * continue-as-new), so histories recorded before them replay unchanged and they need no {@link RunVersion} change.
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
    /** Every object the Application owns (from {@link RunVersion#ownsObjects()} on; null before). */
    private Ownership ownership;
    private ApplyRequest next;
    private boolean deleteRequested;
    private StatusBoard status;
    private CancellationScope running;
    private Interruption interruption = Interruption.NONE;
    /** The status the previous run left, for handlers that run before {@link #run} has read it. */
    private final ApplicationStatus carriedStatus;
    /** The latest updates answered, by update ID, oldest first: carried across continue-as-new. */
    private final Map<String, UpdateAnswer> answered = new LinkedHashMap<>();
    /** Whether {@link #run} has read the carried state (an update handler may run before it has). */
    private boolean started;
    /** Who sent {@link #next}, and when. */
    private Attribution nextBy;
    /** The latest generations: who applied, approved and stopped each, and how it ended (the history query). */
    private GenerationLedger ledger;

    /**
     * Reads what handlers judge by before {@link #run} starts: a validator that runs first (an update in the run's
     * first task) sees the carried revision history, not an empty one. Issues no command.
     */
    @WorkflowInit
    public ApplicationWorkflowImpl(WorkflowState state) {
        WorkflowState carried = state != null ? state : WorkflowState.initial();
        history = carried.history();
        lastApplied = carried.lastApplied();
        carriedStatus = carried.status();
        baseline = carried.baseline();
        nextBy = carried.nextBy();
        ledger = GenerationLedger.carried(carried.generations(), carried.status(), carried.lastApplied());
        for (AnsweredUpdate update : carried.answered()) {
            answered.put(update.updateId(), update.answer());
        }
    }
    /** What the last successful generation left: what drift repair keeps the cluster at. */
    private Baseline baseline;
    /** Set from a generation's start to its end: {@code reconcile} is ignored meanwhile. */
    private boolean generating;
    private boolean reconcileRequested;
    /** Set while drift is being repaired: an apply or delete cancels it, and goes first. */
    private CancellationScope repairing;

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
            nextBy = carried.nextBy();
        }
        status = newBoard(carried.status());
        status.onChange(new StatusPublisher(version.upsertsSearchAttributes())::publish);
        if (version.ownsObjects()) {
            ownership = Ownership.carried(carried.owned(), lastApplied, history, status.generation());
        }
        started = true;
        while (true) {
            if (version.repairsDrift()) {
                idle();
            } else {
                Workflow.await(() -> next != null || deleteRequested);
            }
            if (deleteRequested) {
                deleteEverything();
                Workflow.await(Workflow::isEveryHandlerFinished);
                return;
            }
            ApplyRequest request = next;
            Attribution by = nextBy;
            next = null;
            nextBy = null;
            if (request.application().equals(lastApplied) && !request.force()) {
                status.event("apply ignored: the spec is unchanged since generation " + status.generation()
                        + " (use --force to run it again)" + sentBy(by));
                continue;
            }
            runGeneration(request.application(), by);
            if (version.decidesOutcomes() && CancellationScope.current().isCancelRequested()) {
                // Cancelled while the generation's outcome was being applied: the outcome stands, the run ends.
                throw new CanceledFailure("the workflow was cancelled");
            }
            if (deleteRequested) {
                deleteEverything();
                Workflow.await(Workflow::isEveryHandlerFinished);
                return;
            }
            // An update still being handled answers in this run: its caller waits for it.
            Workflow.await(Workflow::isEveryHandlerFinished);
            // One generation per run keeps every run's history short, however many releases come.
            Workflow.continueAsNew(carriedState());
        }
    }

    private WorkflowState carriedState() {
        return new WorkflowState(history, lastApplied, next, status.snapshot(), answeredUpdates(),
                ownership != null ? ownership.list() : null, baseline, nextBy, ledger.carried());
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
                Workflow.await(Workflow::isEveryHandlerFinished);
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

    private void runGeneration(Application application, Attribution by) {
        generating = true;
        reconcileRequested = false;
        try {
            runGenerationSteps(application, by);
        } finally {
            generating = false;
        }
    }

    private void runGenerationSteps(Application application, Attribution by) {
        int generation = status.generation() + 1;
        status.startGeneration(generation, application, application.steps());
        ledger.started(generation, application, by);
        if (by != null) {
            status.event("generation " + generation + " applied by " + by.byAt());
        }
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
        ledger.planned(generation, plan);
        if (ownership != null) {
            ownership.claim(application, plan, history, generation);
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
            if (ownership != null) {
                collectGarbage(application, plan, generation);
            }
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

    /**
     * After a generation succeeded: what it no longer wants goes (a superseded generation's canary, a removed
     * component's objects). Only what is labelled as the Application's is deleted; a failure leaves the objects
     * owned, for the next generation to try again, and the generation succeeded all the same.
     */
    private void collectGarbage(Application application, RevisionPlan plan, int generation) {
        List<dev.velatemporal.workflow.OwnedObject> unwanted = ownership.unwanted(application, plan, history);
        if (unwanted.isEmpty()) {
            return;
        }
        List<dev.velatemporal.activity.ObjectRef> refs = unwanted.stream().map(Ownership::ref).toList();
        try {
            List<dev.velatemporal.activity.ObjectRef> deleted = stubs.call("garbage-collect what generation "
                    + generation + " no longer wants: " + ClusterOperations.describe(refs))
                    .collectGarbage(new dev.velatemporal.activity.GarbageRequest(application.name(), refs));
            for (dev.velatemporal.workflow.OwnedObject object : unwanted) {
                if (deleted.contains(Ownership.ref(object))) {
                    status.event("garbage collection: deleted " + object.key() + " (last written by generation "
                            + object.generation() + "; generation " + generation + " does not want it)");
                    if (object.kind().equals(dev.velatemporal.activity.ObjectRef.DEPLOYMENT)) {
                        status.gone(object.name());
                    }
                }
            }
            ownership.release(unwanted);
        } catch (ActivityFailure e) {
            status.event("garbage collection could not delete " + ClusterOperations.describe(refs) + ": "
                    + reason(e) + "; the next generation tries again");
        }
    }

    private void deleteEverything() {
        if (ownership != null) {
            new Deletion(stubs).deleteOwned(applicationName(), lastApplied, ownership.list());
            ownership.release(ownership.list());
        } else if (lastApplied != null) {
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
            status = newBoard(carriedStatus);
        }
    }

    private StatusBoard newBoard(ApplicationStatus previous) {
        StatusBoard board = StatusBoard.resume(previous, lastApplied, history, applicationName(), namespace(),
                Workflow.getInfo().getWorkflowId());
        board.onEnding(ledger::ended);
        return board;
    }

    /**
     * Who sent the signal or update being handled, and now (workflow time): what the status events and the
     * generation record say. From the {@code vela-sender} header ({@link SenderInterceptor}); reads, issues no command.
     */
    private static Attribution sender(String what) {
        return sender(what, null);
    }

    /** @param named who the payload says sent it: recorded when the header does not say */
    private static Attribution sender(String what, String named) {
        return new Attribution(what, SenderInterceptor.current(named),
                java.time.Instant.ofEpochMilli(Workflow.currentTimeMillis()).toString());
    }

    /** {@code "; sent by alice@laptop at 17:40:02"}, or nothing when the sender is not known. */
    private static String sentBy(Attribution by) {
        return by == null ? "" : "; sent by " + by.byAt();
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
        Attribution by = sender("apply", request.sender());
        next = request;
        nextBy = by;
        stopRepair("a new apply arrived");
        if (running != null && firstInterruption(true, by)) {
            interruption = Interruption.NEW_APPLY;
            ledger.stopped(status.generation(), by);
            running.cancel("a new apply arrived");
        }
    }

    /**
     * Whether no signal has interrupted the running generation yet. From {@code outcomes} on the first one wins: a
     * rollback sent after a new apply does not turn a superseded generation into an undone one halfway through
     * (the apply still runs next; a delete still deletes afterwards).
     */
    private boolean firstInterruption(boolean record) {
        return firstInterruption(record, null);
    }

    /**
     * @param record whether to record, when it is not the first, that this signal changes nothing
     * @param by who sent it, for that record
     */
    private boolean firstInterruption(boolean record, Attribution by) {
        if (!version.decidesOutcomes() || interruption == Interruption.NONE) {
            return true;
        }
        if (!record) {
            return false;
        }
        status.event("the generation is already being interrupted (" + interruption.name().toLowerCase()
                .replace('_', ' ') + "); this signal does not change how it ends" + sentBy(by));
        return false;
    }

    @Override
    public void resume() {
        board();
        String step = approval.waitingAt();
        Attribution by = sender("resume at step " + step);
        if (approval.isResumed()) {
            status.event("resume ignored: generation " + status.generation() + " is already resumed at step " + step
                    + sentBy(by));
        } else if (approval.resume()) {
            ledger.approved(status.generation(), by);
            status.event("resumed by " + by.byAt() + ": generation " + status.generation() + " continues from step "
                    + step);
        } else {
            status.event("resume ignored: nothing is suspended (generation " + status.generation()
                    + (status.currentStep().isEmpty() ? "" : ", step " + status.currentStep()) + ")" + sentBy(by));
        }
    }

    @Override
    public void rollback() {
        board();
        Attribution by = sender("rollback");
        if (running != null && firstInterruption(true, by)) {
            interruption = Interruption.ROLLBACK;
            ledger.stopped(status.generation(), by);
            status.event("rollback by " + by.byAt() + ": generation " + status.generation() + " is rolled back"
                    + (status.currentStep().isEmpty() ? "" : " from step " + status.currentStep()));
            running.cancel("the rollback signal arrived");
        } else if (running == null) {
            status.event("rollback ignored: no generation is running or suspended" + sentBy(by));
        }
    }

    @Override
    public void delete() {
        board();
        Attribution by = sender("delete");
        if (!deleteRequested) {
            status.event("delete by " + by.byAt() + ": everything " + applicationName()
                    + " created is deleted, then the workflow completes");
            ledger.stopped(status.generation(), by);
        }
        deleteRequested = true;
        stopRepair("the delete signal arrived");
        if (running != null && firstInterruption(true, by)) {
            interruption = Interruption.DELETE;
            running.cancel("the delete signal arrived");
        }
    }

    // --- updates: the signals' work, for a caller that wants an answer ---------------------------------------
    //
    // A validator only reads; it rejects (no event in the history) with one reason. A handler records its answer
    // under the update ID, so the same ID sent again, in this run or a later one, gets the answer, not a second
    // apply. Each handler does what the signal of its name does, and returns at once: the main loop acts.

    @Override
    public void validateApply(ApplyRequest request) {
        if (repeated().isPresent()) {
            return;
        }
        if (request == null || request.application() == null) {
            throw new IllegalArgumentException("the apply names no Application");
        }
        if (deleteRequested) {
            throw refusal("the Application is being deleted; apply it again once that is done");
        }
        List<String> problems = problems(request.application());
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(invalidMessage(problems));
        }
    }

    @Override
    public UpdateAnswer applyUpdate(ApplyRequest request) {
        Optional<UpdateAnswer> repeat = repeated();
        if (repeat.isPresent()) {
            return repeat.get();
        }
        // In a run's first task the update may come before the run has read the carried state.
        Workflow.await(() -> started);
        if (deleteRequested) {
            throw rejection("the Application is being deleted; apply it again once that is done");
        }
        List<String> problems = problems(request.application());
        if (!problems.isEmpty()) {
            throw invalid(problems); // judged before the run started, against what it carried: judged again
        }
        int latest = status.generation();
        UpdateAnswer answer;
        if (next != null && next.application().equals(request.application()) && !request.force()) {
            answer = new UpdateAnswer(latest + 1, false, "unchanged: the same spec is already applied as generation "
                    + (latest + 1) + ", which starts next");
        } else if (next == null && request.application().equals(lastApplied) && !request.force()) {
            answer = new UpdateAnswer(latest, false, "unchanged since generation " + latest
                    + "; nothing to do (force runs it again)");
        } else {
            String superseded = running != null && firstInterruption(false)
                    ? "; generation " + latest + " stops at step " + status.currentStep() + ", superseded" : "";
            apply(request);
            answer = new UpdateAnswer(latest + 1, true, "applied as generation " + (latest + 1) + superseded);
        }
        return remember(answer);
    }

    @Override
    public void validateResume() {
        if (repeated().isPresent()) {
            return;
        }
        board();
        if (!approval.isWaiting()) {
            throw refusal("nothing is suspended (" + where() + ")");
        }
        if (approval.isResumed()) {
            throw refusal("generation " + status.generation() + " is already resumed at step "
                    + approval.waitingAt());
        }
    }

    @Override
    public UpdateAnswer resumeUpdate() {
        Optional<UpdateAnswer> repeat = repeated();
        if (repeat.isPresent()) {
            return repeat.get();
        }
        board();
        String step = approval.waitingAt();
        resume();
        return remember(new UpdateAnswer(status.generation(), true, "resumed generation " + status.generation()
                + " at step " + step));
    }

    @Override
    public void validateRollback() {
        if (repeated().isPresent()) {
            return;
        }
        board();
        if (interruption != Interruption.NONE && version.decidesOutcomes()
                && !status.snapshot().phase().isFinished()) {
            throw refusal("generation " + status.generation() + " is already ending ("
                    + interruption.name().toLowerCase().replace('_', ' ') + "); a rollback does not change how");
        }
        if (running == null) {
            throw refusal("no generation is running or suspended (" + where() + ")");
        }
    }

    @Override
    public UpdateAnswer rollbackUpdate() {
        Optional<UpdateAnswer> repeat = repeated();
        if (repeat.isPresent()) {
            return repeat.get();
        }
        board();
        String step = status.currentStep();
        rollback();
        return remember(new UpdateAnswer(status.generation(), true, "rolling back generation " + status.generation()
                + (step.isEmpty() ? "" : " from step " + step) + ": its changes are being undone"));
    }

    @Override
    public void validateDelete() {
        if (repeated().isPresent()) {
            return;
        }
        if (deleteRequested) {
            throw refusal("the Application is already being deleted");
        }
    }

    @Override
    public UpdateAnswer deleteUpdate() {
        Optional<UpdateAnswer> repeat = repeated();
        if (repeat.isPresent()) {
            return repeat.get();
        }
        board();
        String stopping = running != null ? "generation " + status.generation() + " stops at step "
                + status.currentStep() + "; " : "";
        delete();
        return remember(new UpdateAnswer(status.generation(), true, stopping + "deleting everything "
                + applicationName() + " created; then the workflow completes"));
    }

    /** The answer already given to this update's ID, in this run or one before it. */
    private Optional<UpdateAnswer> repeated() {
        return Workflow.getCurrentUpdateInfo().map(UpdateInfo::getUpdateId).map(answered::get);
    }

    private UpdateAnswer remember(UpdateAnswer answer) {
        Workflow.getCurrentUpdateInfo().map(UpdateInfo::getUpdateId).ifPresent(id -> {
            answered.remove(id);
            answered.put(id, answer);
            while (answered.size() > WorkflowState.ANSWERS_KEPT) {
                answered.remove(answered.keySet().iterator().next());
            }
        });
        return answer;
    }

    private List<AnsweredUpdate> answeredUpdates() {
        List<AnsweredUpdate> list = new ArrayList<>();
        answered.forEach((id, answer) -> list.add(new AnsweredUpdate(id, answer)));
        return list;
    }

    /** What {@link #check} finds: the spec's own problems, then those of its fit with the revision history. */
    private List<String> problems(Application application) {
        List<Problem> problems = new ApplicationValidator().validate(application);
        if (problems.isEmpty()) {
            problems = new HistoryValidator().validate(application, history,
                    new RevisionPlanner().plan(application, history));
        }
        return problems.stream().map(Problem::describe).toList();
    }

    /**
     * An invalid spec, found by the handler (the validator ran before the run had read its state): the first line as
     * the status says it, then every problem on a line of its own, also as the failure's details.
     */
    private static ApplicationFailure invalid(List<String> problems) {
        return ApplicationFailure.newNonRetryableFailure(invalidMessage(problems), UpdateAnswer.INVALID_APPLICATION,
                problems);
    }

    private static String invalidMessage(List<String> problems) {
        return UpdateAnswer.INVALID_PREFIX + problems.get(0)
                + (problems.size() > 1 ? " (and " + (problems.size() - 1) + " more)" : "") + "\n"
                + String.join("\n", problems);
    }

    /**
     * A validator's rejection. Not an {@code ApplicationFailure}: the SDK logs one thrown by a validator as a
     * workflow execution failure, with its stack, and (before 1.39, temporalio/sdk-java#2875) keeps only its message.
     */
    private static IllegalStateException refusal(String message) {
        return new IllegalStateException(message);
    }

    private static ApplicationFailure rejection(String message) {
        return ApplicationFailure.newNonRetryableFailure(message, UpdateAnswer.NOT_APPLICABLE);
    }

    /** "generation 2 succeeded", "generation 3 is running at step x", "no generation yet". */
    private String where() {
        ApplicationStatus now = status.snapshot();
        if (now.generation() == 0) {
            return "no generation yet";
        }
        String step = now.currentStep().isEmpty() ? "" : " at step " + now.currentStep();
        return "generation " + now.generation() + " " + switch (now.phase()) {
            case PENDING -> "is waiting to start";
            case RUNNING -> "is running" + step;
            case SUSPENDED -> "is suspended" + step;
            case SUCCEEDED -> "succeeded";
            case FAILED -> "failed";
            case ROLLED_BACK -> "was rolled back";
            case DELETED -> "was deleted";
        };
    }

    @Override
    public void validateReconcile() {
        if (repeated().isPresent()) {
            return;
        }
        board();
        reconcileRefusal().ifPresent(reason -> {
            throw refusal(reason);
        });
    }

    @Override
    public UpdateAnswer reconcileUpdate() {
        Optional<UpdateAnswer> repeat = repeated();
        if (repeat.isPresent()) {
            return repeat.get();
        }
        board();
        reconcileRequested = true;
        return remember(new UpdateAnswer(status.generation(), true, "checking for drift from generation "
                + (baseline != null ? baseline.generation() : status.generation())
                + "; each repair shows as an event"));
    }

    /** Why a reconcile means nothing now, if it does not. */
    private Optional<String> reconcileRefusal() {
        if (generating) {
            return Optional.of("generation " + status.generation() + " " + (status.phase() == GenerationPhase.SUSPENDED
                    ? "is suspended" : "is running") + "; drift is repaired only between generations");
        }
        if (deleteRequested || status.phase() == GenerationPhase.DELETED) {
            return Optional.of("the Application is being deleted");
        }
        if (started && !version.repairsDrift()) {
            return Optional.of("this run of the workflow predates drift repair; drift is repaired from the next"
                    + " generation on");
        }
        if (baseline == null) {
            return Optional.of("no generation has succeeded yet, so there is nothing to keep");
        }
        return Optional.empty();
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

    @Override
    public List<GenerationRecord> history() {
        board();
        return ledger.list(status.snapshot());
    }
}
