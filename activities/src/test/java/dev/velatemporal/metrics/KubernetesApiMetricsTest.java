package dev.velatemporal.metrics;

import static dev.velatemporal.metrics.KubernetesApiMetrics.REQUESTS;
import static dev.velatemporal.metrics.KubernetesApiMetrics.RESULT;
import static dev.velatemporal.metrics.KubernetesApiMetrics.VERB;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.velatemporal.kube.Eventually;
import dev.velatemporal.kube.Fixtures;
import dev.velatemporal.kube.MockCluster;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The request counter against fabric8's mock API server: every request once, by verb and answer. */
class KubernetesApiMetricsTest {

    private static final String NS = Fixtures.NS;

    private final MockCluster cluster = MockCluster.start();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final KubernetesClient client = KubernetesApiMetrics.install(
            new KubernetesClientBuilder().withConfig(cluster.client.getConfiguration()), registry).build();

    @AfterEach
    void stop() {
        client.close();
        cluster.close();
    }

    @Test
    void countsEachRequestOnceByVerbAndStatus() {
        Deployment reviews = Fixtures.revision("reviews", "reviews-v2", "img:2", 0);

        List<String> sent = cluster.requestsOf(() -> {
            client.resource(reviews).create();
            client.apps().deployments().inNamespace(NS).withName("reviews-v2").get();
            client.apps().deployments().inNamespace(NS).list();
            client.apps().deployments().inNamespace(NS).withName("reviews-v2")
                    .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":1}}");
            client.apps().deployments().inNamespace(NS).withName("reviews-v2").delete();
        });

        // fabric8 reads the object before it patches it; the mock answers a patch 202 Accepted.
        assertThat(sent).hasSize(6);
        assertThat(counts()).isEqualTo(Map.of(
                "create 201", 1.0, "get 200", 2.0, "list 200", 1.0, "patch 202", 1.0, "delete 200", 1.0));
    }

    @Test
    void aMissingObjectCountsItsStatus() {
        assertThat(client.apps().deployments().inNamespace(NS).withName("absent").get()).isNull();

        assertThat(counts()).isEqualTo(Map.of("get 404", 1.0));
    }

    @Test
    void aRejectedRequestCountsItsStatus() {
        Deployment reviews = Fixtures.revision("reviews", "reviews-v2", "img:2", 0);
        client.resource(reviews).create();

        assertThatThrownBy(() -> client.resource(reviews).create()).isInstanceOf(KubernetesClientException.class);

        assertThat(counts()).containsEntry("create 409", 1.0);
    }

    /** fabric8 watches over a WebSocket: the upgrade is answered 101, after {@code watch} returned. */
    @Test
    void aWatchCountsAsWatch() {
        try (Watch watch = client.apps().deployments().inNamespace(NS).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Deployment deployment) {}

            @Override
            public void onClose(WatcherException cause) {}
        })) {
            Eventually.within(Duration.ofSeconds(5), () -> assertThat(counts()).isEqualTo(Map.of("watch 101", 1.0)));
        }
    }

    /**
     * fabric8 reports a failed attempt to interceptors only when it may retry it: of three attempts (two retries),
     * the first two count as errors; the last one fabric8 reports to the caller alone.
     */
    @Test
    void attemptsThatGetNoAnswerCountAsErrors() {
        var closed = new ConfigBuilder(cluster.client.getConfiguration())
                .withRequestRetryBackoffLimit(2)
                .withRequestRetryBackoffInterval(1)
                .build();
        cluster.close();
        try (KubernetesClient unreachable = KubernetesApiMetrics.install(
                new KubernetesClientBuilder().withConfig(closed), registry).build()) {
            assertThatThrownBy(() -> unreachable.apps().deployments().inNamespace(NS).withName("reviews-v2").get())
                    .isInstanceOf(KubernetesClientException.class);
        }

        assertThat(counts()).isEqualTo(Map.of("get error", 2.0));
    }

    /** {@code "verb result"} to count, for every counter there is. */
    private Map<String, Double> counts() {
        Map<String, Double> counts = new TreeMap<>();
        for (Meter meter : registry.find(REQUESTS).meters()) {
            counts.put(meter.getId().getTag(VERB) + " " + meter.getId().getTag(RESULT), ((Counter) meter).count());
        }
        return counts;
    }
}
