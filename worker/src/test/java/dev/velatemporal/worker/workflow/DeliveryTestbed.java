package dev.velatemporal.worker.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.velatemporal.activity.DeliveryActivitiesImpl;
import dev.velatemporal.model.Application;
import dev.velatemporal.render.IstioApiVersion;
import dev.velatemporal.sandbox.SimulatedKubelet;
import dev.velatemporal.worker.VelaWorker;
import dev.velatemporal.worker.logging.LogContextPropagator;
import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.ApplicationWorkflow;
import dev.velatemporal.workflow.ApplyRequest;
import dev.velatemporal.workflow.GenerationPhase;
import dev.velatemporal.workflow.VelaSearchAttributes;
import dev.velatemporal.workflow.WorkflowIds;
import dev.velatemporal.workflow.WorkflowState;
import dev.velatemporal.yaml.ApplicationLoader;
import dev.velatemporal.yaml.LoadResult;
import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.client.BatchRequest;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowClientOptions;
import io.temporal.client.WorkflowOptions;
import io.temporal.serviceclient.WorkflowServiceStubsOptions;
import io.temporal.testing.TestEnvironmentOptions;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * An Application's workflow against a Kubernetes API: Temporal's test environment, the fabric8 mock server in
 * CRUD mode, and a simulated kubelet that makes pods ready shortly after a Deployment changes. Tests drive it as
 * a user would (signals, the status query) and check the cluster as a user would (replicas, weights, subsets).
 */
final class DeliveryTestbed implements AutoCloseable {

    static final Path REFERENCE = Path.of("../reference/kubevela-v1.1");
    static final Duration PATIENCE = Duration.ofSeconds(30);
    /**
     * On an API that fails about one request in five, an activity's retries back off (1 s, doubling, up to 30 s
     * apart), so a story can take minutes; correctness, not speed, is what those tests check.
     */
    static final Duration PATIENCE_UNDER_FAULTS = Duration.ofMinutes(3);

    final TestWorkflowEnvironment temporal;
    final WorkflowClient client;
    final KubernetesClient kube;
    final ApiWriteLog writes = new ApiWriteLog();
    private final KubernetesClient workerKube;
    private final SimulatedKubelet kubelet;
    private final DeliveryActivitiesImpl activities;
    /** How long {@link #awaitStatus} waits. */
    private final Duration patience;

    /** @param mock a client of the mock API server; the worker and kubelet get one that logs their writes */
    DeliveryTestbed(KubernetesClient mock) {
        this(mock, Duration.ofMillis(100));
    }

    /** @param podReadyDelay how long the simulated kubelet takes to make a Deployment's pods ready */
    DeliveryTestbed(KubernetesClient mock, Duration podReadyDelay) {
        this(mock, mock, podReadyDelay);
    }

    /**
     * @param reconcileInterval the worker's --reconcile-interval; the other constructors turn the periodic drift
     *     check off (zero), so a test sees drift repaired only when it asks for it
     */
    DeliveryTestbed(KubernetesClient mock, Duration podReadyDelay, Duration reconcileInterval) {
        this(mock, mock, podReadyDelay, reconcileInterval);
    }

    /**
     * @param workerApi what the worker's activities talk to (the sandbox's {@code faultyClient()}, say)
     * @param observer what the kubelet and the test's checks talk to (a client the fault layer leaves alone)
     */
    DeliveryTestbed(KubernetesClient workerApi, KubernetesClient observer, Duration podReadyDelay) {
        this(workerApi, observer, podReadyDelay, Duration.ZERO);
    }

    private DeliveryTestbed(KubernetesClient workerApi, KubernetesClient observer, Duration podReadyDelay,
            Duration reconcileInterval) {
        this.patience = workerApi == observer ? PATIENCE : PATIENCE_UNDER_FAULTS;
        this.kube = logged(observer);
        this.workerKube = workerApi == observer ? kube : logged(workerApi);
        this.kubelet = new SimulatedKubelet(kube, podReadyDelay);
        kubelet.start();
        // A query that reaches the test server while the workflow continues as new is lost (temporalio/sdk-java
        // #1538); a short query timeout lets awaitStatus ask again instead of waiting out the default 10 s.
        // A reconcile interval is real time: were time skipped whenever the workflow idles, its timer would fire
        // as soon as it was set, and drift checks would follow each other without end.
        temporal = TestWorkflowEnvironment.newInstance(TestEnvironmentOptions.newBuilder()
                .setUseTimeskipping(reconcileInterval.isZero())
                .setWorkflowServiceStubsOptions(WorkflowServiceStubsOptions.newBuilder()
                        .setRpcQueryTimeout(Duration.ofSeconds(1))
                        .build())
                .setWorkflowClientOptions(WorkflowClientOptions.newBuilder()
                        .setContextPropagators(List.of(new LogContextPropagator()))
                        .build())
                .setWorkerFactoryOptions(VelaWorker.factoryOptions())
                .build());
        VelaSearchAttributes.definitions().forEach(temporal::registerSearchAttribute);
        Worker worker = temporal.newWorker(WorkflowIds.TASK_QUEUE,
                VelaWorker.withLiveProgress(WorkerOptions.getDefaultInstance()));
        worker.registerWorkflowImplementationTypes(ApplicationWorkflowImpl.class);
        activities = new DeliveryActivitiesImpl(workerKube, IstioApiVersion.V1);
        worker.registerActivitiesImplementations(activities);
        worker.registerActivitiesImplementations(ReconcileSchedule.every(reconcileInterval));
        temporal.start();
        client = temporal.getWorkflowClient();
    }

    private KubernetesClient logged(KubernetesClient mock) {
        return new KubernetesClientBuilder()
                .withConfig(new ConfigBuilder(mock.getConfiguration()).withMaxConcurrentRequestsPerHost(64).build())
                .withHttpClientBuilderConsumer(builder -> builder.addOrReplaceInterceptor("writes", writes))
                .build();
    }

    static Application load(Path file) {
        LoadResult result = new ApplicationLoader().load(file);
        assertThat(result.problems()).as("problems of %s", file).isEmpty();
        return result.applications().get(0);
    }

    static Application reference(String file) {
        return load(REFERENCE.resolve(file));
    }

    ApplicationWorkflow workflow(Application application) {
        return client.newWorkflowStub(ApplicationWorkflow.class, WorkflowOptions.newBuilder()
                .setWorkflowId(WorkflowIds.of(application.namespace(), application.name()))
                .setTaskQueue(WorkflowIds.TASK_QUEUE)
                .build());
    }

    /** What {@code starter apply} does: signal-with-start of apply. Returns the run that got the signal. */
    WorkflowExecution apply(Application application) {
        return apply(application, false);
    }

    WorkflowExecution apply(Application application, boolean force) {
        ApplicationWorkflow workflow = workflow(application);
        BatchRequest request = client.newSignalWithStartRequest();
        request.add(workflow::run, WorkflowState.initial());
        request.add(workflow::apply, new ApplyRequest(application, force));
        return client.signalWithStart(request);
    }

    /**
     * Writes a run's history as JSON under src/test/resources/histories/ when the build asks for it
     * ({@code -Dhistories.update=true}): the committed histories are what {@link ReplayTest} replays.
     */
    void exportHistory(WorkflowExecution run, String name) {
        if (!Boolean.getBoolean("histories.update")) {
            return;
        }
        String json = client.fetchHistory(run.getWorkflowId(), run.getRunId()).toJson(true);
        try {
            Path file = Path.of("src/test/resources/histories", name + ".json");
            Files.createDirectories(file.getParent());
            Files.writeString(file, json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A client that sends as {@code sender}, as the starter does: its Temporal identity, and the {@code vela-sender}
     * header on every signal and update it sends.
     */
    WorkflowClient as(String sender) {
        return WorkflowClient.newInstance(temporal.getWorkflowServiceStubs(), WorkflowClientOptions
                .newBuilder(client.getOptions())
                .setIdentity(sender)
                .setInterceptors(new dev.velatemporal.identity.SenderHeader(sender))
                .build());
    }

    ApplicationWorkflow existing(String workflowId) {
        return client.newWorkflowStub(ApplicationWorkflow.class, workflowId);
    }

    ApplicationStatus status(String workflowId) {
        return existing(workflowId).status();
    }

    /** Waits (real time: the kubelet is real) until the status satisfies {@code condition}. */
    ApplicationStatus awaitStatus(String workflowId, Predicate<ApplicationStatus> condition, String what) {
        Instant giveUp = Instant.now().plus(patience);
        ApplicationStatus last = null;
        while (Instant.now().isBefore(giveUp)) {
            try {
                last = status(workflowId);
                if (condition.test(last)) {
                    return last;
                }
            } catch (RuntimeException e) {
                // not started yet, or between two runs: ask again
            }
            sleep(50);
        }
        throw new AssertionError("gave up waiting for " + what + "; last status: " + last
                + "; pending activities: " + pendingActivities(workflowId));
    }

    /** What the workflow is waiting on, for a test that gives up: activity, attempt, last failure. */
    String pendingActivities(String workflowId) {
        try {
            return client.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
                    DescribeWorkflowExecutionRequest.newBuilder()
                            .setNamespace(client.getOptions().getNamespace())
                            .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                            .build())
                    .getPendingActivitiesList().stream()
                    .map(a -> a.getActivityType().getName() + " attempt " + a.getAttempt() + " "
                            + a.getLastFailure().getMessage() + " heartbeat " + a.getHeartbeatDetails())
                    .collect(Collectors.joining("; "));
        } catch (RuntimeException e) {
            return "(cannot describe: " + e.getMessage() + ")";
        }
    }

    /** Applies a reference file and waits for its generation to reach {@code phase}: a test's starting point. */
    ApplicationStatus applyAndAwait(String referenceFile, int generation, GenerationPhase phase) {
        return applyAndAwaitFile(REFERENCE.resolve(referenceFile), generation, phase);
    }

    /** As {@link #applyAndAwait}, with an Application file anywhere (the examples, say). */
    ApplicationStatus applyAndAwaitFile(Path file, int generation, GenerationPhase phase) {
        Application application = load(file);
        apply(application);
        return awaitPhase(WorkflowIds.of(application.namespace(), application.name()), generation, phase);
    }

    ApplicationStatus awaitPhase(String workflowId, int generation, GenerationPhase phase) {
        return awaitStatus(workflowId, s -> s.generation() == generation && s.phase() == phase,
                "generation " + generation + " to be " + phase.value());
    }

    /** The run currently executing under {@code workflowId}, for exporting its history. */
    WorkflowExecution currentRun(String workflowId) {
        return client.getWorkflowServiceStubs().blockingStub().describeWorkflowExecution(
                DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace(client.getOptions().getNamespace())
                        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(workflowId))
                        .build())
                .getWorkflowExecutionInfo().getExecution();
    }

    // --- the cluster, as kubectl shows it -----------------------------------------------------------------

    Deployment deployment(String name) {
        return kube.apps().deployments().inNamespace("default").withName(name).get();
    }

    int replicas(String deployment) {
        return deployment(deployment).getSpec().getReplicas();
    }

    int readyReplicas(String deployment) {
        Integer ready = deployment(deployment).getStatus() == null
                ? null : deployment(deployment).getStatus().getReadyReplicas();
        return ready == null ? 0 : ready;
    }

    List<String> subsets(String component) {
        DestinationRule rule = kube.resources(DestinationRule.class).inNamespace("default").withName(component).get();
        return rule.getSpec().getSubsets().stream().map(s -> s.getName()).toList();
    }

    /** The VirtualService's route as {@code subset=weight} pairs; {@code host} when it routes to the host. */
    String routes(String component) {
        VirtualService service =
                kube.resources(VirtualService.class).inNamespace("default").withName(component).get();
        return service.getSpec().getHttp().get(0).getRoute().stream()
                .map(r -> r.getDestination().getSubset() == null
                        ? r.getDestination().getHost()
                        : r.getDestination().getSubset() + "=" + r.getWeight())
                .collect(Collectors.joining(","));
    }

    List<String> deploymentNames() {
        return kube.apps().deployments().inNamespace("default").list().getItems().stream()
                .map(d -> d.getMetadata().getName()).sorted().toList();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @Override
    public void close() {
        temporal.close();
        kubelet.close();
        activities.close();
        kube.close();
        if (workerKube != kube) {
            workerKube.close();
        }
    }
}
