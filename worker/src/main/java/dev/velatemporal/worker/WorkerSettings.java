package dev.velatemporal.worker;

import dev.velatemporal.activity.NamespacePolicy;
import dev.velatemporal.render.IstioApiVersion;
import dev.velatemporal.worker.workflow.ReconcileSchedule;
import io.temporal.worker.WorkerOptions;
import java.time.Duration;

/**
 * How a worker runs.
 *
 * @param shutdownGrace on stop, how long the tasks in hand may finish before long waits are released
 * @param namespaces the Kubernetes namespaces it may deploy to (--allowed-namespaces)
 * @param options the SDK's worker options (tests turn sticky execution off)
 * @param reconcileInterval how often idle Applications check for drift (--reconcile-interval); zero: never by
 *     themselves, only on {@code reconcile}
 */
public record WorkerSettings(String taskQueue, IstioApiVersion istio, Duration shutdownGrace,
        NamespacePolicy namespaces, WorkerOptions options, Duration reconcileInterval) {

    public static WorkerSettings of(String taskQueue, IstioApiVersion istio, Duration shutdownGrace) {
        return new WorkerSettings(taskQueue, istio, shutdownGrace, NamespacePolicy.any(),
                WorkerOptions.getDefaultInstance(), ReconcileSchedule.DEFAULT_INTERVAL);
    }

    public WorkerSettings withNamespaces(NamespacePolicy policy) {
        return new WorkerSettings(taskQueue, istio, shutdownGrace, policy, options, reconcileInterval);
    }

    public WorkerSettings withOptions(WorkerOptions workerOptions) {
        return new WorkerSettings(taskQueue, istio, shutdownGrace, namespaces, workerOptions, reconcileInterval);
    }

    public WorkerSettings withReconcileInterval(Duration interval) {
        return new WorkerSettings(taskQueue, istio, shutdownGrace, namespaces, options, interval);
    }
}
