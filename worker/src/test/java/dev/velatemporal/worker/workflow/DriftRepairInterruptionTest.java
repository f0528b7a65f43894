package dev.velatemporal.worker.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.velatemporal.model.Application;
import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.ApplicationWorkflow;
import dev.velatemporal.workflow.ApplyRequest;
import dev.velatemporal.workflow.GenerationPhase;
import dev.velatemporal.workflow.VelaSearchAttributes;
import dev.velatemporal.workflow.WorkflowIds;
import dev.velatemporal.workflow.WorkflowState;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A drift check in flight gives way: an apply or a delete that arrives during it cancels it and goes first, and a
 * cancelled workflow ends as cancelled. The check is held in flight by the in-memory cluster.
 */
@Timeout(60)
class DriftRepairInterruptionTest {

    static final String ID = "default.book-info";
    static final Duration PATIENCE = Duration.ofSeconds(30);

    TestWorkflowEnvironment temporal;
    WorkflowClient client;
    FakeCluster cluster;
    FakeCluster.Gate check;

    @BeforeEach
    void start() {
        cluster = new FakeCluster();
        temporal = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setWorkflowServiceStubsOptions(WorkflowServiceStubsOptions.newBuilder()
                        .setRpcQueryTimeout(Duration.ofSeconds(1))
                        .build())
                .build());
        VelaSearchAttributes.definitions().forEach(temporal::registerSearchAttribute);
        // The held check heartbeats every 100 ms; sent as often, a heartbeat brings the cancellation at once (by
        // default the SDK sends one every 30 s to an activity without a heartbeat timeout).
        Worker worker = temporal.newWorker(WorkflowIds.TASK_QUEUE, WorkerOptions.newBuilder()
                .setMaxHeartbeatThrottleInterval(Duration.ofMillis(100))
                .build());
        worker.registerWorkflowImplementationTypes(ApplicationWorkflowImpl.class);
        worker.registerActivitiesImplementations(cluster);
        worker.registerActivitiesImplementations(ReconcileSchedule.every(Duration.ZERO));
        temporal.start();
        client = temporal.getWorkflowClient();

        apply(DeliveryTestbed.reference("first-deploy.yaml"));
        awaitStatus(s -> s.generation() == 1 && s.phase() == GenerationPhase.SUCCEEDED, "generation 1");
        check = cluster.holdOn("detect drift");
        workflow().reconcile();
        check.awaitEntered();
    }

    @AfterEach
    void stop() {
        check.release();
        temporal.close();
    }

    @Test
    void anApplyDuringADriftCheckGoesFirst() {
        apply(DeliveryTestbed.reference("rollout-v2.yaml"));

        ApplicationStatus suspended = awaitStatus(s -> s.generation() == 2
                && s.phase() == GenerationPhase.SUSPENDED, "generation 2 to reach the approval");
        assertThat(suspended.events()).extracting(ApplicationStatus.StatusEvent::message)
                .noneMatch(m -> m.contains("drift check failed") || m.startsWith("reconcile"));
    }

    @Test
    void aDeleteDuringADriftCheckDeletes() {
        workflow().delete();

        ApplicationStatus deleted = awaitStatus(s -> s.phase() == GenerationPhase.DELETED, "the delete");
        assertThat(deleted.generation()).isEqualTo(1);
        assertThat(cluster.state()).isEqualTo("deployments ; objects []; subsets {}; routes ");
    }

    @Test
    void aCancelledWorkflowEndsCancelledNotFailed() {
        client.newUntypedWorkflowStub(ID).cancel();

        waitUntil(() -> status() != WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING, "the run to end");
        assertThat(status()).isEqualTo(WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_CANCELED);
    }

    private ApplicationWorkflow workflow() {
        return client.newWorkflowStub(ApplicationWorkflow.class, ID);
    }

    private void apply(Application application) {
        ApplicationWorkflow workflow = client.newWorkflowStub(ApplicationWorkflow.class, WorkflowOptions.newBuilder()
                .setWorkflowId(ID).setTaskQueue(WorkflowIds.TASK_QUEUE).build());
        BatchRequest request = client.newSignalWithStartRequest();
        request.add(workflow::run, WorkflowState.initial());
        request.add(workflow::apply, new ApplyRequest(application, false));
        client.signalWithStart(request);
    }

    private WorkflowExecutionStatus status() {
        return client.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
                DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace(client.getOptions().getNamespace())
                        .setExecution(io.temporal.api.common.v1.WorkflowExecution.newBuilder().setWorkflowId(ID))
                        .build())
                .getWorkflowExecutionInfo().getStatus();
    }

    private ApplicationStatus awaitStatus(Predicate<ApplicationStatus> condition, String what) {
        ApplicationStatus[] last = new ApplicationStatus[1];
        waitUntil(() -> {
            last[0] = workflow().status();
            return condition.test(last[0]);
        }, what);
        return last[0];
    }

    private static void waitUntil(Supplier<Boolean> condition, String what) {
        Waits.until(condition, what, PATIENCE);
    }
}
