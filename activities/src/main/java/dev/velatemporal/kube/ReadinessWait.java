package dev.velatemporal.kube;

import dev.velatemporal.activity.DeploymentReadiness;
import dev.velatemporal.activity.DeploymentRef;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * Waits for a Deployment to be ready by watching it (no polling): the watch is opened first, then the Deployment
 * is read once, so no change between the two is missed. While it waits it calls {@code heartbeat} every
 * {@code heartbeatInterval} with the progress; an exception thrown by the heartbeat (Temporal's
 * {@code ActivityCanceledException} when the workflow cancels the activity) ends the wait. The watch is closed
 * however the wait ends.
 *
 * <p>A watch the API server ends with an error (e.g. 410 Gone after a long disconnection; fabric8 reconnects by
 * itself on a plain dropped connection) is thrown as a retryable {@link KubernetesClientException}: the next
 * attempt starts over with a fresh read.
 */
public final class ReadinessWait {

    private final KubernetesClient client;
    private final Duration heartbeatInterval;
    private final AtomicInteger openWatches = new AtomicInteger();

    public ReadinessWait(KubernetesClient client, Duration heartbeatInterval) {
        this.client = client;
        this.heartbeatInterval = heartbeatInterval;
    }

    /**
     * Ready at {@code replicas}: the controller has seen the current spec ({@code observedGeneration} at least
     * {@code metadata.generation}, or the object carries no generation), {@code spec.replicas} is the goal, and
     * so are {@code updatedReplicas} and {@code readyReplicas} (absent counts as 0).
     */
    public static boolean isReady(Deployment deployment, int replicas) {
        Long generation = deployment.getMetadata().getGeneration();
        DeploymentStatus status = deployment.getStatus() == null ? new DeploymentStatus() : deployment.getStatus();
        boolean observed = generation == null
                || (status.getObservedGeneration() != null && status.getObservedGeneration() >= generation);
        return observed
                && Deployments.specReplicas(deployment) == replicas
                && Deployments.orZero(status.getUpdatedReplicas()) == replicas
                && Deployments.orZero(status.getReadyReplicas()) == replicas;
    }

    /**
     * Returns once the Deployment is ready at {@code replicas}. A Deployment that does not exist, or is deleted
     * while we wait, has no pods left: ready when the goal is 0, else a non-retryable {@code NotFound}.
     */
    public DeploymentReadiness await(DeploymentRef ref, int replicas, Consumer<ReadinessProgress> heartbeat) {
        String action = "wait for " + Deployments.describe(ref) + " to be ready at " + replicas + " replicas";
        CompletableFuture<Deployment> ready = new CompletableFuture<>();
        AtomicReference<Deployment> latest = new AtomicReference<>();
        Watcher<Deployment> watcher = new ReadinessWatcher(ref, replicas, action, ready, latest);
        Watch watch = ApiErrors.call(action, () -> client.apps().deployments()
                .inNamespace(ref.namespace()).withName(ref.name()).watch(watcher));
        openWatches.incrementAndGet();
        try (watch) {
            Deployment current = ApiErrors.call(action,
                    () -> client.apps().deployments().inNamespace(ref.namespace()).withName(ref.name()).get());
            latest.compareAndSet(null, current);
            if (current == null) {
                missing(replicas, action, ready);
            } else if (isReady(current, replicas)) {
                ready.complete(current);
            }
            while (!ready.isDone()) {
                heartbeat.accept(progress(ref, replicas, latest.get()));
                try {
                    ready.get(heartbeatInterval.toMillis(), TimeUnit.MILLISECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    // still waiting: heartbeat again; or done: the loop ends
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new KubernetesClientException("interrupted while waiting for " + Deployments.describe(ref), e);
                }
            }
            return result(ref, ready);
        }
    }

    /** Watches this instance has open right now (they close when a wait ends, however it ends). */
    public int openWatches() {
        return openWatches.get();
    }

    private static void missing(int replicas, String action, CompletableFuture<Deployment> ready) {
        if (replicas == 0) {
            ready.complete(null);
        } else {
            ready.completeExceptionally(ApiErrors.notFound(action));
        }
    }

    private static DeploymentReadiness result(DeploymentRef ref, CompletableFuture<Deployment> ready) {
        Deployment deployment;
        try {
            deployment = ready.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
        return deployment == null
                ? new DeploymentReadiness(ref.name(), null, null, 0, 0)
                : Deployments.readiness(deployment);
    }

    private static ReadinessProgress progress(DeploymentRef ref, int replicas, Deployment deployment) {
        String name = ref.namespace() + "/" + ref.name();
        if (deployment == null) {
            return new ReadinessProgress(name, replicas, 0, 0, 0, false);
        }
        DeploymentStatus status = deployment.getStatus() == null ? new DeploymentStatus() : deployment.getStatus();
        return new ReadinessProgress(name, replicas, Deployments.specReplicas(deployment),
                Deployments.orZero(status.getUpdatedReplicas()), Deployments.orZero(status.getReadyReplicas()), true);
    }

    private final class ReadinessWatcher implements Watcher<Deployment> {

        private final DeploymentRef ref;
        private final int replicas;
        private final String action;
        private final CompletableFuture<Deployment> ready;
        private final AtomicReference<Deployment> latest;

        ReadinessWatcher(DeploymentRef ref, int replicas, String action, CompletableFuture<Deployment> ready,
                AtomicReference<Deployment> latest) {
            this.ref = ref;
            this.replicas = replicas;
            this.action = action;
            this.ready = ready;
            this.latest = latest;
        }

        @Override
        public void eventReceived(Action eventAction, Deployment deployment) {
            switch (eventAction) {
                case ADDED, MODIFIED -> {
                    latest.set(deployment);
                    if (isReady(deployment, replicas)) {
                        ready.complete(deployment);
                    }
                }
                case DELETED -> {
                    latest.set(null);
                    missing(replicas, action + " (it was deleted)", ready);
                }
                default -> {
                    // ERROR events end the watch through onClose; BOOKMARKs carry nothing for us.
                }
            }
        }

        @Override
        public void onClose(WatcherException cause) {
            openWatches.decrementAndGet();
            ready.completeExceptionally(new KubernetesClientException(
                    "the watch on " + Deployments.describe(ref) + " was dropped: " + cause.getMessage(), cause));
        }

        @Override
        public void onClose() {
            openWatches.decrementAndGet();
        }
    }
}
