package dev.velatemporal.kube;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * The Deployments of one namespace, followed by one fabric8 informer (a list, then one long-lived watch that
 * fabric8 re-establishes by itself, relisting after a 410 Gone), with each change handed to whoever listens to
 * that Deployment's name. The informer starts with the first listener and runs until {@link #close()} or until it
 * fails; a stopped informer is never restarted: every listener is told, and the owner is asked to forget this one
 * (the next listener gets a fresh informer).
 */
final class NamespaceInformer implements AutoCloseable {

    /** How often the start looks whether the first list is done while the watch is not established. */
    private static final Duration LISTED_CHECK = Duration.ofMillis(200);

    private final KubernetesClient client;
    private final String namespace;
    private final Consumer<NamespaceInformer> onStop;
    private final Set<Registration> registrations = ConcurrentHashMap.newKeySet();
    /** Why it stopped; null while it may still run. The first reason wins. */
    private final AtomicReference<KubernetesClientException> stopped = new AtomicReference<>();
    /** Null until the first listener starts it. Guarded by this. */
    private SharedIndexInformer<Deployment> informer;

    /** @param onStop called once, when this informer stops (or fails to start) */
    NamespaceInformer(KubernetesClient client, String namespace, Consumer<NamespaceInformer> onStop) {
        this.client = client;
        this.namespace = namespace;
        this.onStop = onStop;
    }

    String namespace() {
        return namespace;
    }

    /**
     * Tells {@code listener} about every change to the Deployment {@code name} from now until the returned
     * subscription is closed. The first subscription starts the informer and returns once it has listed the
     * namespace; it throws what that list threw.
     *
     * @throws KubernetesClientException (retryable) when the informer has stopped or is closed
     */
    DeploymentInformers.Subscription subscribe(String name, DeploymentListener listener) {
        Registration registration = new Registration(name, listener);
        registrations.add(registration);
        try {
            startOnce();
        } catch (RuntimeException e) {
            registration.close();
            throw e;
        }
        // Added before this check: if it stops from now on, the listener is told; if it already has, we see it.
        KubernetesClientException cause = stopped.get();
        if (cause != null) {
            registration.close();
            throw cause;
        }
        return registration;
    }

    /** Listeners subscribed right now. */
    int subscriptions() {
        return registrations.size();
    }

    /** True while fabric8's informer runs: started, and neither closed nor failed. */
    synchronized boolean isRunning() {
        return informer != null && informer.isRunning();
    }

    /**
     * True while the informer's watch is established. fabric8 re-establishes a dropped watch by itself, with
     * backoff, forever; while it cannot, no change arrives, and waits fall back to re-reading.
     */
    synchronized boolean isWatching() {
        return informer != null && informer.isWatching();
    }

    /** Stops the informer; its listeners are told (their waits fail with a retryable error). */
    @Override
    public void close() {
        stop(new KubernetesClientException("the Deployment informer of namespace " + namespace + " was closed"));
        SharedIndexInformer<Deployment> started;
        synchronized (this) {
            started = informer; // waits for a start in progress, which then cannot start another
        }
        if (started != null) {
            started.close();
        }
    }

    private synchronized void startOnce() {
        if (informer != null || stopped.get() != null) {
            return;
        }
        SharedIndexInformer<Deployment> created =
                client.apps().deployments().inNamespace(namespace).runnableInformer(0);
        created.addEventHandler(new Dispatcher());
        informer = created;
        try {
            awaitListed(created);
        } catch (RuntimeException e) {
            stop(new KubernetesClientException("the Deployment informer of namespace " + namespace
                    + " did not start: " + e.getMessage(), e));
            created.close();
            throw e;
        }
        // Completes when the informer gives up: after close(), or when its watch delivers something it cannot
        // process. Once started, fabric8 retries everything else by itself, with backoff: a dropped or refused
        // watch, a failed relist, a 410 Gone (by relisting).
        created.stopped().whenComplete((ignored, error) -> {
            stop(new KubernetesClientException("the Deployment informer of namespace " + namespace + " stopped"
                    + (error == null ? "" : ": " + error.getMessage()), error));
            created.close(); // idempotent; frees what a failed informer still holds
        });
    }

    /**
     * Returns once the first list is in the cache, or throws what it threw. Not {@code run()}: fabric8's start
     * completes only once the watch is established too, and a watch that cannot be (seen against the sandbox: the
     * WebSocket upgrade refused, then the HTTP fallback) would hold the wait at its start for ever, heartbeat-less.
     * Once listed, a wait reads the Deployment itself and re-reads it while the watch is down.
     */
    private static void awaitListed(SharedIndexInformer<Deployment> created) {
        CompletableFuture<Void> started = created.start().toCompletableFuture();
        while (true) {
            try {
                started.get(LISTED_CHECK.toMillis(), TimeUnit.MILLISECONDS);
                return;
            } catch (TimeoutException e) {
                if (created.hasSynced()) {
                    return; // listed; the watch is not established yet
                }
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException runtime
                        ? runtime : new KubernetesClientException(e.getCause().getMessage(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KubernetesClientException("interrupted while listing Deployments", e);
            }
        }
    }

    private void stop(KubernetesClientException cause) {
        if (!stopped.compareAndSet(null, cause)) {
            return;
        }
        onStop.accept(this);
        for (Registration registration : registrations) {
            registration.listener.stopped(cause);
        }
    }

    /** The informer's only event handler: hands each event to the listeners of that Deployment. */
    private final class Dispatcher implements ResourceEventHandler<Deployment> {

        @Override
        public void onAdd(Deployment deployment) {
            forEachListenerOf(deployment, listener -> listener.changed(deployment));
        }

        @Override
        public void onUpdate(Deployment before, Deployment deployment) {
            forEachListenerOf(deployment, listener -> listener.changed(deployment));
        }

        @Override
        public void onDelete(Deployment deployment, boolean finalStateUnknown) {
            forEachListenerOf(deployment, listener -> listener.deleted(deployment));
        }

        private void forEachListenerOf(Deployment deployment, Consumer<DeploymentListener> call) {
            String name = deployment.getMetadata().getName();
            for (Registration registration : registrations) {
                if (registration.name.equals(name)) {
                    call.accept(registration.listener);
                }
            }
        }
    }

    /** One listener's interest in one Deployment; closing it (more than once is fine) ends the interest. */
    private final class Registration implements DeploymentInformers.Subscription {

        final String name;
        final DeploymentListener listener;

        Registration(String name, DeploymentListener listener) {
            this.name = name;
            this.listener = listener;
        }

        @Override
        public boolean watching() {
            return isWatching();
        }

        @Override
        public void close() {
            registrations.remove(this);
        }
    }
}
