package dev.velatemporal.client;

import com.google.protobuf.ByteString;
import dev.velatemporal.connection.TemporalConnection;
import io.grpc.StatusRuntimeException;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * When a worker last took one of a workflow's tasks, from its history: the evidence that tells a worker that is
 * busy (a cold JVM's first workflow task, a task that failed and is retried) from no worker at all, when a query
 * goes unanswered and the server cannot list the task queue's pollers.
 */
final class WorkerTraces {

    private static final Set<EventType> TAKEN = Set.of(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED,
            EventType.EVENT_TYPE_WORKFLOW_TASK_COMPLETED, EventType.EVENT_TYPE_WORKFLOW_TASK_FAILED);

    private WorkerTraces() {}

    /** The time of the latest workflow task a worker started, completed or failed in the current run. */
    static Optional<Instant> lastTaskTaken(TemporalConnection connection, String workflowId) {
        Instant last = null;
        ByteString token = ByteString.EMPTY;
        try {
            do {
                GetWorkflowExecutionHistoryResponse page = connection.stubs().blockingStub()
                        .withDeadlineAfter(ApplicationClient.CALL_LIMIT.toMillis(), TimeUnit.MILLISECONDS)
                        .getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest.newBuilder()
                                .setNamespace(connection.namespace())
                                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                                .setNextPageToken(token)
                                .build());
                for (HistoryEvent event : page.getHistory().getEventsList()) {
                    if (TAKEN.contains(event.getEventType())) {
                        last = Instant.ofEpochSecond(event.getEventTime().getSeconds(),
                                event.getEventTime().getNanos());
                    }
                }
                token = page.getNextPageToken();
            } while (!token.isEmpty());
        } catch (StatusRuntimeException e) {
            return Optional.empty(); // no history to read: no evidence either way
        }
        return Optional.ofNullable(last);
    }
}
