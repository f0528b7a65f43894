package dev.velatemporal.worker.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.velatemporal.connection.TemporalConnection;
import dev.velatemporal.connection.TemporalOptions;
import dev.velatemporal.render.IstioApiVersion;
import dev.velatemporal.sandbox.SandboxCluster;
import dev.velatemporal.sandbox.SimulatedKubelet;
import dev.velatemporal.worker.VelaWorker;
import dev.velatemporal.worker.WorkerSettings;
import dev.velatemporal.sandbox.FreePort;
import dev.velatemporal.worker.visibility.SearchAttributeSetup;
import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.ApplicationWorkflow;
import dev.velatemporal.workflow.ApplyRequest;
import dev.velatemporal.workflow.GenerationPhase;
import dev.velatemporal.workflow.WorkflowIds;
import dev.velatemporal.workflow.WorkflowState;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowOptions;
import io.temporal.testserver.TestServer;
import io.temporal.worker.WorkerOptions;
import java.io.Closeable;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A worker stopped while a rollout waits for pods, and a new one started on the same Temporal: the rollout goes
 * on where it was, and each batch is applied to the cluster once. Runs on the dev stack's parts (the test server
 * on a port, the sandbox API), since two workers need a real frontend between them.
 */
class WorkerRestartTest {

    private static final String ID = WorkflowIds.of("default", "book-info");
    private static final Duration PATIENCE = Duration.ofSeconds(45);

    private int port;
    private Closeable temporal;
    private SandboxCluster sandbox;
    private KubernetesClient kube;
    private SimulatedKubelet kubelet;
    private TemporalConnection connection;
    private final ApiWriteLog writes = new ApiWriteLog();

    @BeforeEach
    void start() {
        port = FreePort.find();
        temporal = TestServer.createPortBoundServer(port, true);
        sandbox = SandboxCluster.start(0);
        kube = new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(sandbox.client().getConfiguration()).build())
                .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor("writes", writes))
                .build();
        // Slow pods, so that the worker is stopped while it waits for them.
        kubelet = new SimulatedKubelet(kube, Duration.ofSeconds(2));
        kubelet.start();
        connection = TemporalConnection.open(TemporalOptions.local(port).resolve(), Duration.ofSeconds(10));
        SearchAttributeSetup.register(connection.stubs(), connection.namespace());
    }

    @AfterEach
    void stop() throws Exception {
        connection.close();
        kubelet.close();
        kube.close();
        sandbox.close();
        temporal.close();
    }

    @Test
    void aRolloutWaitingForPodsCompletesOnANewWorkerWithEachBatchAppliedOnce() {
        // The first worker has a connection of its own, closed with it as a stopped process's would be: the
        // server must not hand tasks to its abandoned polls.
        TemporalConnection firstConnection = TemporalConnection.open(TemporalOptions.local(port).resolve(),
                Duration.ofSeconds(10));
        VelaWorker first = worker(firstConnection);
        apply("first-deploy.yaml");
        awaitStatus(s -> s.generation() == 1 && s.phase() == GenerationPhase.SUCCEEDED, "the first deploy");
        apply("rollout-v2.yaml");
        awaitPendingActivity("AwaitReady");

        first.close();
        firstConnection.close();
        assertThat(pendingActivities()).as("the wait outlives its worker").contains("AwaitReady");
        VelaWorker second = worker(connection);
        try {
            ApplicationStatus suspended = awaitStatus(
                    s -> s.generation() == 2 && s.phase() == GenerationPhase.SUSPENDED, "the approval");
            assertThat(suspended.currentStep()).isEqualTo("manual-approval");
            connection.client().newWorkflowStub(ApplicationWorkflow.class, ID).resume();
            awaitStatus(s -> s.generation() == 2 && s.phase() == GenerationPhase.SUCCEEDED, "the release");
        } finally {
            second.close();
        }

        assertThat(scalesOf("reviews-v2", 1)).as("batch 1 (reviews-v2 to 1 replica) applied once").isEqualTo(1);
        assertThat(scalesOf("reviews-v2", 2)).as("batch 2 (reviews-v2 to 2 replicas) applied once").isEqualTo(1);
        assertThat(kube.apps().deployments().inNamespace("default").withName("reviews-v2").get()
                .getStatus().getReadyReplicas()).isEqualTo(2);
        assertThat(kube.apps().deployments().inNamespace("default").withName("reviews-v1").get()).isNull();
    }

    private VelaWorker worker(TemporalConnection connection) {
        // No sticky queue (a zero sticky schedule-to-start timeout turns it off): a real server moves a workflow
        // task off a stopped worker's sticky queue after that timeout, the test server never does.
        return VelaWorker.start(connection.client(), kube,
                WorkerSettings.of(WorkflowIds.TASK_QUEUE, IstioApiVersion.V1, Duration.ofMillis(200))
                        .withOptions(WorkerOptions.newBuilder()
                                .setStickyQueueScheduleToStartTimeout(Duration.ZERO)
                                .build()));
    }

    private void apply(String file) {
        WorkflowClient client = connection.client();
        ApplicationWorkflow workflow = client.newWorkflowStub(ApplicationWorkflow.class,
                WorkflowOptions.newBuilder().setWorkflowId(ID).setTaskQueue(WorkflowIds.TASK_QUEUE).build());
        BatchRequest request = client.newSignalWithStartRequest();
        request.add(workflow::run, WorkflowState.initial());
        request.add(workflow::apply, new ApplyRequest(DeliveryTestbed.reference(file), false));
        client.signalWithStart(request);
    }

    /** Scale writes (merge patches of spec.replicas) that set {@code deployment} to {@code replicas}. */
    private long scalesOf(String deployment, int replicas) {
        return writes.writes().stream()
                .filter(w -> w.method().equals("PATCH") && w.path().endsWith("/deployments/" + deployment))
                .filter(w -> w.body() != null && w.body().contains("\"replicas\":" + replicas + "}"))
                .count();
    }

    private ApplicationStatus awaitStatus(Predicate<ApplicationStatus> condition, String what) {
        Instant giveUp = Instant.now().plus(PATIENCE);
        ApplicationStatus last = null;
        while (Instant.now().isBefore(giveUp)) {
            try {
                last = connection.client().newWorkflowStub(ApplicationWorkflow.class, ID).status();
                if (condition.test(last)) {
                    return last;
                }
            } catch (RuntimeException e) {
                // between two runs, or no worker yet: ask again
            }
            DeliveryTestbed.sleep(100);
        }
        throw new AssertionError("gave up waiting for " + what + "; last status " + last + "; pending "
                + pendingActivities());
    }

    private void awaitPendingActivity(String type) {
        Instant giveUp = Instant.now().plus(PATIENCE);
        while (!pendingActivities().contains(type)) {
            assertThat(Instant.now()).as("%s to be pending", type).isBefore(giveUp);
            DeliveryTestbed.sleep(50);
        }
    }

    private String pendingActivities() {
        return connection.stubs().blockingStub().describeWorkflowExecution(
                DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace(connection.namespace())
                        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(ID))
                        .build())
                .getPendingActivitiesList().toString();
    }
}
