package dev.velatemporal.sandbox;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.velatemporal.kube.Deployments;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentSpec;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Deployment controller and kubelets of a cluster that has none (fabric8's mock API server, the dev stack):
 * {@code readyDelay} after a Deployment's spec changes, it writes the status a healthy rollout would end with:
 * {@code observedGeneration} = {@code metadata.generation}, and {@code replicas}, {@code updatedReplicas},
 * {@code readyReplicas} and {@code availableReplicas} = {@code spec.replicas}.
 *
 * <p>A Deployment whose first container's image ends in {@code -broken} ({@code example.com/x:2.0-broken}) never
 * gets ready: its pods are updated but {@code readyReplicas} stays 0, as with a crash-looping image.
 *
 * <p>A status is only ever written for the spec the Deployment has at that moment: the write is a JSON merge patch
 * of the status subresource that carries the {@code resourceVersion} it was computed from, so it fails (and is
 * tried again) if the spec changed in between; and a spec change before the delay is up starts the delay again for
 * the new spec. The spec itself is never written.
 */
public final class SimulatedKubelet implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SimulatedKubelet.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration SYNC_LIMIT = Duration.ofSeconds(2);
    private static final Duration SYNC_CHECK = Duration.ofMillis(10);

    private final KubernetesClient client;
    private final Duration readyDelay;
    private final String namespace;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "simulated-kubelet");
        thread.setDaemon(true);
        return thread;
    });
    /** The status write waiting for its delay, per Deployment ({@code namespace/name}), with the spec it is for. */
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private volatile SharedIndexInformer<Deployment> informer;
    private volatile boolean closed;

    /** Simulates the Deployments of every namespace. */
    public SimulatedKubelet(KubernetesClient client, Duration readyDelay) {
        this(client, readyDelay, null);
    }

    /** Simulates the Deployments of {@code namespace} (every namespace when null). */
    public SimulatedKubelet(KubernetesClient client, Duration readyDelay, String namespace) {
        this.client = client;
        this.readyDelay = readyDelay;
        this.namespace = namespace;
    }

    /** Starts watching; returns once the Deployments that exist now are known (their status follows after the delay). */
    public SimulatedKubelet start() {
        ResourceEventHandler<Deployment> handler = new ResourceEventHandler<>() {
            @Override
            public void onAdd(Deployment deployment) {
                observe(deployment);
            }

            @Override
            public void onUpdate(Deployment before, Deployment deployment) {
                observe(deployment);
            }

            @Override
            public void onDelete(Deployment deployment, boolean finalStateUnknown) {
                cancel(key(deployment));
            }
        };
        informer = namespace == null
                ? client.apps().deployments().inAnyNamespace().inform(handler)
                : client.apps().deployments().inNamespace(namespace).inform(handler);
        return this;
    }

    @Override
    public void close() {
        closed = true;
        scheduler.shutdownNow();
        SharedIndexInformer<Deployment> running = informer;
        if (running != null) {
            awaitInSync(running);
            running.close();
        }
    }

    /**
     * Waits (briefly, and at most {@link #SYNC_LIMIT}) until the informer has seen every Deployment as the API has
     * it now. The sandbox API server stalls for up to a minute when a watch is closed while it is sending on it: its
     * close handler, on the event loop, waits for the sender, which needs that event loop. A status write of ours
     * just before the close is exactly such a send; once the informer has it, nothing is in flight.
     */
    private void awaitInSync(SharedIndexInformer<Deployment> running) {
        long deadline = System.nanoTime() + SYNC_LIMIT.toNanos();
        try {
            while (!inSync(running) && System.nanoTime() < deadline) {
                Thread.sleep(SYNC_CHECK.toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (KubernetesClientException e) {
            LOG.debug("closing without a last look at the Deployments: {}", e.getMessage());
        }
    }

    private boolean inSync(SharedIndexInformer<Deployment> running) {
        var deployments = namespace == null ? client.apps().deployments().inAnyNamespace()
                : client.apps().deployments().inNamespace(namespace);
        return versions(deployments.list().getItems()).equals(versions(running.getStore().list()));
    }

    private static Map<String, String> versions(List<Deployment> deployments) {
        Map<String, String> versions = new HashMap<>();
        deployments.forEach(d -> versions.put(key(d), d.getMetadata().getResourceVersion()));
        return versions;
    }

    /**
     * The status a Deployment with this spec ends up with: every replica updated, and ready unless its image is
     * broken.
     */
    public static DeploymentStatus settledStatus(Deployment deployment) {
        int replicas = Deployments.specReplicas(deployment);
        int ready = isBroken(deployment) ? 0 : replicas;
        DeploymentStatus status = new DeploymentStatus();
        status.setObservedGeneration(deployment.getMetadata().getGeneration());
        status.setReplicas(replicas);
        status.setUpdatedReplicas(replicas);
        status.setReadyReplicas(ready);
        status.setAvailableReplicas(ready);
        return status;
    }

    /** A crash-looping image, by convention: its tag ends in {@code -broken}. */
    public static boolean isBroken(Deployment deployment) {
        String image = Deployments.image(deployment);
        return image != null && image.endsWith("-broken");
    }

    private synchronized void observe(Deployment deployment) {
        if (closed) {
            return;
        }
        String key = key(deployment);
        if (isSettled(deployment)) {
            cancel(key); // e.g. a spec changed back before its delay was up
            return;
        }
        Pending current = pending.get(key);
        if (current != null && current.isFor(deployment)) {
            return; // a metadata or status change: the delay goes on
        }
        cancel(key);
        schedule(key, deployment.getSpec(), deployment.getMetadata().getGeneration(), readyDelay);
    }

    private void schedule(String key, DeploymentSpec spec, Long generation, Duration delay) {
        Pending next = new Pending(spec, generation);
        pending.put(key, next);
        next.future = scheduler.schedule(() -> settle(key, next), delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private synchronized void cancel(String key) {
        Pending removed = pending.remove(key);
        if (removed != null && removed.future != null) {
            removed.future.cancel(false);
        }
    }

    /** Writes the settled status, if the Deployment still has the spec this write waited for. */
    private void settle(String key, Pending task) {
        String[] names = key.split("/", 2);
        try {
            Deployment latest = client.apps().deployments().inNamespace(names[0]).withName(names[1]).get();
            // Gone, or changed again (the change scheduled its own write), or already settled: nothing to write.
            if (latest != null && task.isFor(latest) && !isSettled(latest)) {
                writeStatus(latest);
            }
            pending.remove(key, task);
        } catch (KubernetesClientException e) {
            // 409: the Deployment changed since we read it. Anything else: the API had a hiccup. Try again soon.
            LOG.debug("status of Deployment {} not written ({}); trying again", key, e.getMessage());
            synchronized (this) {
                if (!closed && pending.get(key) == task) {
                    schedule(key, task.spec, task.generation, Duration.ofMillis(50));
                }
            }
        }
    }

    /** A merge patch of the status subresource, refused (409) if the Deployment is no longer the one we read. */
    private void writeStatus(Deployment latest) {
        ObjectNode patch = JSON.createObjectNode();
        patch.putObject("metadata").put("resourceVersion", latest.getMetadata().getResourceVersion());
        DeploymentStatus settled = settledStatus(latest);
        ObjectNode status = patch.putObject("status");
        if (settled.getObservedGeneration() != null) {
            status.put("observedGeneration", settled.getObservedGeneration());
        }
        status.put("replicas", settled.getReplicas())
                .put("updatedReplicas", settled.getUpdatedReplicas())
                .put("readyReplicas", settled.getReadyReplicas())
                .put("availableReplicas", settled.getAvailableReplicas());
        client.apps().deployments().inNamespace(latest.getMetadata().getNamespace())
                .withName(latest.getMetadata().getName()).subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch.toString());
    }

    private static boolean isSettled(Deployment deployment) {
        DeploymentStatus status = deployment.getStatus() == null ? new DeploymentStatus() : deployment.getStatus();
        DeploymentStatus settled = settledStatus(deployment);
        return Objects.equals(status.getObservedGeneration(), settled.getObservedGeneration())
                && count(status.getReplicas()) == settled.getReplicas()
                && count(status.getUpdatedReplicas()) == settled.getUpdatedReplicas()
                && count(status.getReadyReplicas()) == settled.getReadyReplicas()
                && count(status.getAvailableReplicas()) == settled.getAvailableReplicas();
    }

    private static int count(Integer value) {
        return value == null ? 0 : value;
    }

    private static String key(Deployment deployment) {
        return deployment.getMetadata().getNamespace() + "/" + deployment.getMetadata().getName();
    }

    /** A status write waiting for the spec it is for to have been there {@code readyDelay}. */
    private static final class Pending {
        final DeploymentSpec spec;
        final Long generation;
        volatile ScheduledFuture<?> future;

        Pending(DeploymentSpec spec, Long generation) {
            this.spec = spec;
            this.generation = generation;
        }

        /** Same spec: same generation where the API server counts them, else an equal spec. */
        boolean isFor(Deployment deployment) {
            Long current = deployment.getMetadata().getGeneration();
            if (generation != null && current != null) {
                return generation.equals(current);
            }
            return Objects.equals(spec, deployment.getSpec());
        }
    }
}
