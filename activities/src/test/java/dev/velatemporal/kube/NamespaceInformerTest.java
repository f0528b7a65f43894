package dev.velatemporal.kube;

import static dev.velatemporal.kube.Fixtures.NS;
import static dev.velatemporal.kube.Fixtures.revision;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(20)
class NamespaceInformerTest {

    private final MockCluster cluster = MockCluster.start();
    private final List<NamespaceInformer> stopped = new CopyOnWriteArrayList<>();
    private final NamespaceInformer informer = new NamespaceInformer(cluster.client, NS, stopped::add);
    private final Recorder reviewsV2 = new Recorder();

    @AfterEach
    void stop() {
        informer.close();
        cluster.close();
    }

    @Test
    void aListenerHearsOfItsDeploymentOnlyAndNothingOnceUnsubscribed() {
        Deployments deployments = new Deployments(cluster.client);
        deployments.createIfMissing(revision("reviews", "reviews-v2", "img:2", 1));
        DeploymentInformers.Subscription subscription = informer.subscribe("reviews-v2", reviewsV2);
        assertThat(informer.isRunning()).isTrue();

        deployments.createIfMissing(revision("reviews", "reviews-v1", "img:1", 1));
        Fixtures.writeStatus(cluster.client, "reviews-v2", 1);
        cluster.client.apps().deployments().inNamespace(NS).withName("reviews-v2").delete();

        Eventually.within(Duration.ofSeconds(5),
                () -> assertThat(reviewsV2.events).containsExactly("changed 0", "changed 1", "deleted"));
        assertThat(informer.subscriptions()).isEqualTo(1);

        subscription.close();
        assertThat(informer.subscriptions()).isZero();
        // Each event goes to every listener before the next one: once a witness hears of it, so would have we.
        Recorder witness = new Recorder();
        informer.subscribe("reviews-v2", witness);
        deployments.createIfMissing(revision("reviews", "reviews-v2", "img:2", 1));
        Eventually.within(Duration.ofSeconds(5), () -> assertThat(witness.events).containsExactly("changed 0"));
        assertThat(reviewsV2.events).hasSize(3);
        assertThat(informer.isRunning()).as("the informer outlives its listeners").isTrue();
    }

    @Test
    void closeStopsTheInformerAndTellsItsListeners() {
        informer.subscribe("reviews-v2", reviewsV2);
        assertThat(informer.isRunning()).isTrue();

        informer.close();

        assertThat(informer.isRunning()).isFalse();
        assertThat(reviewsV2.events).containsExactly("stopped: the Deployment informer of namespace default was closed");
        assertThat(stopped).containsExactly(informer);
        assertThatThrownBy(() -> informer.subscribe("reviews-v2", new Recorder()))
                .isInstanceOf(KubernetesClientException.class).hasMessageContaining("was closed");
        assertThat(informer.subscriptions()).as("the first listener's; the refused one left none").isEqualTo(1);
    }

    /** What a listener heard: {@code changed <readyReplicas>}, {@code deleted}, {@code stopped: <why>}. */
    private static final class Recorder implements DeploymentListener {

        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void changed(Deployment deployment) {
            events.add("changed " + Deployments.readiness(deployment).readyReplicas());
        }

        @Override
        public void deleted(Deployment deployment) {
            events.add("deleted");
        }

        @Override
        public void stopped(KubernetesClientException cause) {
            events.add("stopped: " + cause.getMessage());
        }
    }
}
