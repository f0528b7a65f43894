package dev.velatemporal.kube;

import static dev.velatemporal.kube.Fixtures.NS;
import static dev.velatemporal.kube.Fixtures.revision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.velatemporal.activity.DeploymentReadiness;
import dev.velatemporal.activity.DeploymentRef;
import io.fabric8.kubernetes.api.model.StatusBuilder;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
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
    private final ReadinessWait wait = new ReadinessWait(cluster.client, Duration.ofMillis(50));
    private final List<ReadinessProgress> heartbeats = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        cluster.close();
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
                CompletableFuture.supplyAsync(() -> wait.await(REVIEWS_V2, 2, heartbeats::add));
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
        awaitNoOpenWatch();
    }

    @Test
    void aReadyDeploymentReturnsAtOnceWithoutHeartbeat() {
        new Deployments(cluster.client).createIfMissing(revision("reviews", "reviews-v2", "img:2", 2));
        Fixtures.writeStatus(cluster.client, "reviews-v2", 2);

        assertThat(wait.await(REVIEWS_V2, 2, heartbeats::add).readyReplicas()).isEqualTo(2);
        assertThat(heartbeats).isEmpty();
    }

    @Test
    void aMissingDeploymentIsReadyAtZeroAndNotFoundOtherwise() throws Exception {
        assertThat(wait.await(REVIEWS_V2, 0, heartbeats::add))
                .isEqualTo(new DeploymentReadiness("reviews-v2", null, null, 0, 0));
        assertThatThrownBy(() -> wait.await(REVIEWS_V2, 1, heartbeats::add))
                .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
                    assertThat(f.isNonRetryable()).isTrue();
                    assertThat(f.getType()).isEqualTo("NotFound");
                    assertThat(f.getOriginalMessage()).startsWith("wait for Deployment default/reviews-v2");
                });
        awaitNoOpenWatch();
    }

    @Test
    void aDeploymentDeletedWhileWaitingFailsForGood() throws Exception {
        new Deployments(cluster.client).createIfMissing(revision("reviews", "reviews-v2", "img:2", 2));
        CompletableFuture<DeploymentReadiness> result =
                CompletableFuture.supplyAsync(() -> wait.await(REVIEWS_V2, 2, heartbeats::add));
        Thread.sleep(200);

        cluster.client.apps().deployments().inNamespace(NS).withName("reviews-v2").delete();

        assertThat(result).failsWithin(5, TimeUnit.SECONDS).withThrowableThat()
                .havingCause().isInstanceOf(ApplicationFailure.class)
                .withMessageContaining("it was deleted");
    }

    @Test
    void anExceptionFromTheHeartbeatEndsTheWaitAndClosesTheWatch() throws Exception {
        new Deployments(cluster.client).createIfMissing(revision("reviews", "reviews-v2", "img:2", 2));

        assertThatThrownBy(() -> wait.await(REVIEWS_V2, 2, progress -> {
            heartbeats.add(progress);
            if (heartbeats.size() == 3) {
                throw new IllegalStateException("cancelled");
            }
        })).hasMessage("cancelled");

        assertThat(heartbeats).hasSize(3);
        awaitNoOpenWatch();
    }

    @Test
    void aWatchTheServerEndsIsARetryableError() throws Exception {
        new Deployments(cluster.client).createIfMissing(revision("reviews", "reviews-v2", "img:2", 2));
        cluster.server.expect().get()
                .withPath("/apis/apps/v1/namespaces/default/deployments?allowWatchBookmarks=true"
                        + "&fieldSelector=metadata.name%3Dreviews-v2&watch=true")
                .andUpgradeToWebSocket().open()
                .waitFor(300).andEmit(new WatchEvent(new StatusBuilder().withCode(410).withReason("Gone")
                        .withMessage("too old resource version").build(), "ERROR"))
                .done().once();

        assertThatThrownBy(() -> wait.await(REVIEWS_V2, 2, heartbeats::add))
                .isInstanceOf(KubernetesClientException.class)
                .isNotInstanceOf(ApplicationFailure.class)
                .hasMessageContaining("the watch on Deployment default/reviews-v2 was dropped");
        assertThat(heartbeats).isNotEmpty();
        awaitNoOpenWatch();
    }

    private void awaitNoOpenWatch() throws InterruptedException {
        for (int i = 0; i < 50 && wait.openWatches() != 0; i++) {
            Thread.sleep(20);
        }
        assertThat(wait.openWatches()).isZero();
    }
}
