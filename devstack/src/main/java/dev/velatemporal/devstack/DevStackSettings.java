package dev.velatemporal.devstack;

import dev.velatemporal.activity.NamespacePolicy;
import dev.velatemporal.codec.PayloadKey;
import dev.velatemporal.render.IstioApiVersion;
import dev.velatemporal.worker.WorkerFlags;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * How to run the dev stack.
 *
 * @param temporalPort where the embedded Temporal listens; 0 picks a free port
 * @param kubePort where the sandbox Kubernetes API listens; 0 picks a free port
 * @param kubeconfig where to write the kubeconfig for kubectl and the starter's traffic view
 * @param podReadyDelay how long the simulated kubelet takes to make a Deployment's pods ready
 * @param namespaces the Kubernetes namespaces the worker may deploy to
 * @param metricsPort where the worker serves Prometheus metrics: {@link #NO_METRICS}, or 0 for a free port
 * @param payloadKey encrypts the workflows' payloads when present (the starter needs the same key)
 */
public record DevStackSettings(int temporalPort, int kubePort, Path kubeconfig, Duration podReadyDelay,
        String taskQueue, IstioApiVersion istio, NamespacePolicy namespaces, int metricsPort,
        Optional<PayloadKey> payloadKey) {

    public static final int NO_METRICS = WorkerFlags.NO_METRICS;

    public static final Path DEFAULT_KUBECONFIG = Path.of(".vela-temporal", "sandbox.kubeconfig");
    public static final Duration DEFAULT_POD_READY_DELAY = Duration.ofSeconds(1);

    /** Free ports, the default kubeconfig location relative to {@code dir}, pods ready after {@code delay}. */
    public static DevStackSettings ephemeral(Path dir, Duration delay) {
        return new DevStackSettings(0, 0, dir.resolve(DEFAULT_KUBECONFIG), delay,
                dev.velatemporal.workflow.WorkflowIds.TASK_QUEUE, IstioApiVersion.V1, NamespacePolicy.any(),
                NO_METRICS, Optional.empty());
    }

    public DevStackSettings withMetricsPort(int port) {
        return new DevStackSettings(temporalPort, kubePort, kubeconfig, podReadyDelay, taskQueue, istio, namespaces,
                port, payloadKey);
    }

    public DevStackSettings withNamespaces(NamespacePolicy policy) {
        return new DevStackSettings(temporalPort, kubePort, kubeconfig, podReadyDelay, taskQueue, istio, policy,
                metricsPort, payloadKey);
    }

    public DevStackSettings withPayloadKey(Optional<PayloadKey> key) {
        return new DevStackSettings(temporalPort, kubePort, kubeconfig, podReadyDelay, taskQueue, istio, namespaces,
                metricsPort, key);
    }
}
