package dev.velatemporal.kube;

import static dev.velatemporal.kube.Fixtures.NS;
import static dev.velatemporal.kube.Fixtures.revision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.velatemporal.activity.DeploymentReadiness;
import dev.velatemporal.activity.DeploymentRef;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentListBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.temporal.failure.ApplicationFailure;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class ReadinessWaitTest {

    private static final DeploymentRef REVIEWS_V2 = new DeploymentRef(NS, "reviews-v2");

    private final MockCluster cluster = MockCluster.start();
    private ReadinessWait wait = new ReadinessWait(cluster.client, Duration.ofMillis(50));
    /** The heartbeats, without when the pods last moved (a clock reading; {@code ReadinessWait} tests it apart). */
    private final List<ReadinessProgress> heartbeats = new CopyOnWriteArrayList<>();

    private void heard(ReadinessProgress progress) {
        heartbeats.add(progress.since(0));
    }

    @AfterEach
    void stop() throws Exception {
        if (wait.runningInformers() > 0) {
            awaitInformerCaughtUp();
        }
        wait.close();
        cluster.close();
    }

    /**
     * Returns once the default namespace's informer has received all the mock API server sent it. fabric8's mock
     * server (7.9.0) blocks its event loop when a client closes a watch while the server is sending on it, as it
     * does right after a watch opens (it replays every object); the server sends a watch its events in order, so
     * once the informer has the event of a write made now, nothing is left to send and closing is safe.
     */
    private void awaitInformerCaughtUp() throws Exception {
        DeploymentRef marker = new DeploymentRef(NS, "caught-up");
        new Deployments(cluster.client).createIfMissing(revision("caught-up", "caught-up", "img:1", 1));
        List<ReadinessProgress> progress = new CopyOnWriteArrayList<>();
        CompletableFuture<DeploymentReadiness> seen =
                CompletableFuture.supplyAsync(() -> wait.await(marker, 1, progress::add));
        // A heartbeat comes after the wait's own read: from then on, only the informer can end the wait.
        Eventually.within(Duration.ofSeconds(5), () -> assertThat(progress).isNotEmpty());
        Fixtures.writeStatus(cluster.client, "caught-up", 1);
        seen.get(5, TimeUnit.SECONDS);
    }

    private static Deployment withStatus(Long generation, Long observed, int spec, Integer updated, Integer ready) {
        return new DeploymentBuilder(revision("reviews", "reviews-v2", "img:2", spec))
                .editMetadata().withGeneration(generation).endMetadata()
                .withNewStatus().withObservedGeneration(observed).withUpdatedReplicas(updated)
                .withReadyReplicas(ready).endStatus()
                .build();
    }

    @Test
    void readyMeansTheCurrentSpecObservedAndEveryReplicaUpdatedAndReady() {
        assertThat(ReadinessWait.isReady(withStatus(3L, 3L, 2, 2, 2), 2)).isTrue();
        assertThat(ReadinessWait.isReady(withStatus(3L, 2L, 2, 2, 2), 2)).as("old generation observed").isFalse();
        assertThat(ReadinessWait.isReady(withStatus(3L, null, 2, 2, 2), 2)).as("nothing observed").isFalse();
        assertThat(ReadinessWait.isReady(withStatus(null, null, 2, 2, 2), 2)).as("no generation to observe").isTrue();
        assertThat(ReadinessWait.isReady(withStatus(3L, 3L, 2, 1, 2), 2)).as("one pod not updated").isFalse();
        assertThat(ReadinessWait.isReady(withStatus(3L, 3L, 2, 2, 1), 2)).as("one pod not ready").isFalse();
        assertThat(ReadinessWait.isReady(withStatus(3L, 3L, 3, 2, 2), 2)).as("scaled to another goal").isFalse();
        assertThat(ReadinessWait.isReady(withStatus(3L, 3L, 0, null, null), 0)).as("scaled to zero").isTrue();
    }

    @Test
    void returnsOnceTheControllerReportsEveryPodReadyAndHeartbeatsMeanwhile() throws Exception {
        new Deployments(cluster.client).createIfMissing(revision("reviews", "reviews-v2", "img:2", 2));

        CompletableFuture<DeploymentReadiness> result =
                CompletableFuture.supplyAsync(() -> wait.await(REVIEWS_V2, 2, this::heard));
        Thread.sleep(300);
        assertThat(result).isNotDone();
        Fixtures.writeStatus(cluster.client, "reviews-v2", 1);
        Thread.sleep(200);
        assertThat(result).isNotDone();
        Fixtures.writeStatus(cluster.client, "reviews-v2", 2);

        assertThat(result.get(5, TimeUnit.SECONDS))
                .isEqualTo(new DeploymentReadiness("reviews-v2", "reviews-v2", "img:2", 2, 2));
        assertThat(heartbeats).hasSizeGreaterThanOrEqualTo(5);
        assertThat(heartbeats.get(0)).isEqualTo(new ReadinessProgress("default/reviews-v2", 2, 2, 0, 0, true));
        assertThat(heartbeats).contains(new ReadinessProgress("default/reviews-v2", 2, 2, 2, 1, true));
        assertThat(wait.waiting()).as("waits still subscribed").isZero();
        assertThat(wait.runningInformers()).as("the informer outlives the wait").isEqualTo(1);
    }

    @Test
    void eachChangeOfProgressIsHeartbeatAtOnceNotAtTheNextInterval() throws Exception {
        wait.close(); // no informer yet: nothing to catch up with
        wait = new ReadinessWait(cluster.client, Duration.ofHours(1));
        new Deployments(cluster.client).createIfMissing(revision("reviews", "reviews-v2", "img:2", 2));

        CompletableFuture<DeploymentReadiness> result =
                CompletableFuture.supplyAsync(() -> wait.await(REVIEWS_V2, 2, this::heard));
        Eventually.within(Duration.ofSeconds(5), () -> assertThat(heartbeats)
                .containsExactly(new ReadinessProgress("default/reviews-v2", 2, 2, 0, 0, true)));
        Fixtures.writeStatus(cluster.client, "reviews-v2", 1);

        // The status query shows these (through Temporal) while the wait goes on: an hour is the keep-alive only.
        Eventually.within(Duration.ofSeconds(5), () -> assertThat(heartbeats)
                .containsExactly(new ReadinessProgress("default/reviews-v2", 2, 2, 0, 0, true),
                        new ReadinessProgress("default/reviews-v2", 2, 2, 2, 1, true)));
        assertThat(result).isNotDone();
        Fixtures.writeStatus(cluster.client, "reviews-v2", 2);
        assertThat(result.get(5, TimeUnit.SECONDS).readyReplicas()).isEqualTo(2);
    }

    @Test
    void aReadyDeploymentReturnsAtOnceWithoutHeartbeat() {
        new Deployments(cluster.client).createIfMissing(revision("reviews", "reviews-v2", "img:2", 2));
        Fixtures.writeStatus(cluster.client, "reviews-v2", 2);

        assertThat(wait.await(REVIEWS_V2, 2, this::heard).readyReplicas()).isEqualTo(2);
        assertThat(heartbeats).isEmpty();
    }

    @Test
    void aMissingDeploymentIsReadyAtZeroAndNotFoundOtherwise() throws Exception {
        assertThat(wait.await(REVIEWS_V2, 0, this::heard))
                .isEqualTo(new DeploymentReadiness("reviews-v2", null, null, 0, 0));
        assertThatThrownBy(() -> wait.await(REVIEWS_V2, 1, this::heard))
                .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
                    assertThat(f.isNonRetryable()).isTrue();
                    assertThat(f.getType()).isEqualTo("NotFound");
                    assertThat(f.getOriginalMessage()).startsWith("wait for Deployment default/reviews-v2");
                });
        assertThat(wait.waiting()).as("waits still subscribed").isZero();
    }

    @Test
    void aDeploymentDeletedWhileWaitingFailsForGood() throws Exception {
        new Deployments(cluster.client).createIfMissing(revision("reviews", "reviews-v2", "img:2", 2));
        CompletableFuture<DeploymentReadiness> result =
                CompletableFuture.supplyAsync(() -> wait.await(REVIEWS_V2, 2, this::heard));
        // The first heartbeat comes after the wait's own read (a fixed sleep was not always long enough on a busy
        // machine: the delete came first and the wait found nothing at all).
        Eventually.within(Duration.ofSeconds(5), () -> assertThat(heartbeats).isNotEmpty());

        cluster.client.apps().deployments().inNamespace(NS).withName("reviews-v2").delete();

        assertThat(result).failsWithin(5, TimeUnit.SECONDS).withThrowableThat()
                .havingCause().isInstanceOf(ApplicationFailure.class)
                .withMessageContaining("it was deleted");
        assertThat(wait.waiting()).as("waits still subscribed").isZero();
    }

    @Test
    void anExceptionFromTheHeartbeatEndsTheWaitAndItsSubscription() throws Exception {
        new Deployments(cluster.client).createIfMissing(revision("reviews", "reviews-v2", "img:2", 2));

        assertThatThrownBy(() -> wait.await(REVIEWS_V2, 2, progress -> {
            heard(progress);
            if (heartbeats.size() == 3) {
                throw new IllegalStateException("cancelled");
            }
        })).hasMessage("cancelled");

        assertThat(heartbeats).hasSize(3);
        assertThat(wait.waiting()).as("waits still subscribed").isZero();
    }

    @Test
    void waitsShareOneInformerPerNamespace() throws Exception {
        Deployments deployments = new Deployments(cluster.client);
        deployments.createIfMissing(revision("reviews", "reviews-v1", "img:1", 1));
        deployments.createIfMissing(revision("reviews", "reviews-v2", "img:2", 1));
        deployments.createIfMissing(inNamespace("staging", revision("reviews", "reviews-v2", "img:2", 1)));
        DeploymentRef stagingV2 = new DeploymentRef("staging", "reviews-v2");

        List<String> requests = cluster.requestsOf(() -> {
            CompletableFuture<DeploymentReadiness> v1 = CompletableFuture.supplyAsync(
                    () -> wait.await(new DeploymentRef(NS, "reviews-v1"), 1, this::heard));
            CompletableFuture<DeploymentReadiness> v2 =
                    CompletableFuture.supplyAsync(() -> wait.await(REVIEWS_V2, 1, this::heard));
            CompletableFuture<DeploymentReadiness> staging =
                    CompletableFuture.supplyAsync(() -> wait.await(stagingV2, 1, this::heard));
            Eventually.within(Duration.ofSeconds(5), () -> assertThat(wait.waiting()).isEqualTo(3));
            assertThat(wait.runningInformers()).isEqualTo(2);
            Fixtures.writeStatus(cluster.client, "reviews-v1", 1);
            Fixtures.writeStatus(cluster.client, "reviews-v2", 1);
            writeStatus("staging", "reviews-v2", 1);
            assertThat(List.of(v1, v2, staging)).allSatisfy(f -> assertThat(f.join().readyReplicas()).isEqualTo(1));
            // More waits in a namespace that has its informer: no new watch.
            wait.await(REVIEWS_V2, 1, this::heard);
            wait.await(stagingV2, 1, this::heard);
        });

        assertThat(requests.stream().filter(r -> r.contains("watch=true")))
                .as("watches opened").hasSize(2)
                .anySatisfy(r -> assertThat(r).contains("/namespaces/default/"))
                .anySatisfy(r -> assertThat(r).contains("/namespaces/staging/"));
        assertThat(wait.waiting()).isZero();
        assertThat(wait.runningInformers()).isEqualTo(2);
    }

    @Test
    void anInformerThatStopsIsARetryableErrorAndTheNextWaitStartsANewOne() throws Exception {
        new Deployments(cluster.client).createIfMissing(revision("reviews", "reviews-v2", "img:2", 2));
        // The watch the informer opens after its list sends an event fabric8 cannot process. Once started, that is
        // the watch failure it does not retry: it reconnects after the others, and relists after 410 Gone.
        String listed = cluster.client.apps().deployments().inNamespace(NS).list().getMetadata().getResourceVersion();
        cluster.server.expect().get()
                .withPath("/apis/apps/v1/namespaces/default/deployments?allowWatchBookmarks=true&resourceVersion="
                        + listed + "&timeoutSeconds=600&watch=true")
                .andUpgradeToWebSocket().open()
                .waitFor(300).andEmit(new WatchEvent(new DeploymentListBuilder().build(), "MODIFIED"))
                .done().once();

        assertThatThrownBy(() -> wait.await(REVIEWS_V2, 2, this::heard))
                .isInstanceOf(KubernetesClientException.class)
                .isNotInstanceOf(ApplicationFailure.class)
                .hasMessageContaining("stopped waiting (wait for Deployment default/reviews-v2")
                .hasMessageContaining("the Deployment informer of namespace default stopped");
        assertThat(heartbeats).isNotEmpty();
        assertThat(wait.waiting()).isZero();
        assertThat(wait.runningInformers()).isZero();

        CompletableFuture<DeploymentReadiness> retry =
                CompletableFuture.supplyAsync(() -> wait.await(REVIEWS_V2, 2, this::heard));
        Eventually.within(Duration.ofSeconds(5), () -> assertThat(wait.waiting()).isEqualTo(1));
        assertThat(wait.runningInformers()).isEqualTo(1);
        Fixtures.writeStatus(cluster.client, "reviews-v2", 2);
        assertThat(retry.get(5, TimeUnit.SECONDS).readyReplicas()).isEqualTo(2);
    }

    @Test
    void anInformerThatCannotListIsARetryableErrorAndTheNextWaitStartsAgain() {
        new Deployments(cluster.client).createIfMissing(revision("reviews", "reviews-v2", "img:2", 2));
        Fixtures.writeStatus(cluster.client, "reviews-v2", 2);
        cluster.fail("GET", "/apis/apps/v1/namespaces/default/deployments?resourceVersion=0", 503,
                "ServiceUnavailable", "try later", 1);

        assertThatThrownBy(() -> wait.await(REVIEWS_V2, 2, this::heard))
                .isInstanceOf(KubernetesClientException.class)
                .isNotInstanceOf(ApplicationFailure.class)
                .satisfies(e -> assertThat(((KubernetesClientException) e).getCode()).isEqualTo(503));
        assertThat(wait.waiting()).isZero();
        assertThat(wait.runningInformers()).isZero();

        assertThat(wait.await(REVIEWS_V2, 2, this::heard).readyReplicas()).isEqualTo(2);
        assertThat(wait.runningInformers()).isEqualTo(1);
    }

    @Test
    void closeStopsTheInformersAndEndsTheWaitsInProgressRetryably() throws Exception {
        new Deployments(cluster.client).createIfMissing(revision("reviews", "reviews-v2", "img:2", 2));
        CompletableFuture<DeploymentReadiness> result =
                CompletableFuture.supplyAsync(() -> wait.await(REVIEWS_V2, 2, this::heard));
        Eventually.within(Duration.ofSeconds(5), () -> assertThat(heartbeats).isNotEmpty());
        assertThat(wait.waiting()).isEqualTo(1);
        assertThat(wait.runningInformers()).isEqualTo(1);
        // Seen through the informer: it has received all the mock server sent it (see awaitInformerCaughtUp).
        Fixtures.writeStatus(cluster.client, "reviews-v2", 1);
        Eventually.within(Duration.ofSeconds(5), () -> assertThat(heartbeats).last()
                .isEqualTo(new ReadinessProgress("default/reviews-v2", 2, 2, 2, 1, true)));

        wait.close();

        assertThat(result).failsWithin(5, TimeUnit.SECONDS).withThrowableThat()
                .havingCause().isInstanceOf(KubernetesClientException.class)
                .isNotInstanceOf(ApplicationFailure.class)
                .withMessageContaining("the Deployment informer of namespace default was closed");
        assertThat(wait.waiting()).isZero();
        assertThat(wait.runningInformers()).isZero();
        assertThatThrownBy(() -> wait.await(REVIEWS_V2, 2, this::heard))
                .isInstanceOf(KubernetesClientException.class)
                .isNotInstanceOf(ApplicationFailure.class)
                .hasMessageContaining("closed");
    }

    private static Deployment inNamespace(String namespace, Deployment deployment) {
        return new DeploymentBuilder(deployment).editMetadata().withNamespace(namespace).endMetadata().build();
    }

    private void writeStatus(String namespace, String name, int ready) {
        cluster.client.apps().deployments().inNamespace(namespace).withName(name).subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"status\":{\"observedGeneration\":1,"
                        + "\"replicas\":" + ready + ",\"updatedReplicas\":" + ready + ",\"readyReplicas\":" + ready
                        + "}}");
    }
}
