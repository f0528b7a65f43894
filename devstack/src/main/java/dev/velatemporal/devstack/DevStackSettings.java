package dev.velatemporal.devstack;

import dev.velatemporal.activity.NamespacePolicy;
import dev.velatemporal.codec.PayloadKey;
import dev.velatemporal.render.IstioApiVersion;
import dev.velatemporal.worker.WorkerFlags;
import dev.velatemporal.worker.workflow.ReconcileSchedule;
import dev.velatemporal.workflow.WorkflowIds;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How to run the dev stack.
 *
 * @param temporalPort where Temporal listens; 0 picks a free port
 * @param kubePort where the sandbox Kubernetes API listens; 0 picks a free port
 * @param stateDir where the kubeconfig goes when none is given: {@link SandboxKubeconfig#forTemporalPort}
 * @param kubeconfig the kubeconfig file to write for kubectl and the starter's traffic view, instead
 * @param podReadyDelay how long the simulated kubelet takes to make a Deployment's pods ready
 * @param namespaces the Kubernetes namespaces the worker may deploy to
 * @param metricsPort where the worker serves Prometheus metrics: {@link #NO_METRICS}, or 0 for a free port
 * @param payloadKey encrypts the workflows' payloads when present (the starter needs the same key)
 * @param reconcileInterval how often idle Applications check for drift (the worker's --reconcile-interval)
 * @param temporalServer which Temporal runs: the CLI's dev server with the UI, or the embedded test server
 */
public record DevStackSettings(int temporalPort, int kubePort, Path stateDir, Optional<Path> kubeconfig,
        Duration podReadyDelay, String taskQueue, IstioApiVersion istio, NamespacePolicy namespaces,
        int metricsPort, Optional<PayloadKey> payloadKey, Duration reconcileInterval,
        TemporalServerChoice temporalServer) {

    public static final int NO_METRICS = WorkerFlags.NO_METRICS;

    public static final Duration DEFAULT_POD_READY_DELAY = Duration.ofSeconds(1);

    /** Free ports, the kubeconfig in {@code dir}/.vela-temporal, pods ready after {@code delay}, embedded Temporal. */
    public static DevStackSettings ephemeral(Path dir, Duration delay) {
        return new DevStackSettings(0, 0, dir.resolve(SandboxKubeconfig.DEFAULT_DIR), Optional.empty(), delay,
                WorkflowIds.TASK_QUEUE, IstioApiVersion.V1, NamespacePolicy.any(), NO_METRICS, Optional.empty(),
                ReconcileSchedule.DEFAULT_INTERVAL, TemporalServerChoice.embedded());
    }

    /** The kubeconfig to write for a stack whose Temporal got {@code port}. */
    Path kubeconfigFor(int port) {
        return kubeconfig.orElseGet(() -> SandboxKubeconfig.forTemporalPort(stateDir, port));
    }

    public DevStackSettings withKubeconfig(Path file) {
        return new DevStackSettings(temporalPort, kubePort, stateDir, Optional.of(file), podReadyDelay, taskQueue,
                istio, namespaces, metricsPort, payloadKey, reconcileInterval, temporalServer);
    }

    public DevStackSettings withMetricsPort(int port) {
        return new DevStackSettings(temporalPort, kubePort, stateDir, kubeconfig, podReadyDelay, taskQueue, istio,
                namespaces, port, payloadKey, reconcileInterval, temporalServer);
    }

    public DevStackSettings withNamespaces(NamespacePolicy policy) {
        return new DevStackSettings(temporalPort, kubePort, stateDir, kubeconfig, podReadyDelay, taskQueue, istio,
                policy, metricsPort, payloadKey, reconcileInterval, temporalServer);
    }

    public DevStackSettings withPayloadKey(Optional<PayloadKey> key) {
        return new DevStackSettings(temporalPort, kubePort, stateDir, kubeconfig, podReadyDelay, taskQueue, istio,
                namespaces, metricsPort, key, reconcileInterval, temporalServer);
    }

    public DevStackSettings withReconcileInterval(Duration interval) {
        return new DevStackSettings(temporalPort, kubePort, stateDir, kubeconfig, podReadyDelay, taskQueue, istio,
                namespaces, metricsPort, payloadKey, interval, temporalServer);
    }

    public DevStackSettings withTemporalServer(TemporalServerChoice choice) {
        return new DevStackSettings(temporalPort, kubePort, stateDir, kubeconfig, podReadyDelay, taskQueue, istio,
                namespaces, metricsPort, payloadKey, reconcileInterval, choice);
    }
}
