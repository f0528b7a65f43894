package dev.velatemporal.worker;

import dev.velatemporal.activity.DeliveryActivitiesImpl;
import dev.velatemporal.codec.PayloadKey;
import dev.velatemporal.connection.ClientExtras;
import dev.velatemporal.worker.logging.LogContextPropagator;
import dev.velatemporal.worker.metrics.WorkerMetrics;
import dev.velatemporal.worker.workflow.ApplicationWorkflowImpl;
import dev.velatemporal.worker.workflow.ReconcileSchedule;
import dev.velatemporal.worker.workflow.SenderInterceptor;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.temporal.client.WorkflowClient;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerFactory;
import io.temporal.worker.WorkerFactoryOptions;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Application workflow and its activities, polling one task queue. Stopping is graceful: polling stops, the
 * tasks in hand get {@code grace} to finish, and what is still running then (a long readiness wait) is
 * released: its attempt fails at once with a retryable error, so another worker retries it instead of waiting out
 * the heartbeat timeout.
 */
public final class VelaWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(VelaWorker.class);

    private static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(10);

    /**
     * At most this long between a readiness wait's progress changing and Temporal having it. The SDK sends one
     * heartbeat per throttle interval (by default 80% of the heartbeat timeout: 24 s for the readiness wait), so
     * {@code bin/starter status}, which reads the progress from the pending activity, would show pods ready up to
     * 24 s late. The wait heartbeats only when its progress changes (and every few seconds to stay alive), so a
     * second costs at most one request per second per waiting rollout.
     */
    public static final Duration PROGRESS_LAG = Duration.ofSeconds(1);

    private final WorkerFactory factory;
    private final DeliveryActivitiesImpl activities;
    private final String taskQueue;
    private final Duration grace;

    private VelaWorker(WorkerFactory factory, DeliveryActivitiesImpl activities, String taskQueue, Duration grace) {
        this.factory = factory;
        this.activities = activities;
        this.taskQueue = taskQueue;
        this.grace = grace;
    }

    /** Registers the workflow and the activities on the settings' task queue and starts polling. */
    public static VelaWorker start(WorkflowClient client, KubernetesClient kube, WorkerSettings settings) {
        WorkerFactory factory = WorkerFactory.newInstance(client, factoryOptions());
        Worker worker = factory.newWorker(settings.taskQueue(), withLiveProgress(settings.options()));
        worker.registerWorkflowImplementationTypes(ApplicationWorkflowImpl.class);
        DeliveryActivitiesImpl activities = new DeliveryActivitiesImpl(kube, settings.istio(),
                DeliveryActivitiesImpl.DEFAULT_HEARTBEAT_INTERVAL, settings.namespaces());
        worker.registerActivitiesImplementations(activities);
        worker.registerActivitiesImplementations(ReconcileSchedule.every(settings.reconcileInterval()));
        factory.start();
        LOG.info("polling task queue {} in Temporal namespace {}; deploying to {}; drift check {}",
                settings.taskQueue(), client.getOptions().getNamespace(), settings.namespaces().describe(),
                settings.reconcileInterval().isZero() ? "only on reconcile"
                        : "every " + ReconcileSchedule.describe(settings.reconcileInterval()) + " while idle");
        return new VelaWorker(factory, activities, settings.taskQueue(), settings.shutdownGrace());
    }

    /** What every worker's factory carries: the interceptor that tells the workflow who sent a signal or update. */
    public static WorkerFactoryOptions factoryOptions() {
        return WorkerFactoryOptions.newBuilder().setWorkerInterceptors(new SenderInterceptor()).build();
    }

    /** {@code options}, with heartbeats (the readiness waits' progress) sent within {@link #PROGRESS_LAG}. */
    public static WorkerOptions withLiveProgress(WorkerOptions options) {
        return WorkerOptions.newBuilder(options).setMaxHeartbeatThrottleInterval(PROGRESS_LAG).build();
    }

    /**
     * What a worker's Temporal connection carries besides its address: the log context propagator (so activity
     * log lines name their application and step), the payload key if any, and the metrics scope if metrics are on.
     */
    public static ClientExtras connectionExtras(Optional<PayloadKey> payloadKey, WorkerMetrics metrics) {
        ClientExtras extras = ClientExtras.none()
                .withContextPropagators(List.of(new LogContextPropagator()))
                .withPayloadKey(payloadKey);
        return metrics != null ? extras.withMetricsScope(metrics.temporalScope()) : extras;
    }

    /** Whether it polls its task queue: started, and not stopping. */
    public boolean isPolling() {
        return factory.isStarted() && !factory.isShutdown();
    }

    public String taskQueue() {
        return taskQueue;
    }

    @Override
    public void close() {
        if (factory.isShutdown()) {
            return;
        }
        LOG.info("stopping: no new tasks; up to {} ms for the ones in hand", grace.toMillis());
        factory.shutdown();
        factory.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS);
        if (!factory.isTerminated()) {
            // Readiness waits can last minutes: stopping their informers fails them with a retryable error,
            // reported while the worker still can, so another worker takes them over at once.
            LOG.info("releasing the readiness waits still running; another worker retries them");
        }
        activities.close();
        factory.awaitTermination(RELEASE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        if (!factory.isTerminated()) {
            factory.shutdownNow();
        }
        LOG.info("stopped");
    }
}
