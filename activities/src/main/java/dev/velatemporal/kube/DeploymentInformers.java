package dev.velatemporal.kube;

import dev.velatemporal.activity.DeploymentRef;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@link NamespaceInformer} per namespace, started by the first listener in that namespace and shared by all
 * the later ones, until {@link #close()}. So however many readiness waits run, the API server serves one watch
 * per namespace, not one per wait. An informer that stopped by itself is forgotten; the next listener in its
 * namespace starts a new one.
 */
final class DeploymentInformers implements AutoCloseable {

    /** A listener's interest in one Deployment; close it when done listening. */
    interface Subscription extends AutoCloseable {
        /** Whether the informer's watch is established right now: false while fabric8 retries it. */
        boolean watching();

        @Override
        void close();
    }

    private final KubernetesClient client;
    /** Guarded by this; never held while calling into an informer (which calls {@link #forget} when it stops). */
    private final Map<String, NamespaceInformer> byNamespace = new HashMap<>();
    private boolean closed;

    DeploymentInformers(KubernetesClient client) {
        this.client = client;
    }

    /**
     * Tells {@code listener} about every change to the Deployment {@code ref} until the subscription is closed.
     *
     * @throws KubernetesClientException as the first list of the namespace threw it; retryable when the
     *     namespace's informer has stopped or these informers are closed
     */
    Subscription subscribe(DeploymentRef ref, DeploymentListener listener) {
        return informerOf(ref.namespace()).subscribe(ref.name(), listener);
    }

    /** Listeners subscribed right now, in every namespace. */
    int subscriptions() {
        return informers().stream().mapToInt(NamespaceInformer::subscriptions).sum();
    }

    /** Namespaces whose informer is running right now. */
    int running() {
        return (int) informers().stream().filter(NamespaceInformer::isRunning).count();
    }

    /** Stops every informer; later subscriptions fail (retryably: another worker may take the activity). */
    @Override
    public void close() {
        List<NamespaceInformer> all;
        synchronized (this) {
            closed = true;
            all = List.copyOf(byNamespace.values());
            byNamespace.clear();
        }
        all.forEach(NamespaceInformer::close);
    }

    private synchronized NamespaceInformer informerOf(String namespace) {
        if (closed) {
            throw new KubernetesClientException("the Deployment informers are closed");
        }
        return byNamespace.computeIfAbsent(namespace, ns -> new NamespaceInformer(client, ns, this::forget));
    }

    private synchronized void forget(NamespaceInformer stopped) {
        byNamespace.remove(stopped.namespace(), stopped);
    }

    private synchronized List<NamespaceInformer> informers() {
        return List.copyOf(byNamespace.values());
    }
}
