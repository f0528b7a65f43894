package dev.velatemporal.kube;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * One readiness wait's view of its Deployment: the state read from the API server once the wait has subscribed,
 * then every change the namespace's informer reports, until the Deployment is ready at the goal, is deleted, or
 * the informer stops. {@link #done()} completes with the ready Deployment (null: absent, and the goal is 0), or
 * fails with a non-retryable {@code NotFound} (absent, and the goal is not 0) or a retryable
 * {@link KubernetesClientException} (the informer stopped).
 *
 * <p>The informer lags the API server a little, so it may still report changes made before the read, even after
 * it. Those must not count (a Deployment ready at its old spec is not ready at the new one), so only changes to
 * the object that was read, at the generation read or a later one, count.
 */
final class ReadinessWaiter implements DeploymentListener {

    private final int replicas;
    private final String action;
    private final CompletableFuture<Deployment> done = new CompletableFuture<>();
    private volatile Deployment latest;
    /** Completes at the next change of {@link #latest()}, then is replaced by a new one. */
    private volatile CompletableFuture<Void> nextChange = new CompletableFuture<>();

    // Guarded by this. Events that come before the read cannot be judged yet: the last one is kept for it.
    private boolean hasRead;
    private Deployment read;
    private Deployment early;
    private boolean earlyDeleted;

    /** @param action what the wait does, naming the Deployment, for the errors */
    ReadinessWaiter(int replicas, String action) {
        this.replicas = replicas;
        this.action = action;
    }

    /** Completes as described above. */
    CompletableFuture<Deployment> done() {
        return done;
    }

    /** The last state that counted: the read, or a later change; null when the Deployment is absent. */
    Deployment latest() {
        return latest;
    }

    /**
     * Completes when {@link #latest()} next changes. Take it before reading {@link #latest()}, so a change in
     * between completes it rather than going unseen.
     */
    CompletableFuture<Void> nextChange() {
        return nextChange;
    }

    private void setLatest(Deployment deployment) {
        latest = deployment;
        CompletableFuture<Void> changed = nextChange;
        nextChange = new CompletableFuture<>();
        changed.complete(null);
    }

    /** The state read right after subscribing (null: absent), then the last change that came before it. */
    synchronized void read(Deployment current) {
        hasRead = true;
        read = current;
        setLatest(current);
        if (current == null) {
            missing("");
            return;
        }
        if (ReadinessWait.isReady(current, replicas)) {
            done.complete(current);
        }
        if (early != null) {
            offer(early, earlyDeleted);
            early = null;
        }
    }

    /**
     * A re-read made while the watch is failing (see {@link ReadinessWait}): taken as a change, and an absent
     * Deployment as a deletion.
     */
    synchronized void reread(Deployment current) {
        if (current != null) {
            offer(current, false);
        } else if (hasRead && !done.isDone()) {
            setLatest(null);
            missing(" (it was deleted)");
        }
    }

    @Override
    public synchronized void changed(Deployment deployment) {
        offer(deployment, false);
    }

    @Override
    public synchronized void deleted(Deployment deployment) {
        offer(deployment, true);
    }

    @Override
    public void stopped(KubernetesClientException cause) {
        done.completeExceptionally(new KubernetesClientException(
                "stopped waiting (" + action + "): " + cause.getMessage(), cause));
    }

    private void offer(Deployment deployment, boolean deleted) {
        if (!hasRead) {
            early = deployment;
            earlyDeleted = deleted;
            return;
        }
        if (done.isDone() || !isTheOneRead(deployment)) {
            return;
        }
        if (deleted) {
            setLatest(null);
            missing(" (it was deleted)");
        } else if (isNotOlderThanTheRead(deployment)) {
            setLatest(deployment);
            if (ReadinessWait.isReady(deployment, replicas)) {
                done.complete(deployment);
            }
        }
    }

    /**
     * Same uid as the object read. Another uid can only be an earlier object of that name: a later one could only
     * be created after ours is deleted, and that deletion ends the wait.
     */
    private boolean isTheOneRead(Deployment deployment) {
        return Objects.equals(read.getMetadata().getUid(), deployment.getMetadata().getUid());
    }

    /** The generation read or a later one (the API server bumps it on every spec change). */
    private boolean isNotOlderThanTheRead(Deployment deployment) {
        ObjectMeta was = read.getMetadata();
        ObjectMeta now = deployment.getMetadata();
        return was.getGeneration() == null || now.getGeneration() == null
                || now.getGeneration() >= was.getGeneration();
    }

    /** Absent: no pods left, so ready when the goal is 0, else nothing to wait for. */
    private void missing(String how) {
        if (replicas == 0) {
            done.complete(null);
        } else {
            done.completeExceptionally(ApiErrors.notFound(action + how));
        }
    }
}
