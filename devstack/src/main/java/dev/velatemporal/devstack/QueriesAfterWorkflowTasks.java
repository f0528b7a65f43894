package dev.velatemporal.devstack;

import com.google.protobuf.ByteString;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.temporal.api.workflowservice.v1.PollWorkflowTaskQueueResponse;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskCompletedRequest;
import io.temporal.api.workflowservice.v1.RespondWorkflowTaskFailedRequest;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import java.time.Duration;

/**
 * Holds a workflow query back while a workflow task of that workflow is with a worker, and lets it through when
 * the worker has answered the task. This works around a bug of Temporal's Java test server, which the dev stack
 * runs as its Temporal.
 *
 * <p>The bug: a query that arrives while a workflow task is running is buffered, to be answered after the task.
 * If that task then continues the workflow as new, the test server starts the new run, marks this one closed, and
 * then, because something is buffered, schedules one more workflow task on the closed run. That fails with
 * {@code NOT_FOUND: workflow execution already completed}: the worker logs a warning with a stack trace
 * ("Failure while reporting workflow progress"), the closed run's last events (its continued-as-new event
 * among them) are never written, and the query is lost. The Application workflow continues as new after every
 * generation, and {@code bin/starter apply --wait} asks for the status right after it signals; an apply that
 * supersedes a suspended generation (bookinfo's rollback.yaml) is handled, and continued as new, in the very
 * task that query lands in. A real Temporal server answers buffered queries once the task is done.
 *
 * <p>A held query waits at most {@link #TASK_TIMEOUT} (the workflow task timeout: by then the server has given the
 * task up itself). What is left: a query that reaches the server in the instant between the server handing a task
 * out and this interceptor seeing it go is still buffered as before.
 */
final class QueriesAfterWorkflowTasks implements ServerInterceptor {

    /** Temporal's default workflow task timeout, which the Application workflow keeps. */
    static final Duration TASK_TIMEOUT = Duration.ofSeconds(10);

    private static final String POLL = WorkflowServiceGrpc.getPollWorkflowTaskQueueMethod().getFullMethodName();
    private static final String COMPLETED =
            WorkflowServiceGrpc.getRespondWorkflowTaskCompletedMethod().getFullMethodName();
    private static final String FAILED = WorkflowServiceGrpc.getRespondWorkflowTaskFailedMethod().getFullMethodName();
    private static final String QUERY = WorkflowServiceGrpc.getQueryWorkflowMethod().getFullMethodName();

    private final TasksInFlight tasks = new TasksInFlight(TASK_TIMEOUT);

    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        String method = call.getMethodDescriptor().getFullMethodName();
        if (method.equals(POLL)) {
            return next.startCall(new SimpleForwardingServerCall<>(call) {
                @Override
                public void sendMessage(R message) {
                    // A workflow task (not a query task: those carry the query alone) goes out to a worker.
                    if (message instanceof PollWorkflowTaskQueueResponse task && !task.getTaskToken().isEmpty()
                            && !task.hasQuery()) {
                        tasks.handedOut(task.getTaskToken(), task.getWorkflowExecution().getWorkflowId());
                    }
                    super.sendMessage(message);
                }
            }, headers);
        }
        if (method.equals(COMPLETED) || method.equals(FAILED)) {
            return answer(call, headers, next);
        }
        if (method.equals(QUERY)) {
            return new SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
                @Override
                public void onMessage(Q message) {
                    if (message instanceof QueryWorkflowRequest query) {
                        tasks.awaitNoneFor(query.getExecution().getWorkflowId());
                    }
                    super.onMessage(message);
                }
            };
        }
        return next.startCall(call, headers);
    }

    /** A worker's answer to a workflow task: the task stops being in flight once the server has taken it in. */
    private <Q, R> ServerCall.Listener<Q> answer(ServerCall<Q, R> call, Metadata headers,
            ServerCallHandler<Q, R> next) {
        ByteString[] token = {ByteString.EMPTY};
        ServerCall<Q, R> released = new SimpleForwardingServerCall<>(call) {
            @Override
            public void close(Status status, Metadata trailers) {
                try {
                    super.close(status, trailers);
                } finally {
                    tasks.answered(token[0]);
                }
            }
        };
        return new SimpleForwardingServerCallListener<>(next.startCall(released, headers)) {
            @Override
            public void onMessage(Q message) {
                if (message instanceof RespondWorkflowTaskCompletedRequest completed) {
                    token[0] = completed.getTaskToken();
                } else if (message instanceof RespondWorkflowTaskFailedRequest failed) {
                    token[0] = failed.getTaskToken();
                }
                super.onMessage(message);
            }
        };
    }
}
