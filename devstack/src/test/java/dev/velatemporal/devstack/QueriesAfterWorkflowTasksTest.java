package dev.velatemporal.devstack;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.velatemporal.sandbox.FreePort;
import io.grpc.ForwardingServerCallListener.SimpleForwardingServerCallListener;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubs;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.worker.WorkerFactory;
import io.temporal.workflow.QueryMethod;
import io.temporal.workflow.SignalMethod;
import io.temporal.workflow.Workflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * The race behind bin/demo's "NOT_FOUND: workflow execution already completed", made certain: a query reaches
 * the embedded Temporal while the worker runs the workflow task that continues the workflow as new (the signal
 * handler holds the task until the query has arrived). The run must close with its continued-as-new event, the
 * query must be answered, and the worker must not have failed to report the task.
 */
@Timeout(60)
class QueriesAfterWorkflowTasksTest {

    private static final String TASK_QUEUE = "restarting";
    /** The handler may hold the workflow thread this long at most: the SDK calls 1 s a deadlock. */
    private static final long HOLD_MILLIS = 800;

    static final CountDownLatch handling = new CountDownLatch(1);
    static final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch queryArrived = new CountDownLatch(1);

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private EmbeddedTemporal temporal;
    private WorkflowServiceStubs stubs;
    private WorkerFactory workers;

    @WorkflowInterface
    public interface Restarting {
        @WorkflowMethod
        void run(int generation);

        @SignalMethod
        void next();

        @QueryMethod
        int generation();
    }

    public static class RestartingImpl implements Restarting {
        private int generation;
        private boolean next;

        @Override
        public void run(int generation) {
            this.generation = generation;
            Workflow.await(() -> next);
            Workflow.continueAsNew(generation + 1);
        }

        @Override
        public void next() {
            next = true;
            if (generation == 0 && !Workflow.isReplaying()) {
                // Keep this workflow task with the worker until the test's query has reached the server.
                handling.countDown();
                try {
                    release.await(HOLD_MILLIS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }

        @Override
        public int generation() {
            return generation;
        }
    }

    @BeforeEach
    void start() throws Exception {
        logs.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(logs);
        int port = FreePort.find();
        // Listed last, so it sees a query before the interceptor under test holds it.
        temporal = EmbeddedTemporal.start(port, List.of(new QueriesAfterWorkflowTasks(), arrivals()));
        stubs = WorkflowServiceStubs.newServiceStubs(WorkflowServiceStubsOptions.newBuilder()
                .setTarget("localhost:" + port).build());
        workers = WorkerFactory.newInstance(WorkflowClient.newInstance(stubs));
        workers.newWorker(TASK_QUEUE).registerWorkflowImplementationTypes(RestartingImpl.class);
        workers.start();
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(logs);
        workers.shutdownNow();
        workers.awaitTermination(5, TimeUnit.SECONDS);
        stubs.shutdownNow();
        temporal.close();
    }

    @Test
    void aQueryDuringTheTaskThatContinuesAsNewIsAnsweredAndTheRunClosesProperly() throws Exception {
        WorkflowClient client = WorkflowClient.newInstance(stubs);
        Restarting workflow = client.newWorkflowStub(Restarting.class,
                WorkflowOptions.newBuilder().setWorkflowId("restarting").setTaskQueue(TASK_QUEUE).build());
        WorkflowExecution first = WorkflowClient.start(workflow::run, 0);
        assertThat(workflow.generation()).as("the first run, waiting").isZero();

        workflow.next();
        assertThat(handling.await(10, TimeUnit.SECONDS)).as("the signal's workflow task runs").isTrue();
        CompletableFuture<Integer> query = CompletableFuture.supplyAsync(workflow::generation);
        assertThat(queryArrived.await(HOLD_MILLIS / 2, TimeUnit.MILLISECONDS)).as("the query reached Temporal")
                .isTrue();
        release.countDown();

        assertThat(query.get(20, TimeUnit.SECONDS)).as("the query, answered by the new run").isEqualTo(1);
        List<HistoryEvent> history = stubs.blockingStub().getWorkflowExecutionHistory(
                GetWorkflowExecutionHistoryRequest.newBuilder().setNamespace("default").setExecution(first).build())
                .getHistory().getEventsList();
        assertThat(history.get(history.size() - 1).getEventType()).as("the first run's last event")
                .isEqualTo(EventType.EVENT_TYPE_WORKFLOW_EXECUTION_CONTINUED_AS_NEW);
        assertThat(logs.list).map(ILoggingEvent::getFormattedMessage)
                .noneMatch(line -> line.contains("Failure while reporting workflow progress"));
    }

    /** Notes that a query has reached the server, before anything can hold it. */
    private ServerInterceptor arrivals() {
        return new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                    ServerCallHandler<Q, R> next) {
                return new SimpleForwardingServerCallListener<>(next.startCall(call, headers)) {
                    @Override
                    public void onMessage(Q message) {
                        if (message instanceof QueryWorkflowRequest) {
                            queryArrived.countDown();
                        }
                        super.onMessage(message);
                    }
                };
            }
        };
    }
}
