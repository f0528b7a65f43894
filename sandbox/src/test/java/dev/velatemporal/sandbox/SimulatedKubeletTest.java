package dev.velatemporal.sandbox;

import static dev.velatemporal.kube.Fixtures.NS;
import static dev.velatemporal.kube.Fixtures.get;
import static dev.velatemporal.kube.Fixtures.revision;
import static org.assertj.core.api.Assertions.assertThat;

import dev.velatemporal.kube.Deployments;
import dev.velatemporal.kube.Eventually;
import dev.velatemporal.kube.MockCluster;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class SimulatedKubeletTest {

    private static final Duration DELAY = Duration.ofMillis(200);
    private static final Duration PATIENCE = Duration.ofSeconds(5);

    private final MockCluster cluster = MockCluster.start();
    private final Deployments deployments = new Deployments(cluster.client);
    private final SimulatedKubelet kubelet = new SimulatedKubelet(cluster.client, DELAY);

    @AfterEach
    void stop() {
        kubelet.close();
        cluster.close();
    }

    private void scale(String name, int replicas) {
        cluster.client.apps().deployments().inNamespace(NS).withName(name)
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":" + replicas + "}}");
    }

    private static int ready(Deployment d) {
        return d.getStatus() == null || d.getStatus().getReadyReplicas() == null ? 0 : d.getStatus().getReadyReplicas();
    }

    @Test
    void makesEveryReplicaReadyAfterTheDelayWithoutTouchingTheSpec() {
        kubelet.start();
        deployments.createIfMissing(revision("reviews", "reviews-v1", "img:1", 2));
        long created = System.nanoTime();

        Eventually.within(PATIENCE, () -> assertThat(ready(get(cluster.client, "reviews-v1"))).isEqualTo(2));

        assertThat(Duration.ofNanos(System.nanoTime() - created)).isGreaterThanOrEqualTo(DELAY);
        Deployment d = get(cluster.client, "reviews-v1");
        assertThat(d.getStatus().getObservedGeneration()).isEqualTo(d.getMetadata().getGeneration()).isNotNull();
        assertThat(d.getStatus().getReplicas()).isEqualTo(2);
        assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(2);
        assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(2);
        assertThat(d.getSpec().getReplicas()).isEqualTo(2);
        assertThat(Deployments.image(d)).isEqualTo("img:1");
    }

    @Test
    void deploymentsThatExistedBeforeItStartedGetReadyToo() {
        deployments.createIfMissing(revision("reviews", "reviews-v1", "img:1", 1));

        kubelet.start();

        Eventually.within(PATIENCE, () -> assertThat(ready(get(cluster.client, "reviews-v1"))).isEqualTo(1));
    }

    @Test
    void aBrokenImageIsUpdatedButNeverReady() throws Exception {
        kubelet.start();
        deployments.createIfMissing(revision("reviews", "reviews-v2", "example.com/x:2.0-broken", 2));

        Eventually.within(PATIENCE, () -> {
            Deployment d = get(cluster.client, "reviews-v2");
            assertThat(d.getStatus()).isNotNull();
            assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(2);
        });
        Thread.sleep(3 * DELAY.toMillis());
        Deployment d = get(cluster.client, "reviews-v2");
        assertThat(ready(d)).isZero();
        assertThat(d.getStatus().getObservedGeneration()).isEqualTo(d.getMetadata().getGeneration());
    }

    @Test
    void theLatestSpecWinsWhenReplicasChangeBeforeTheDelay() throws Exception {
        List<Integer> readySeen = new CopyOnWriteArrayList<>();
        kubelet.start();
        deployments.createIfMissing(revision("reviews", "reviews-v1", "img:1", 1));
        Watch watch = cluster.client.apps().deployments().inNamespace(NS).withName("reviews-v1")
                .watch(new Watcher<>() {
                    @Override
                    public void eventReceived(Action action, Deployment d) {
                        readySeen.add(ready(d));
                    }

                    @Override
                    public void onClose(WatcherException cause) {}
                });
        try {
            scale("reviews-v1", 3);
            Thread.sleep(DELAY.toMillis() / 4);
            scale("reviews-v1", 2);

            Eventually.within(PATIENCE, () -> assertThat(ready(get(cluster.client, "reviews-v1"))).isEqualTo(2));
            Thread.sleep(3 * DELAY.toMillis());
        } finally {
            watch.close();
        }

        assertThat(readySeen).as("statuses written").doesNotContain(1, 3).contains(2);

        Deployment d = get(cluster.client, "reviews-v1");
        assertThat(ready(d)).isEqualTo(2);
        assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(2);
        assertThat(d.getStatus().getObservedGeneration()).isEqualTo(d.getMetadata().getGeneration());
    }

    @Test
    void aSpecChangeStartsTheDelayAgain() throws Exception {
        Duration delay = Duration.ofMillis(400);
        SimulatedKubelet slow = new SimulatedKubelet(cluster.client, delay).start();
        try {
            deployments.createIfMissing(revision("reviews", "reviews-v1", "img:1", 1));
            Thread.sleep(delay.toMillis() * 3 / 4);
            scale("reviews-v1", 3);
            Thread.sleep(delay.toMillis() / 2);

            assertThat(ready(get(cluster.client, "reviews-v1"))).as("half a delay after the change").isZero();
            Eventually.within(PATIENCE, () -> assertThat(ready(get(cluster.client, "reviews-v1"))).isEqualTo(3));
        } finally {
            slow.close();
        }
    }

    @Test
    void scalingAReadyDeploymentTakesTheDelayAgain() throws Exception {
        kubelet.start();
        deployments.createIfMissing(revision("reviews", "reviews-v1", "img:1", 1));
        Eventually.within(PATIENCE, () -> assertThat(ready(get(cluster.client, "reviews-v1"))).isEqualTo(1));

        scale("reviews-v1", 0);
        Thread.sleep(DELAY.toMillis() / 4);
        assertThat(ready(get(cluster.client, "reviews-v1"))).as("before the delay").isEqualTo(1);

        Eventually.within(PATIENCE, () -> assertThat(ready(get(cluster.client, "reviews-v1"))).isZero());
        assertThat(get(cluster.client, "reviews-v1").getStatus().getReplicas()).isZero();
    }

    @Test
    void aRefusedStatusWriteIsTriedAgain() {
        cluster.fail("PATCH", "/apis/apps/v1/namespaces/default/deployments/reviews-v1/status", 409, "Conflict",
                "the object has been modified; please apply your changes to the latest version", 2);
        kubelet.start();
        deployments.createIfMissing(revision("reviews", "reviews-v1", "img:1", 2));

        Eventually.within(PATIENCE, () -> assertThat(ready(get(cluster.client, "reviews-v1"))).isEqualTo(2));
    }

    @Test
    void afterCloseNothingIsWritten() throws Exception {
        kubelet.start();
        deployments.createIfMissing(revision("reviews", "reviews-v1", "img:1", 1));
        Eventually.within(PATIENCE, () -> assertThat(ready(get(cluster.client, "reviews-v1"))).isEqualTo(1));

        kubelet.close();
        scale("reviews-v1", 2);
        Thread.sleep(3 * DELAY.toMillis());

        assertThat(ready(get(cluster.client, "reviews-v1"))).isEqualTo(1);
    }
}
