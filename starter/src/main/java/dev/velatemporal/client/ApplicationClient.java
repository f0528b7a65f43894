package dev.velatemporal.client;

import dev.velatemporal.connection.TemporalConnection;
import dev.velatemporal.model.Application;
import dev.velatemporal.revision.RevisionHistory;
import dev.velatemporal.revision.RevisionPlan;
import dev.velatemporal.revision.RevisionPlanner;
import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.ApplicationSummary;
import dev.velatemporal.workflow.ApplicationWorkflow;
import dev.velatemporal.workflow.ApplyCheck;
import dev.velatemporal.workflow.ApplyRequest;
import dev.velatemporal.workflow.GenerationPhase;
import dev.velatemporal.workflow.WorkflowState;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowNotFoundException;
import io.temporal.client.WorkflowOptions;
import io.temporal.client.WorkflowStub;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Application workflows as the starter sees them: apply by signal-with-start, the signals, the status query.
 * Every failure becomes a {@link RemoteFailure} that names the application and the next thing to try.
 */
public final class ApplicationClient {

    /** Queries that reach the server while the workflow continues as new can be lost: ask a few times. */
    private static final int QUERY_ATTEMPTS = 3;

    private final TemporalConnection connection;
    private final String taskQueue;

    public ApplicationClient(TemporalConnection connection, String taskQueue) {
        this.connection = connection;
        this.taskQueue = taskQueue;
    }

    public String address() {
        return connection.address();
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
            return Optional.of(connection.stubs().blockingStub().describeWorkflowExecution(
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
            WorkflowClient.start(connection.client().newWorkflowStub(ApplicationWorkflow.class, options)::run,
                    WorkflowState.initial());
        } catch (WorkflowExecutionAlreadyStarted e) {
            // It runs (started by an earlier apply): the signal below goes to that run.
        }
    }

    /** Judges the spec against the running workflow's history; empty when no workflow runs for it yet. */
    public Optional<ApplyCheck> check(Application application) {
        ApplicationRef ref = new ApplicationRef(application.namespace(), application.name());
        if (runningExecution(ref).isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(query(ref, workflow -> workflow.check(application)));
    }

    /**
     * Signal-with-start of {@code apply}: starts the workflow if none runs, else hands it the new generation.
     *
     * <p>The workflow is first started on its own (a no-op when it runs), carrying the summary and details the
     * Temporal UI shows for it: a real server keeps them from a signal-with-start too, but the dev stack's
     * embedded one keeps them only from a plain start. The apply itself is still a signal-with-start, so it
     * lands even if that workflow ended in between.
     */
    public WorkflowExecution apply(Application application, boolean force) {
        ApplicationRef ref = new ApplicationRef(application.namespace(), application.name());
        RevisionPlan firstPlan = new RevisionPlanner().plan(application, RevisionHistory.empty());
        WorkflowOptions options = WorkflowOptions.newBuilder()
                .setWorkflowId(ref.workflowId())
                .setTaskQueue(taskQueue)
                .setStaticSummary(ApplicationSummary.summary(application, firstPlan))
                .setStaticDetails(ApplicationSummary.details(application, firstPlan))
                .build();
        startIfAbsent(options);
        ApplicationWorkflow workflow = connection.client().newWorkflowStub(ApplicationWorkflow.class, options);
        BatchRequest request = connection.client().newSignalWithStartRequest();
        request.add(workflow::run, WorkflowState.initial());
        request.add(workflow::apply, new ApplyRequest(application, force));
        return connection.client().signalWithStart(request);
    }

    /** The status document, as the workflow has it. */
    public ApplicationStatus status(ApplicationRef ref) {
        return query(ref, ApplicationWorkflow::status);
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

    /** Sends a signal without payload ({@code resume}, {@code rollback}, {@code delete}) to the running workflow; a
     * workflow that does not exist or has ended is no such application. */
    public void signal(ApplicationRef ref, String signal) {
        try {
            WorkflowStub stub = connection.client().newUntypedWorkflowStub(ref.workflowId());
            stub.signal(signal);
        } catch (WorkflowNotFoundException e) {
            throw noSuchApplication(ref);
        }
    }

    private <T> T query(ApplicationRef ref, Function<ApplicationWorkflow, T> query) {
        ApplicationWorkflow workflow = connection.client().newWorkflowStub(ApplicationWorkflow.class,
                ref.workflowId());
        RuntimeException last = null;
        for (int attempt = 0; attempt < QUERY_ATTEMPTS; attempt++) {
            try {
                return query.apply(workflow);
            } catch (WorkflowNotFoundException e) {
                throw noSuchApplication(ref);
            } catch (RuntimeException e) {
                last = e;
            }
        }
        throw new RemoteFailure("workflow " + ref.workflowId() + " did not answer its status query ("
                + rootMessage(last) + "): is a worker running on task queue " + taskQueue + "? Start one with"
                + " bin/worker (or bin/worker --dev)");
    }

    private RemoteFailure noSuchApplication(ApplicationRef ref) {
        return new RemoteFailure("no application " + ref.name() + " in namespace " + ref.namespace()
                + " (no workflow " + ref.workflowId() + " in Temporal namespace " + connection.namespace() + " at "
                + address() + "): apply it with bin/starter apply -f FILE, or give its namespace with -n");
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return String.valueOf(root.getMessage());
    }

    TemporalConnection connection() {
        return connection;
    }
}
