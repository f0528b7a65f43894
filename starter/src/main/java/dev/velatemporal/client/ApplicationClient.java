package dev.velatemporal.client;

import dev.velatemporal.connection.TemporalConnection;
import dev.velatemporal.model.Application;
import dev.velatemporal.revision.RevisionHistory;
import dev.velatemporal.revision.RevisionPlan;
import dev.velatemporal.revision.RevisionPlanner;
import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.ApplicationSummary;
import dev.velatemporal.workflow.ApplicationWorkflow;
import dev.velatemporal.workflow.ApplyRequest;
import dev.velatemporal.workflow.GenerationPhase;
import dev.velatemporal.workflow.GenerationRecord;
import dev.velatemporal.workflow.UpdateAnswer;
import dev.velatemporal.workflow.WorkflowState;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.BatchRequest;
import io.temporal.client.UpdateOptions;
import io.temporal.client.WithStartWorkflowOperation;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import io.temporal.client.WorkflowUpdateException;
import io.temporal.client.WorkflowUpdateStage;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The Application workflows as the starter sees them: apply by Update-with-Start (by signal-with-start when no worker
 * polls), the updates, the status query.
 * Every failure becomes a {@link RemoteFailure} that names the application and the next thing to try. Every call is
 * bounded: a query by {@link #ANSWER_LIMIT}, anything else by {@link #CALL_LIMIT}.
 */
public final class ApplicationClient {

    /** How long a worker gets to answer a query: a worker that polls answers in milliseconds. */
    public static final Duration ANSWER_LIMIT = Duration.ofSeconds(5);
    /** How long any other call may take, the SDK's retries included. */
    static final Duration CALL_LIMIT = Duration.ofSeconds(10);
    public static final String START_A_WORKER = "start one (bin/worker, or the dev stack: bin/worker --dev)";

    private final TemporalConnection connection;
    private final String taskQueue;
    private TaskQueuePollers pollers;
    /** Until when a worker at work may take to answer; null: {@link QueryWait#BUSY_PATIENCE} from each query. */
    private Instant patientUntil;

    public ApplicationClient(TemporalConnection connection, String taskQueue) {
        this.connection = connection;
        this.taskQueue = taskQueue;
    }

    public String address() {
        return connection.address();
    }

    public String taskQueue() {
        return taskQueue;
    }

    /** Who polls the task queue, asked once: a follower asks for the status every few seconds. */
    public TaskQueuePollers pollers() {
        if (pollers == null || pollers.none()) {
            pollers = TaskQueuePollers.of(connection, taskQueue);
        }
        return pollers;
    }

    /** "no worker polls task queue Q in Temporal namespace N at A", for sentences that go on to what to do. */
    public String nothingPolls() {
        return "no worker polls task queue " + taskQueue + " in Temporal namespace " + connection.namespace()
                + " at " + address();
    }

    /** @throws RemoteFailure at once when the server can tell that no worker polls the task queue */
    private void requireWorker(ApplicationRef ref) {
        if (pollers().none()) {
            if (describe(ref).isEmpty()) {
                throw noSuchApplication(ref);
            }
            throw new RemoteFailure(nothingPolls() + ": " + START_A_WORKER + ", or give the queue yours polls with"
                    + " --task-queue");
        }
    }

    /** The run executing under the application's workflow ID, or empty when there is none (or it has ended). */
    public Optional<WorkflowExecution> runningExecution(ApplicationRef ref) {
        return describe(ref)
                .filter(d -> d.getWorkflowExecutionInfo().getStatus()
                        == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING)
                .map(d -> d.getWorkflowExecutionInfo().getExecution());
    }

    Optional<DescribeWorkflowExecutionResponse> describe(ApplicationRef ref) {
        try {
            return Optional.of(connection.stubs().blockingStub()
                    .withDeadlineAfter(CALL_LIMIT.toMillis(), TimeUnit.MILLISECONDS)
                    .describeWorkflowExecution(
                    DescribeWorkflowExecutionRequest.newBuilder()
                            .setNamespace(connection.namespace())
                            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(ref.workflowId()))
                            .build()));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() == Status.Code.NOT_FOUND) {
                return Optional.empty();
            }
            throw new RemoteFailure("cannot describe workflow " + ref.workflowId() + " at " + address() + ": "
                    + e.getStatus().getDescription());
        }
    }

    private void startIfAbsent(WorkflowOptions options) {
        try {
            Bounded.run(CALL_LIMIT, () -> WorkflowClient.start(
                    connection.client().newWorkflowStub(ApplicationWorkflow.class, options)::run,
                    WorkflowState.initial()));
        } catch (WorkflowExecutionAlreadyStarted e) {
            // It runs (started by an earlier apply): the signal below goes to that run.
        }
    }

    /**
     * Update-with-Start of the {@code apply} update, using the workflow that runs (else starting it): one call, which
     * answers the generation the spec runs as, or that it is unchanged.
     *
     * @throws UpdateRejected when the workflow refuses the spec (its problems) or the apply (a delete under way);
     *     nothing was applied
     */
    public UpdateAnswer applyUpdate(Application application, boolean force) {
        ApplicationRef ref = new ApplicationRef(application.namespace(), application.name());
        WorkflowOptions options = startOptions(application).toBuilder()
                .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_USE_EXISTING)
                .build();
        ApplyRequest request = new ApplyRequest(application, force, connection.sender().orElse(null));
        UpdateOptions<UpdateAnswer> update = updateOptions("apply");
        return update(ref, "apply", () -> {
            // A with-start operation can be used once: each attempt gets its own, under the same update ID.
            ApplicationWorkflow workflow = connection.client().newWorkflowStub(ApplicationWorkflow.class, options);
            return WorkflowClient.executeUpdateWithStart(workflow::applyUpdate, request, update,
                    new WithStartWorkflowOperation<>(workflow::run, WorkflowState.initial()));
        });
    }

    /**
     * Sends one of the updates without payload ({@code resume}, {@code rollback}, {@code delete}) to the running
     * workflow and returns its answer.
     *
     * @throws UpdateRejected when its validator says it means nothing now ("nothing is suspended")
     */
    public UpdateAnswer update(ApplicationRef ref, String name) {
        requireWorker(ref);
        UpdateOptions<UpdateAnswer> update = updateOptions(name);
        WorkflowStub stub = connection.client().newUntypedWorkflowStub(ref.workflowId());
        return update(ref, name, () -> stub.startUpdate(update).getResult());
    }

    private static UpdateOptions<UpdateAnswer> updateOptions(String name) {
        return UpdateOptions.newBuilder(UpdateAnswer.class)
                .setUpdateName(name)
                // Asked again after a lost answer (a run continuing as new), the same ID is answered, not re-applied.
                .setUpdateId(name + "-" + UUID.randomUUID())
                .setWaitForStage(WorkflowUpdateStage.COMPLETED)
                .build();
    }

    private UpdateAnswer update(ApplicationRef ref, String name, Supplier<UpdateAnswer> call) {
        try {
            return new QueryWait(connection, ref, name + " update", patientUntil, this::workersPolling).answer(call,
                    () -> noAnswer(ref, name + " update"));
        } catch (WorkflowUpdateException e) {
            throw UpdateRejected.of(e);
        } catch (WorkflowNotFoundException e) {
            throw ended(ref);
        }
    }

    /** A workflow that is not running: deleted (it completed), ended otherwise, or never there. */
    private RemoteFailure ended(ApplicationRef ref) {
        Optional<WorkflowExecutionStatus> status = describe(ref).map(d -> d.getWorkflowExecutionInfo().getStatus());
        if (status.isEmpty()) {
            return noSuchApplication(ref);
        }
        if (status.get() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_COMPLETED) {
            return new RemoteFailure(ref.name() + " is already deleted (its workflow " + ref.workflowId()
                    + " has completed); apply it again with bin/starter apply -f FILE");
        }
        return new RemoteFailure(ref.name() + ": its workflow " + ref.workflowId() + " has ended ("
                + status.get().name().replace("WORKFLOW_EXECUTION_STATUS_", "").toLowerCase(Locale.ROOT)
                + "); apply it again with bin/starter apply -f FILE");
    }

    private WorkflowOptions startOptions(Application application) {
        ApplicationRef ref = new ApplicationRef(application.namespace(), application.name());
        RevisionPlan firstPlan = new RevisionPlanner().plan(application, RevisionHistory.empty());
        return WorkflowOptions.newBuilder()
                .setWorkflowId(ref.workflowId())
                .setTaskQueue(taskQueue)
                .setStaticSummary(ApplicationSummary.summary(application, firstPlan))
                .setStaticDetails(ApplicationSummary.details(application, firstPlan))
                .build();
    }

    /**
     * Signal-with-start of {@code apply}, for when no worker polls (an update needs one to answer): starts the workflow if none runs, else hands it the new generation.
     *
     * <p>The workflow is first started on its own (a no-op when it runs), carrying the summary and details the
     * Temporal UI shows for it: a real server keeps them from a signal-with-start too, but the dev stack's
     * embedded one keeps them only from a plain start. The apply itself is still a signal-with-start, so it
     * lands even if that workflow ended in between.
     */
    public WorkflowExecution apply(Application application, boolean force) {
        WorkflowOptions options = startOptions(application);
        startIfAbsent(options);
        ApplicationWorkflow workflow = connection.client().newWorkflowStub(ApplicationWorkflow.class, options);
        BatchRequest request = connection.client().newSignalWithStartRequest();
        request.add(workflow::run, WorkflowState.initial());
        request.add(workflow::apply, new ApplyRequest(application, force, connection.sender().orElse(null)));
        return Bounded.call(CALL_LIMIT, () -> connection.client().signalWithStart(request));
    }

    /** The workflow's record of its latest generations: who applied, approved and stopped each, and how it ended. */
    public List<GenerationRecord> history(ApplicationRef ref) {
        return query(ref, "history", ApplicationWorkflow::history);
    }

    /** The status document, as the workflow has it. */
    public ApplicationStatus status(ApplicationRef ref) {
        return query(ref, "status", ApplicationWorkflow::status);
    }

    /**
     * The status document with, while the generation waits for pods, their readiness as the cluster has it now:
     * the waiting activity's latest heartbeat ({@link LiveReadiness}). What {@code status} and {@code watch} show.
     */
    public ApplicationStatus liveStatus(ApplicationRef ref) {
        ApplicationStatus status = status(ref);
        if (status.phase() != GenerationPhase.RUNNING) {
            return status; // only a running generation waits for pods (an undo's waits come before its end)
        }
        try {
            // Asked after the query, so the progress is never older than the document it goes into.
            return describe(ref)
                    .map(d -> LiveReadiness.merge(status, LiveReadiness.pending(d,
                            connection.client().getOptions().getDataConverter())))
                    .orElse(status);
        } catch (RemoteFailure e) {
            return status;
        }
    }

    /**
     * How long, from now, a worker that is evidently at work may take to answer a query (a cold worker's first
     * workflow task, or one that failed and is retried, holds the queries back): a command that waits gives its
     * {@code --timeout}, so no query outlasts the wait it is part of by more than {@link #ANSWER_LIMIT}. Without
     * it, {@link QueryWait#BUSY_PATIENCE}.
     */
    public ApplicationClient patience(Duration patience) {
        this.patientUntil = Instant.now().plus(patience);
        return this;
    }

    /**
     * Asks the workflow. Where the server can list the task queue's pollers and there are none, it says so without
     * asking; otherwise {@link QueryWait} waits for the answer as long as a worker is there to give it.
     */
    private <T> T query(ApplicationRef ref, String name, Function<ApplicationWorkflow, T> query) {
        requireWorker(ref);
        ApplicationWorkflow workflow = connection.client().newWorkflowStub(ApplicationWorkflow.class,
                ref.workflowId());
        try {
            return new QueryWait(connection, ref, name + " query", patientUntil, this::workersPolling).answer(() -> query.apply(workflow),
                    () -> noAnswer(ref, name + " query"));
        } catch (WorkflowNotFoundException e) {
            throw noSuchApplication(ref);
        }
    }

    /** Whether the server saw workers poll this task queue lately (false where it cannot tell). */
    private boolean workersPolling() {
        return pollers().knowledge() == TaskQueuePollers.Knowledge.POLLED;
    }

    /** @param what what went unanswered: {@code status query}, {@code resume update} */
    private RemoteFailure noAnswer(ApplicationRef ref, String what) {
        String who = pollers().knowledge() == TaskQueuePollers.Knowledge.POLLED
                ? pollers().count() + " worker(s) polled task queue " + taskQueue + " lately but none answered: see"
                        + " their logs, or " + START_A_WORKER.replace("start one", "start another")
                : "start a worker on task queue " + taskQueue + " (bin/worker, or the dev stack: bin/worker --dev),"
                        + " or give the queue yours polls with --task-queue";
        return new RemoteFailure("no worker answered the " + what + " of " + ref.workflowId() + " within "
                + ANSWER_LIMIT.toSeconds() + " s: " + who);
    }

    private RemoteFailure noSuchApplication(ApplicationRef ref) {
        return new RemoteFailure("no application " + ref.name() + " in namespace " + ref.namespace()
                + " (no workflow " + ref.workflowId() + " in Temporal namespace " + connection.namespace() + " at "
                + address() + "): apply it with bin/starter apply -f FILE, or give its namespace with -n");
    }

    TemporalConnection connection() {
        return connection;
    }
}
