package dev.velatemporal.client;

import dev.velatemporal.connection.TemporalConnection;
import io.grpc.StatusRuntimeException;
import io.temporal.api.enums.v1.TaskQueueType;
import io.temporal.api.taskqueue.v1.TaskQueue;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Whether workers poll a task queue, as far as the server can tell. A real Temporal lists the workflow pollers it
 * has seen lately (DescribeTaskQueue), so "no worker" can be said before any query waits for one. The Java test
 * server (the dev stack's Temporal) does not implement DescribeTaskQueue: there the answer is {@link
 * Knowledge#UNKNOWN}, and only a query left unanswered can tell.
 *
 * @param count the pollers seen; 0 unless {@link Knowledge#POLLED}
 */
public record TaskQueuePollers(String taskQueue, Knowledge knowledge, int count) {

    public enum Knowledge { POLLED, NOT_POLLED, UNKNOWN }

    private static final Duration LIMIT = Duration.ofSeconds(5);

    public boolean none() {
        return knowledge == Knowledge.NOT_POLLED;
    }

    static TaskQueuePollers of(TemporalConnection connection, String taskQueue) {
        try {
            int count = connection.stubs().blockingStub()
                    .withDeadlineAfter(LIMIT.toMillis(), TimeUnit.MILLISECONDS)
                    .describeTaskQueue(DescribeTaskQueueRequest.newBuilder()
                            .setNamespace(connection.namespace())
                            .setTaskQueue(TaskQueue.newBuilder().setName(taskQueue))
                            // Workflow workers answer queries: those are the ones the starter needs.
                            .setTaskQueueType(TaskQueueType.TASK_QUEUE_TYPE_WORKFLOW)
                            .build())
                    .getPollersCount();
            return new TaskQueuePollers(taskQueue, count > 0 ? Knowledge.POLLED : Knowledge.NOT_POLLED, count);
        } catch (StatusRuntimeException e) {
            // UNIMPLEMENTED on the test server; PERMISSION_DENIED for a role that may query workflows but not
            // describe task queues. Whatever the reason, the query that follows has the last word.
            return new TaskQueuePollers(taskQueue, Knowledge.UNKNOWN, 0);
        }
    }
}
