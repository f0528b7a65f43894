package dev.velatemporal.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.velatemporal.kube.Fixtures;
import io.fabric8.kubernetes.client.KubernetesClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TrafficSimulatorTest {

    private static final String NS = Fixtures.NS;
    private static final String V1_IMAGE = "docker.io/istio/examples-bookinfo-reviews-v2:1.16.2";
    private static final String V2_IMAGE = "docker.io/istio/examples-bookinfo-reviews-v3:1.16.2";
    /** 90/10 over 1000 requests must land within 3 points of the weights. */
    private static final int TOLERANCE = 30;

    private final SandboxCluster cluster = SandboxCluster.start(0);
    private final KubernetesClient client = cluster.client();
    private final TrafficSimulator simulator = new TrafficSimulator(client);

    @AfterEach
    void stop() {
        cluster.close();
    }

    /** A revision's Deployment with {@code ready} of its {@code replicas} pods ready. */
    private void revision(String revision, String image, int replicas, int ready) {
        client.apps().deployments().inNamespace(NS).resource(Fixtures.revision("reviews", revision, image, replicas))
                .create();
        Fixtures.writeStatus(client, revision, ready);
    }

    @Test
    void ninetyTenWeightsSplitRequestsNinetyTen() {
        revision("reviews-v1", V1_IMAGE, 1, 1);
        revision("reviews-v2", V2_IMAGE, 1, 1);
        Istio.create(client, NS, Istio.weighted("reviews", "reviews-v1", 90, "reviews-v2", 10));
        Istio.create(client, NS, Istio.destinationRule("reviews", "reviews-v1", "reviews-v2"));

        TrafficSplit split = simulator.simulate(NS, "reviews", 1000, 7L);

        assertThat(split.component()).isEqualTo("reviews");
        assertThat(split.requests()).isEqualTo(1000);
        assertThat(split.errors()).isZero();
        assertThat(split.shares()).extracting(TrafficSplit.Share::subset, TrafficSplit.Share::revision,
                TrafficSplit.Share::image).containsExactly(
                        tuple("reviews-v1", "reviews-v1", V1_IMAGE), tuple("reviews-v2", "reviews-v2", V2_IMAGE));
        assertThat(split.countOf("reviews-v1")).isBetween(900 - TOLERANCE, 900 + TOLERANCE);
        assertThat(split.countOf("reviews-v1") + split.countOf("reviews-v2")).isEqualTo(1000);
        TrafficSplit.Share v2 = split.shares().get(1);
        assertThat(v2.percent()).isEqualTo(v2.count() / 10.0);
        assertThat(split.describe().lines().findFirst().orElseThrow()).isEqualTo(String.format(java.util.Locale.ROOT,
                "reviews: 1000 requests: reviews-v1 %d (%.1f%%)  reviews-v2 %d (%.1f%%)",
                split.countOf("reviews-v1"), split.countOf("reviews-v1") / 10.0,
                split.countOf("reviews-v2"), split.countOf("reviews-v2") / 10.0));
        assertThat(split.describe()).contains("reviews-v2  " + V2_IMAGE);

        assertThat(simulator.simulate(NS, "reviews", 1000, 7L)).as("same seed, same split").isEqualTo(split);
    }

    @Test
    void theDefaultsAreAThousandReproducibleRequests() {
        revision("reviews-v1", V1_IMAGE, 1, 1);
        revision("reviews-v2", V2_IMAGE, 1, 1);
        Istio.create(client, NS, Istio.weighted("reviews", "reviews-v1", 50, "reviews-v2", 50));
        Istio.create(client, NS, Istio.destinationRule("reviews", "reviews-v1", "reviews-v2"));

        TrafficSplit split = simulator.simulate(NS, "reviews");

        assertThat(split.requests()).isEqualTo(TrafficSimulator.DEFAULT_REQUESTS).isEqualTo(1000);
        assertThat(split.countOf("reviews-v1")).isBetween(500 - TOLERANCE, 500 + TOLERANCE);
        assertThat(simulator.simulate(NS, "reviews")).isEqualTo(split);
        assertThat(simulator.simulate(NS, "reviews", 1000)).isEqualTo(split);
        assertThat(simulator.simulate(NS, "reviews", 1000, TrafficSimulator.DEFAULT_SEED)).isEqualTo(split);
    }

    @Test
    void aHundredPercentToOneSubsetSendsEverythingThere() {
        revision("reviews-v1", V1_IMAGE, 2, 2);
        revision("reviews-v2", V2_IMAGE, 1, 1);
        Istio.create(client, NS, Istio.weighted("reviews", "reviews-v1", 0, "reviews-v2", 100));
        Istio.create(client, NS, Istio.destinationRule("reviews", "reviews-v1", "reviews-v2"));

        TrafficSplit split = simulator.simulate(NS, "reviews", 500, 1L);

        assertThat(split.errors()).isZero();
        assertThat(split.shares()).extracting(TrafficSplit.Share::revision, TrafficSplit.Share::count,
                TrafficSplit.Share::percent).containsExactly(tuple("reviews-v2", 500, 100.0));
        assertThat(split.describe()).startsWith("reviews: 500 requests: reviews-v2 500 (100.0%)\n");
    }

    @Test
    void aSubsetMissingFromTheDestinationRuleAnswers503() {
        revision("reviews-v1", V1_IMAGE, 1, 1);
        revision("reviews-v2", V2_IMAGE, 1, 1);
        Istio.create(client, NS, Istio.weighted("reviews", "reviews-v1", 90, "reviews-v2", 10));
        Istio.create(client, NS, Istio.destinationRule("reviews", "reviews-v1"));

        TrafficSplit split = simulator.simulate(NS, "reviews", 1000, 7L);

        assertThat(split.shares()).extracting(TrafficSplit.Share::revision).containsExactly("reviews-v1");
        assertThat(split.errors()).isBetween(100 - TOLERANCE, 100 + TOLERANCE);
        assertThat(split.countOf("reviews-v1") + split.errors()).isEqualTo(1000);
        assertThat(split.describe()).contains("503 no healthy upstream " + split.errors());
    }

    @Test
    void aSubsetWithoutReadyPodsAnswers503() {
        revision("reviews-v1", V1_IMAGE, 1, 1);
        revision("reviews-v2", "example.com/reviews:3-broken", 2, 0);
        Istio.create(client, NS, Istio.weighted("reviews", "reviews-v1", 90, "reviews-v2", 10));
        Istio.create(client, NS, Istio.destinationRule("reviews", "reviews-v1", "reviews-v2"));

        TrafficSplit split = simulator.simulate(NS, "reviews", 1000, 7L);

        assertThat(split.shares()).extracting(TrafficSplit.Share::revision).containsExactly("reviews-v1");
        assertThat(split.countOf("reviews-v2")).isZero();
        assertThat(split.errors()).isBetween(100 - TOLERANCE, 100 + TOLERANCE);
        assertThat(split.errorPercent()).isEqualTo(split.errors() / 10.0);
    }

    @Test
    void withoutADestinationRuleEverySubsetAnswers503() {
        revision("reviews-v1", V1_IMAGE, 1, 1);
        Istio.create(client, NS, Istio.weighted("reviews", "reviews-v1", 100));

        TrafficSplit split = simulator.simulate(NS, "reviews", 200, 1L);

        assertThat(split.shares()).isEmpty();
        assertThat(split.errors()).isEqualTo(200);
        assertThat(split.describe()).isEqualTo("reviews: 200 requests: 503 no healthy upstream 200 (100.0%)");
    }

    @Test
    void aHostOnlyRouteReachesEveryReadyRevisionByItsReadyPods() {
        revision("reviews-v1", V1_IMAGE, 3, 3);
        revision("reviews-v2", V2_IMAGE, 1, 1);
        revision("reviews-v3", "example.com/reviews:4-broken", 1, 0);
        Istio.create(client, NS, Istio.hostOnly("reviews"));

        TrafficSplit split = simulator.simulate(NS, "reviews", 1000, 3L);

        assertThat(split.errors()).isZero();
        assertThat(split.shares()).extracting(TrafficSplit.Share::subset, TrafficSplit.Share::revision)
                .containsExactly(tuple(null, "reviews-v1"), tuple(null, "reviews-v2"));
        assertThat(split.countOf("reviews-v1")).isBetween(750 - TOLERANCE, 750 + TOLERANCE);
    }

    @Test
    void aComponentWithoutRevisionsIsReportedByItsDeployment() {
        client.apps().deployments().inNamespace(NS).resource(Fixtures.revision("reviews", null, V1_IMAGE, 1))
                .create();
        Fixtures.writeStatus(client, "reviews", 1);
        client.apps().deployments().inNamespace(NS).resource(Fixtures.revision("ratings", "ratings-v1", "r:1", 1))
                .create();
        Fixtures.writeStatus(client, "ratings-v1", 1);
        Istio.create(client, NS, Istio.hostOnly("reviews"));

        TrafficSplit split = simulator.simulate(NS, "reviews", 100, 1L);

        assertThat(split.shares()).extracting(TrafficSplit.Share::revision, TrafficSplit.Share::image,
                TrafficSplit.Share::count).containsExactly(tuple("reviews", V1_IMAGE, 100));
    }

    @Test
    void aMissingVirtualServiceIsNamed() {
        revision("reviews-v1", V1_IMAGE, 1, 1);

        assertThatThrownBy(() -> simulator.simulate(NS, "reviews"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("no VirtualService reviews in namespace default: "
                        + "is the component deployed with a canary-traffic trait?");
    }

    @Test
    void aRouteWithNoWeightIsRefused() {
        Istio.create(client, NS, Istio.weighted("reviews", "reviews-v1", 0, "reviews-v2", 0));

        assertThatThrownBy(() -> simulator.simulate(NS, "reviews"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("VirtualService reviews in namespace default sends no traffic");
    }
}
