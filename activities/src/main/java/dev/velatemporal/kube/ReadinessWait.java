package dev.velatemporal.kube;

import dev.velatemporal.activity.DeploymentReadiness;
import dev.velatemporal.activity.DeploymentRef;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits for a Deployment to be ready by listening to it (no polling) through a long-lived informer per namespace,
 * shared by every wait in that namespace: the wait subscribes first, then reads the Deployment once, so no change
 * between the two is missed. While it waits it calls {@code heartbeat} with the progress each time the progress
 * changes (so whoever reads the heartbeat details, the starter's {@code status} or the Temporal UI, sees pods get
 * ready as they do), and at least every {@code heartbeatInterval}; an exception thrown by the heartbeat
 * (Temporal's {@code ActivityCanceledException} when the workflow cancels the activity) ends the wait. Temporal's
 * SDK sends at most one heartbeat per throttle interval, the latest details at its end, so calling it on every
 * change costs no more requests than that. The subscription ends however the wait ends; the informers run until
 * {@link #close()}.
 *
 * <p>Why not a watch per wait: the API server would serve one watch per wait instead of one per namespace, and
 * fabric8's mock API server (7.9.0, used by the integration tests) deadlocks its event loop when a client closes a
 * watch while the server is sending it an event.
 *
 * <p>An informer that stops for good ends the waits on it with a retryable {@link KubernetesClientException}: the
 * next attempt starts a new informer and reads afresh. (fabric8 retries dropped watches and failed relists by
 * itself, and relists after a 410 Gone; it gives up when its first list fails or its watch sends something it
 * cannot process.) While the informer reconnects, a wait keeps heartbeating, as it did on a reconnecting watch.
 */
public final class ReadinessWait implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReadinessWait.class);

    /** How often a wait re-reads its Deployment while the watch is failing. */
    public static final Duration DEFAULT_REREAD_INTERVAL = Duration.ofSeconds(2);

    private final KubernetesClient client;
    private final Duration heartbeatInterval;
    private final Duration rereadInterval;
    private final DeploymentInformers informers;

    public ReadinessWait(KubernetesClient client, Duration heartbeatInterval) {
        this(client, heartbeatInterval, DEFAULT_REREAD_INTERVAL);
    }

    /** @param rereadInterval how often to re-read the Deployment while the watch is failing (and only then) */
    public ReadinessWait(KubernetesClient client, Duration heartbeatInterval, Duration rereadInterval) {
        this.client = client;
        this.heartbeatInterval = heartbeatInterval;
        this.rereadInterval = rereadInterval;
        this.informers = new DeploymentInformers(client);
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
     * while we wait, has no pods left: ready when the goal is 0, else a non-retryable {@code NotFound}. A wait that
     * ends ready is logged at INFO ({@code Deployment default/reviews-v2 ready: 1 of 1}); one that fails is not,
     * as Temporal reports the failure.
     */
    public DeploymentReadiness await(DeploymentRef ref, int replicas, Consumer<ReadinessProgress> heartbeat) {
        String action = "wait for " + Deployments.describe(ref) + " to be ready at " + replicas + " replicas";
        ReadinessWaiter waiter = new ReadinessWaiter(replicas, action);
        DeploymentInformers.Subscription subscription = ApiErrors.call(action, () -> informers.subscribe(ref, waiter));
        try {
            // A GET rather than the informer's cache: a Deployment created a moment ago may not be in the cache
            // yet, and "absent" must be the API server's answer, not the cache's.
            waiter.read(ApiErrors.call(action,
                    () -> client.apps().deployments().inNamespace(ref.namespace()).withName(ref.name()).get()));
            CompletableFuture<Deployment> done = waiter.done();
            ReadinessProgress sent = null;
            long sentAt = 0;
            long checkedAt = System.nanoTime();
            while (!done.isDone()) {
                CompletableFuture<Void> changed = waiter.nextChange();
                boolean watchFailing = !subscription.watching();
                if (System.nanoTime() - checkedAt >= rereadInterval.toNanos()) {
                    checkedAt = System.nanoTime();
                    if (watchFailing) {
                        // No change arrives while the watch is down (fabric8 retries it forever, with backoff):
                        // learn by re-reading, on a bounded timer, for only as long as the watch is down.
                        reread(ref, waiter);
                    }
                }
                ReadinessProgress now = progress(ref, replicas, waiter.latest(), watchFailing);
                if (sent != null && now.samePods(sent)) {
                    now = now.since(sent.lastProgressAt());
                } else {
                    now = now.since(System.currentTimeMillis());
                }
                // A change the progress does not show (labels, conditions) needs no heartbeat of its own.
                if (!now.equals(sent) || System.nanoTime() - sentAt >= heartbeatInterval.toNanos()) {
                    heartbeat.accept(now);
                    sent = now;
                    sentAt = System.nanoTime();
                }
                try {
                    // Until the Deployment changes (heartbeat its progress), it is ready (done), or it is time
                    // for the next heartbeat anyway.
                    long untilNext = heartbeatInterval.toNanos() - (System.nanoTime() - sentAt);
                    // The watch's health is checked at least this often, so a failing one is noticed.
                    untilNext = Math.min(untilNext, rereadInterval.toNanos() - (System.nanoTime() - checkedAt));
                    CompletableFuture.anyOf(done, changed).get(Math.max(0, untilNext), TimeUnit.NANOSECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    // still waiting: heartbeat again; or done: the loop ends
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new KubernetesClientException("interrupted while waiting for " + Deployments.describe(ref), e);
                }
            }
            return result(ref, done);
        } finally {
            subscription.close();
        }
    }

    /** Waits subscribed right now, in every namespace: 0 whenever no wait is running. */
    public int waiting() {
        return informers.subscriptions();
    }

    /** Namespaces with a running informer: one from a namespace's first wait until {@link #close()}. */
    public int runningInformers() {
        return informers.running();
    }

    /** Stops the informers; waits still running fail with a retryable error, later ones too. */
    @Override
    public void close() {
        informers.close();
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
        if (deployment == null) {
            LOG.info("{} ready: 0 of 0 (it does not exist)", Deployments.describe(ref));
            return new DeploymentReadiness(ref.name(), null, null, 0, 0);
        }
        DeploymentReadiness readiness = Deployments.readiness(deployment);
        LOG.info("{} ready: {} of {}", Deployments.describe(ref), readiness.readyReplicas(), readiness.replicas());
        return readiness;
    }

    /** One re-read; a failed one is left to the next (the wait itself goes on, as on a reconnecting watch). */
    private void reread(DeploymentRef ref, ReadinessWaiter waiter) {
        try {
            waiter.reread(client.apps().deployments().inNamespace(ref.namespace()).withName(ref.name()).get());
        } catch (KubernetesClientException e) {
            LOG.debug("re-read of {} failed while its watch is down: {}", Deployments.describe(ref), e.getMessage());
        }
    }

    private static ReadinessProgress progress(
            DeploymentRef ref, int replicas, Deployment deployment, boolean watchFailing) {
        String name = ref.namespace() + "/" + ref.name();
        if (deployment == null) {
            return new ReadinessProgress(name, replicas, 0, 0, 0, false, watchFailing);
        }
        DeploymentStatus status = deployment.getStatus() == null ? new DeploymentStatus() : deployment.getStatus();
        return new ReadinessProgress(name, replicas, Deployments.specReplicas(deployment),
                Deployments.orZero(status.getUpdatedReplicas()), Deployments.orZero(status.getReadyReplicas()), true,
                watchFailing);
    }
}
