package dev.velatemporal.cli;

import com.google.protobuf.Timestamp;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;
import io.temporal.api.common.v1.Payload;
import io.temporal.api.common.v1.SearchAttributes;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.common.v1.WorkflowType;
import io.temporal.api.enums.v1.EventType;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.history.v1.History;
import io.temporal.api.history.v1.HistoryEvent;
import io.temporal.api.taskqueue.v1.PollerInfo;
import io.temporal.api.workflow.v1.WorkflowExecutionInfo;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueRequest;
import io.temporal.api.workflowservice.v1.DescribeTaskQueueResponse;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryRequest;
import io.temporal.api.workflowservice.v1.GetWorkflowExecutionHistoryResponse;
import io.temporal.api.workflowservice.v1.GetSystemInfoRequest;
import io.temporal.api.workflowservice.v1.GetSystemInfoResponse;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsRequest;
import io.temporal.api.workflowservice.v1.ListWorkflowExecutionsResponse;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.SignalWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.QueryWorkflowRequest;
import io.temporal.api.workflowservice.v1.QueryWorkflowResponse;
import io.temporal.api.workflowservice.v1.SignalWithStartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.SignalWithStartWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionRequest;
import io.temporal.api.workflowservice.v1.StartWorkflowExecutionResponse;
import io.temporal.api.workflowservice.v1.WorkflowServiceGrpc;
import io.temporal.common.converter.DefaultDataConverter;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * What a real Temporal frontend answers and the Java test server does not: {@code DescribeTaskQueue} with its
 * pollers, and {@code ListWorkflowExecutions} with a visibility query. Just enough of the service for the starter's
 * commands, each answer set by the test; everything else is UNIMPLEMENTED, as on a server that lacks it.
 */
final class FakeFrontend implements AutoCloseable {

    private final Server server;
    private final Service service = new Service();

    private FakeFrontend() {
        HealthStatusManager health = new HealthStatusManager();
        health.setStatus(WorkflowServiceStubs.HEALTH_CHECK_SERVICE_NAME, ServingStatus.SERVING);
        try {
            server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
                    .addService(health.getHealthService())
                    .addService(service)
                    .build()
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static FakeFrontend start() {
        return new FakeFrontend();
    }

    String address() {
        return "localhost:" + server.getPort();
    }

    /** How many workers poll every task queue from now on. */
    FakeFrontend pollers(int count) {
        service.pollers = count;
        return this;
    }

    /** A running Application workflow: listed by visibility with its search attributes, described as running. */
    FakeFrontend running(String namespace, String name, String phase, String revision) {
        String id = namespace + "." + name;
        service.running.put(id, WorkflowExecutionInfo.newBuilder()
                .setExecution(WorkflowExecution.newBuilder().setWorkflowId(id).setRunId("run-" + id))
                .setType(WorkflowType.newBuilder().setName("ApplicationWorkflow"))
                .setStatus(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING)
                .setTaskQueue("vela-applications")
                .setSearchAttributes(SearchAttributes.newBuilder()
                        .putIndexedFields("VelaApplication", keyword(name))
                        .putIndexedFields("VelaNamespace", keyword(namespace))
                        .putIndexedFields("VelaPhase", keyword(phase))
                        .putIndexedFields("VelaRevision", keyword(revision)))
                .build());
        return this;
    }

    /** A server that cannot list pollers (as the Java test server): DescribeTaskQueue is UNIMPLEMENTED. */
    FakeFrontend pollersUnknown() {
        service.pollers = -1;
        return this;
    }

    /** The workflow's history: one workflow task a worker started at {@code when}. */
    FakeFrontend taskTaken(String workflowId, Instant when) {
        service.taskTaken.put(workflowId, when);
        return this;
    }

    /** Queries go unanswered until {@code delay} after the first one, as with a worker busy with a slow task. */
    FakeFrontend busyFor(Duration delay) {
        service.busyFor = delay;
        return this;
    }

    /** What the workflow's queries answer, by query type ({@code status}, {@code check}). */
    FakeFrontend answers(String workflowId, String queryType, Object answer) {
        service.answers.put(workflowId + "/" + queryType, answer);
        return this;
    }

    /** The visibility queries the starter sent, in order. */
    List<String> visibilityQueries() {
        return List.copyOf(service.visibilityQueries);
    }

    /** The RPCs the starter called, by method name, in order. */
    List<String> calls() {
        return List.copyOf(service.calls);
    }

    @Override
    public void close() {
        server.shutdownNow();
        try {
            server.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Payload keyword(String value) {
        return DefaultDataConverter.STANDARD_INSTANCE.toPayload(value).orElseThrow().toBuilder()
                .putMetadata("type", com.google.protobuf.ByteString.copyFromUtf8("Keyword")).build();
    }

    private static final class Service extends WorkflowServiceGrpc.WorkflowServiceImplBase {

        volatile int pollers;
        volatile Duration busyFor = Duration.ZERO;
        volatile Instant firstQuery;
        final Map<String, Instant> taskTaken = new ConcurrentHashMap<>();
        final Map<String, WorkflowExecutionInfo> running = new ConcurrentHashMap<>();
        final Map<String, Object> answers = new ConcurrentHashMap<>();
        final List<String> visibilityQueries = new CopyOnWriteArrayList<>();
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void getSystemInfo(GetSystemInfoRequest request, StreamObserver<GetSystemInfoResponse> response) {
            reply(response, GetSystemInfoResponse.newBuilder().setServerVersion("fake").build());
        }

        @Override
        public void describeTaskQueue(DescribeTaskQueueRequest request,
                StreamObserver<DescribeTaskQueueResponse> response) {
            calls.add("DescribeTaskQueue");
            if (pollers < 0) {
                response.onError(Status.UNIMPLEMENTED.asRuntimeException());
                return;
            }
            DescribeTaskQueueResponse.Builder answer = DescribeTaskQueueResponse.newBuilder();
            for (int i = 0; i < pollers; i++) {
                answer.addPollers(PollerInfo.newBuilder().setIdentity("worker-" + i + "@test"));
            }
            reply(response, answer.build());
        }

        @Override
        public void describeWorkflowExecution(DescribeWorkflowExecutionRequest request,
                StreamObserver<DescribeWorkflowExecutionResponse> response) {
            calls.add("DescribeWorkflowExecution");
            WorkflowExecutionInfo info = running.get(request.getExecution().getWorkflowId());
            if (info == null) {
                response.onError(Status.NOT_FOUND.withDescription("workflow not found").asRuntimeException());
                return;
            }
            reply(response, DescribeWorkflowExecutionResponse.newBuilder().setWorkflowExecutionInfo(info).build());
        }

        @Override
        public void listWorkflowExecutions(ListWorkflowExecutionsRequest request,
                StreamObserver<ListWorkflowExecutionsResponse> response) {
            calls.add("ListWorkflowExecutions");
            visibilityQueries.add(request.getQuery());
            String namespace = request.getQuery().replaceAll(".*VelaNamespace='([^']*)'.*", "$1");
            boolean oneNamespace = request.getQuery().contains("VelaNamespace=");
            reply(response, ListWorkflowExecutionsResponse.newBuilder()
                    .addAllExecutions(running.values().stream()
                            .filter(info -> !oneNamespace
                                    || info.getExecution().getWorkflowId().startsWith(namespace + "."))
                            .toList())
                    .build());
        }

        @Override
        public void queryWorkflow(QueryWorkflowRequest request, StreamObserver<QueryWorkflowResponse> response) {
            calls.add("QueryWorkflow " + request.getQuery().getQueryType());
            if (!running.containsKey(request.getExecution().getWorkflowId())) {
                response.onError(Status.NOT_FOUND.withDescription("workflow not found").asRuntimeException());
                return;
            }
            Object answer = answers.get(request.getExecution().getWorkflowId() + "/"
                    + request.getQuery().getQueryType());
            if (firstQuery == null) {
                firstQuery = Instant.now();
            }
            if (answer == null || Instant.now().isBefore(firstQuery.plus(busyFor))) {
                // A real server waits for a worker; this one has none to wait for.
                response.onError(Status.DEADLINE_EXCEEDED.asRuntimeException());
                return;
            }
            reply(response, QueryWorkflowResponse.newBuilder()
                    .setQueryResult(DefaultDataConverter.STANDARD_INSTANCE.toPayloads(answer).orElseThrow())
                    .build());
        }

        @Override
        public void getWorkflowExecutionHistory(GetWorkflowExecutionHistoryRequest request,
                StreamObserver<GetWorkflowExecutionHistoryResponse> response) {
            calls.add("GetWorkflowExecutionHistory");
            History.Builder history = History.newBuilder();
            Instant taken = taskTaken.get(request.getExecution().getWorkflowId());
            if (taken != null) {
                history.addEvents(HistoryEvent.newBuilder().setEventId(3)
                        .setEventType(EventType.EVENT_TYPE_WORKFLOW_TASK_STARTED)
                        .setEventTime(Timestamp.newBuilder().setSeconds(taken.getEpochSecond())));
            }
            reply(response, GetWorkflowExecutionHistoryResponse.newBuilder().setHistory(history).build());
        }

        @Override
        public void startWorkflowExecution(StartWorkflowExecutionRequest request,
                StreamObserver<StartWorkflowExecutionResponse> response) {
            calls.add("StartWorkflowExecution");
            reply(response, StartWorkflowExecutionResponse.newBuilder().setRunId("run-1").setStarted(true).build());
        }

        @Override
        public void signalWithStartWorkflowExecution(SignalWithStartWorkflowExecutionRequest request,
                StreamObserver<SignalWithStartWorkflowExecutionResponse> response) {
            calls.add("SignalWithStartWorkflowExecution");
            reply(response, SignalWithStartWorkflowExecutionResponse.newBuilder().setRunId("run-1").build());
        }

        @Override
        public void signalWorkflowExecution(SignalWorkflowExecutionRequest request,
                StreamObserver<SignalWorkflowExecutionResponse> response) {
            calls.add("SignalWorkflowExecution " + request.getSignalName());
            if (!running.containsKey(request.getWorkflowExecution().getWorkflowId())) {
                response.onError(Status.NOT_FOUND.withDescription("workflow not found").asRuntimeException());
                return;
            }
            reply(response, SignalWorkflowExecutionResponse.getDefaultInstance());
        }

        private static <T> void reply(StreamObserver<T> response, T answer) {
            response.onNext(answer);
            response.onCompleted();
        }
    }
}
