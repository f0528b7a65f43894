package dev.velatemporal.traffic;

import static dev.velatemporal.kube.Fixtures.APP;
import static dev.velatemporal.kube.Fixtures.NS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.velatemporal.activity.ObjectRef;
import dev.velatemporal.activity.TrafficRef;
import dev.velatemporal.activity.TrafficState;
import dev.velatemporal.kube.MockCluster;
import dev.velatemporal.model.Application;
import dev.velatemporal.model.ApplicationSpec;
import dev.velatemporal.model.Component;
import dev.velatemporal.model.Metadata;
import dev.velatemporal.model.WebserviceProperties;
import dev.velatemporal.render.IstioApiVersion;
import dev.velatemporal.render.OamLabels;
import dev.velatemporal.render.RouteWeight;
import io.fabric8.istio.api.api.networking.v1alpha3.HTTPRouteDestination;
import io.fabric8.istio.api.api.networking.v1alpha3.Subset;
import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IstioTrafficRouterTest {

    private static final TrafficRef REVIEWS = new TrafficRef(NS, "reviews");
    private static final Component COMPONENT =
            new Component("reviews", Component.WEBSERVICE, WebserviceProperties.ofImage("img:1"), List.of());
    private static final Application APPLICATION =
            new Application(new Metadata(APP, NS), new ApplicationSpec(List.of(COMPONENT), null));
    private static final List<RouteWeight> NINETY_TEN =
            List.of(new RouteWeight("reviews-v1", 90), new RouteWeight("reviews-v2", 10));

    private final MockCluster cluster = MockCluster.start();
    private final IstioTrafficRouter router = new IstioTrafficRouter(cluster.client, IstioApiVersion.V1);

    @AfterEach
    void stop() {
        cluster.close();
    }

    private DestinationRule destinationRule() {
        return cluster.client.resources(DestinationRule.class).inNamespace(NS).withName("reviews").get();
    }

    private VirtualService virtualService() {
        return cluster.client.resources(VirtualService.class).inNamespace(NS).withName("reviews").get();
    }

    private static List<String> destinations(VirtualService vs) {
        return vs.getSpec().getHttp().get(0).getRoute().stream()
                .map(HTTPRouteDestination::getDestination)
                .map(d -> d.getHost() + "/" + d.getSubset())
                .toList();
    }

    @Test
    void initializeCreatesTheRevisionsSubsetAndARouteToTheHostOnce() {
        assertThat(router.initialize(APPLICATION, COMPONENT, "reviews-v1")).containsExactly(
                new ObjectRef("DestinationRule", NS, "reviews"), new ObjectRef("VirtualService", NS, "reviews"));

        assertThat(destinationRule().getSpec().getSubsets()).extracting(Subset::getName, Subset::getLabels)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("reviews-v1",
                        Map.of(OamLabels.REVISION, "reviews-v1")));
        assertThat(destinations(virtualService())).containsExactly("reviews/null");
        assertThat(destinationRule().getMetadata().getLabels()).containsEntry(OamLabels.APP_NAME, APP);
        assertThat(router.read(REVIEWS)).isEqualTo(new TrafficState(true, List.of("reviews-v1"), true, List.of()));

        router.setSubsets(REVIEWS, List.of("reviews-v1", "reviews-v2"));
        router.setWeights(REVIEWS, NINETY_TEN);
        assertThat(router.initialize(APPLICATION, COMPONENT, "reviews-v2")).as("second run creates nothing").isEmpty();
        assertThat(router.read(REVIEWS)).as("and leaves the split as it was")
                .isEqualTo(new TrafficState(true, List.of("reviews-v1", "reviews-v2"), true, NINETY_TEN));
    }

    @Test
    void subsetsThenWeightsRoundTripNinetyTen() {
        router.initialize(APPLICATION, COMPONENT, "reviews-v1");

        TrafficState beforeSubsets = router.setSubsets(REVIEWS, List.of("reviews-v1", "reviews-v2"));
        TrafficState beforeWeights = router.setWeights(REVIEWS, NINETY_TEN);

        assertThat(beforeSubsets).isEqualTo(new TrafficState(true, List.of("reviews-v1"), true, List.of()));
        assertThat(beforeWeights).isEqualTo(
                new TrafficState(true, List.of("reviews-v1", "reviews-v2"), true, List.of()));
        assertThat(router.read(REVIEWS)).isEqualTo(
                new TrafficState(true, List.of("reviews-v1", "reviews-v2"), true, NINETY_TEN));
        VirtualService vs = virtualService();
        assertThat(destinations(vs)).containsExactly("reviews/reviews-v1", "reviews/reviews-v2");
        assertThat(vs.getSpec().getHttp().get(0).getRoute()).extracting(HTTPRouteDestination::getWeight)
                .containsExactly(90, 10);
        assertThat(vs.getSpec().getHosts()).containsExactly("reviews");
        assertThat(destinationRule().getSpec().getSubsets()).extracting(s -> s.getLabels().get(OamLabels.REVISION))
                .containsExactly("reviews-v1", "reviews-v2");
    }

    @Test
    void setSubsetsReplacesTheListWhole() {
        router.initialize(APPLICATION, COMPONENT, "reviews-v1");
        router.setSubsets(REVIEWS, List.of("reviews-v1", "reviews-v2"));

        TrafficState before = router.setSubsets(REVIEWS, List.of("reviews-v2"));

        assertThat(before.subsets()).containsExactly("reviews-v1", "reviews-v2");
        assertThat(destinationRule().getSpec().getSubsets()).extracting(Subset::getName).containsExactly("reviews-v2");
        assertThat(destinationRule().getSpec().getHost()).isEqualTo("reviews");
    }

    @Test
    void setWeightsBackToNoneRoutesToTheHostAsAWhole() {
        router.initialize(APPLICATION, COMPONENT, "reviews-v1");
        router.setSubsets(REVIEWS, List.of("reviews-v1", "reviews-v2"));
        router.setWeights(REVIEWS, NINETY_TEN);

        router.setWeights(REVIEWS, List.of(new RouteWeight("reviews-v2", 100)));
        assertThat(destinations(virtualService())).containsExactly("reviews/reviews-v2");
        assertThat(router.read(REVIEWS).weights()).containsExactly(new RouteWeight("reviews-v2", 100));

        TrafficState before = router.setWeights(REVIEWS, List.of());
        assertThat(before.weights()).containsExactly(new RouteWeight("reviews-v2", 100));
        assertThat(destinations(virtualService())).containsExactly("reviews/null");
        assertThat(router.read(REVIEWS).weights()).isEmpty();
    }

    @Test
    void settingTheSameSplitTwiceWritesNothingTheSecondTime() {
        router.initialize(APPLICATION, COMPONENT, "reviews-v1");
        router.setSubsets(REVIEWS, List.of("reviews-v1", "reviews-v2"));
        router.setWeights(REVIEWS, NINETY_TEN);
        List<TrafficState> before = new ArrayList<>();

        List<String> requests = cluster.requestsOf(() -> {
            before.add(router.setSubsets(REVIEWS, List.of("reviews-v1", "reviews-v2")));
            before.add(router.setWeights(REVIEWS, NINETY_TEN));
        });

        TrafficState now = new TrafficState(true, List.of("reviews-v1", "reviews-v2"), true, NINETY_TEN);
        assertThat(before).containsExactly(now, now);
        assertThat(router.read(REVIEWS)).isEqualTo(now);
        assertThat(requests).isNotEmpty().allSatisfy(r -> assertThat(r).startsWith("GET "));
    }

    @Test
    void missingObjectsReadAsNothingAndAreCreatedLabelledAfterTheComponentsService() {
        assertThat(router.read(REVIEWS)).isEqualTo(new TrafficState(false, List.of(), false, List.of()));
        cluster.client.services().resource(new ServiceBuilder().withNewMetadata().withName("reviews").withNamespace(NS)
                .withLabels(OamLabels.of(APP, "reviews")).endMetadata().withNewSpec().endSpec().build()).create();

        TrafficState beforeSubsets = router.setSubsets(REVIEWS, List.of("reviews-v1"));
        TrafficState beforeWeights = router.setWeights(REVIEWS, List.of(new RouteWeight("reviews-v1", 100)));

        assertThat(beforeSubsets).isEqualTo(new TrafficState(false, List.of(), false, List.of()));
        assertThat(beforeWeights).isEqualTo(new TrafficState(true, List.of("reviews-v1"), false, List.of()));
        assertThat(router.read(REVIEWS)).isEqualTo(
                new TrafficState(true, List.of("reviews-v1"), true, List.of(new RouteWeight("reviews-v1", 100))));
        assertThat(destinationRule().getMetadata().getLabels()).isEqualTo(OamLabels.of(APP, "reviews"));
        assertThat(virtualService().getMetadata().getLabels()).isEqualTo(OamLabels.of(APP, "reviews"));
    }

    @Test
    void aSingleSubsetRouteWithoutWeightTakesEverything() {
        router.initialize(APPLICATION, COMPONENT, "reviews-v1");
        VirtualService vs = virtualService();
        vs.getSpec().getHttp().get(0).getRoute().get(0).getDestination().setSubset("reviews-v1");
        cluster.client.resource(vs).update();

        assertThat(router.read(REVIEWS).weights()).containsExactly(new RouteWeight("reviews-v1", 100));
    }

    @Test
    void anOlderIstioApiVersionIsReadAndWrittenAtItsOwnPath() {
        IstioTrafficRouter v1beta1 = new IstioTrafficRouter(cluster.client, IstioApiVersion.V1BETA1);

        v1beta1.initialize(APPLICATION, COMPONENT, "reviews-v1");
        v1beta1.setSubsets(REVIEWS, List.of("reviews-v1", "reviews-v2"));
        v1beta1.setWeights(REVIEWS, NINETY_TEN);

        assertThat(v1beta1.read(REVIEWS)).isEqualTo(
                new TrafficState(true, List.of("reviews-v1", "reviews-v2"), true, NINETY_TEN));
        var stored = cluster.client.resources(io.fabric8.istio.api.networking.v1beta1.VirtualService.class)
                .inNamespace(NS).withName("reviews").get();
        assertThat(stored.getApiVersion()).isEqualTo("networking.istio.io/v1beta1");
        assertThat(stored.getSpec().getHttp().get(0).getRoute()).extracting(HTTPRouteDestination::getWeight)
                .containsExactly(90, 10);
        assertThat(cluster.client.resources(io.fabric8.istio.api.networking.v1beta1.DestinationRule.class)
                .inNamespace(NS).withName("reviews").get()).isNotNull();
        assertThat(virtualService()).as("nothing at the v1 path").isNull();
        assertThat(destinationRule()).as("nothing at the v1 path").isNull();
    }
}
