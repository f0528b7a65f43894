package dev.velatemporal.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.velatemporal.kube.Deployments;
import dev.velatemporal.kube.MockCluster;
import dev.velatemporal.model.Application;
import dev.velatemporal.model.Component;
import dev.velatemporal.model.IstioGatewayTrait;
import dev.velatemporal.model.WebserviceProperties;
import dev.velatemporal.render.DestinationRuleRenderer;
import dev.velatemporal.render.GatewayRenderer;
import dev.velatemporal.render.IstioApiVersion;
import dev.velatemporal.render.OamLabels;
import dev.velatemporal.render.RouteWeight;
import dev.velatemporal.render.ServiceRenderer;
import dev.velatemporal.render.VirtualServiceRenderer;
import dev.velatemporal.yaml.ApplicationLoader;
import dev.velatemporal.yaml.LoadResult;
import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.fabric8.istio.api.networking.v1.Gateway;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Every activity against fabric8's mock API server in CRUD mode, called directly. */
class DeliveryActivitiesImplTest {

    static final Path FIRST_DEPLOY = Path.of("../reference/kubevela-v1.1/first-deploy.yaml");
    static final String NS = "default";
    static final String APP = "book-info";
    static final TrafficRef REVIEWS = new TrafficRef(NS, "reviews");
    static final List<RouteWeight> NINETY_TEN =
            List.of(new RouteWeight("reviews-v1", 90), new RouteWeight("reviews-v2", 10));

    private final MockCluster cluster = MockCluster.start();
    private final DeliveryActivitiesImpl activities = new DeliveryActivitiesImpl(cluster.client, IstioApiVersion.V1);
    private final Application bookinfo = load(FIRST_DEPLOY);

    @AfterEach
    void stop() {
        activities.close();
        cluster.close();
    }

    static Application load(Path file) {
        LoadResult result = new ApplicationLoader().load(file);
        assertThat(result.problems()).isEmpty();
        return result.applications().get(0);
    }

    private Component component(String name) {
        return bookinfo.component(name).orElseThrow();
    }

    private List<ObjectRef> apply(String component) {
        Component c = component(component);
        return activities.applyComponent(new ApplyComponentRequest(APP, NS, c,
                c.rollout().isPresent() ? component + "-v1" : null));
    }

    private Deployment deployment(String name) {
        return cluster.client.apps().deployments().inNamespace(NS).withName(name).get();
    }

    private <T> T istio(Class<T> type, String name) {
        @SuppressWarnings("unchecked")
        var resources = cluster.client.resources((Class<io.fabric8.kubernetes.api.model.HasMetadata>) type);
        return type.cast(resources.inNamespace(NS).withName(name).get());
    }

    private CreateRevisionRequest revision(String revision, String image, int replicas) {
        return new CreateRevisionRequest(APP, NS, "reviews", revision, WebserviceProperties.ofImage(image), replicas);
    }

    /** Runs a mutating activity twice: the second run must leave the cluster exactly as the first did. */
    private <T> List<T> twice(Supplier<T> activity) {
        List<T> results = new ArrayList<>();
        results.add(activity.get());
        Map<String, String> afterFirst = ClusterState.of(cluster.client);
        results.add(activity.get());
        assertThat(ClusterState.of(cluster.client)).as("cluster after the second run").isEqualTo(afterFirst);
        return results;
    }

    @Test
    void applyComponentCreatesExactlyTheBookinfoObjectsAndReturnsThem() {
        assertThat(apply("reviews")).containsExactly(new ObjectRef("Service", NS, "reviews"),
                new ObjectRef("DestinationRule", NS, "reviews"), new ObjectRef("VirtualService", NS, "reviews"));
        assertThat(apply("productpage")).containsExactly(new ObjectRef("Deployment", NS, "productpage"),
                new ObjectRef("Service", NS, "productpage"), new ObjectRef("Gateway", NS, "productpage"),
                new ObjectRef("VirtualService", NS, "productpage"));
        assertThat(apply("ratings")).containsExactly(new ObjectRef("Deployment", NS, "ratings"),
                new ObjectRef("Service", NS, "ratings"));
        assertThat(apply("details")).containsExactly(new ObjectRef("Deployment", NS, "details"),
                new ObjectRef("Service", NS, "details"));

        assertThat(ClusterState.of(cluster.client).keySet()).containsExactly(
                "Deployment default/details", "Deployment default/productpage", "Deployment default/ratings",
                "DestinationRule default/reviews",
                "Gateway default/productpage",
                "Service default/details", "Service default/productpage", "Service default/ratings",
                "Service default/reviews",
                "VirtualService default/productpage", "VirtualService default/reviews");
        for (String name : List.of("productpage", "ratings", "details")) {
            Deployment d = deployment(name);
            assertThat(d.getSpec().getReplicas()).as(name).isEqualTo(1);
            assertThat(Deployments.image(d)).isEqualTo(component(name).properties().image());
            assertThat(d.getMetadata().getLabels()).isEqualTo(OamLabels.of(APP, name));
        }
        Application app = DeliveryActivitiesImpl.application(APP, NS, component("reviews"));
        assertThat(cluster.client.services().inNamespace(NS).withName("reviews").get().getSpec().getPorts())
                .isEqualTo(new ServiceRenderer().render(app, component("reviews")).orElseThrow().getSpec().getPorts());
        assertThat(istio(DestinationRule.class, "reviews").getSpec()).isEqualTo(new DestinationRuleRenderer()
                .render(app, component("reviews"), List.of("reviews-v1"), IstioApiVersion.V1).getSpec());
        assertThat(istio(VirtualService.class, "reviews").getSpec()).isEqualTo(new VirtualServiceRenderer()
                .canary(app, component("reviews"), List.of(), IstioApiVersion.V1).getSpec());
        Component productpage = component("productpage");
        IstioGatewayTrait gateway = productpage.trait(IstioGatewayTrait.class).orElseThrow();
        Application pApp = DeliveryActivitiesImpl.application(APP, NS, productpage);
        assertThat(istio(Gateway.class, "productpage").getSpec())
                .isEqualTo(new GatewayRenderer().render(pApp, productpage, gateway, IstioApiVersion.V1).getSpec());
        VirtualService routes = istio(VirtualService.class, "productpage");
        assertThat(routes.getSpec().getGateways()).containsExactly("productpage");
        assertThat(routes.getSpec().getHttp().get(0).getMatch()).hasSize(4);
        assertThat(routes.getMetadata().getLabels()).isEqualTo(OamLabels.of(APP, "productpage"));
    }

    @Test
    void applyComponentRunTwiceCreatesNothingTheSecondTime() {
        for (Component c : bookinfo.components()) {
            List<List<ObjectRef>> runs = twice(() -> apply(c.name()));
            assertThat(runs.get(0)).as(c.name() + " first run").isNotEmpty();
            assertThat(runs.get(1)).as(c.name() + " second run").isEmpty();
        }
    }

    @Test
    void applyComponentUpdatesAComponentsDeploymentButLeavesCanaryTrafficToTheSteps() {
        for (Component c : bookinfo.components()) {
            apply(c.name());
        }
        activities.setSubsets(new SubsetsRequest(REVIEWS, List.of("reviews-v1", "reviews-v2")));
        activities.setWeights(new WeightsRequest(REVIEWS, NINETY_TEN));
        Component productpage = component("productpage");
        Component newImage = new Component("productpage", productpage.type(),
                WebserviceProperties.ofImage("docker.io/istio/examples-bookinfo-productpage-v1:1.17.0"),
                productpage.traits());

        assertThat(activities.applyComponent(new ApplyComponentRequest(APP, NS, newImage, null))).isEmpty();
        assertThat(apply("reviews")).isEmpty();

        assertThat(Deployments.image(deployment("productpage")))
                .isEqualTo("docker.io/istio/examples-bookinfo-productpage-v1:1.17.0");
        assertThat(deployment("productpage").getSpec().getTemplate().getSpec().getContainers()).hasSize(1);
        assertThat(activities.readTraffic(REVIEWS))
                .isEqualTo(new TrafficState(true, List.of("reviews-v1", "reviews-v2"), true, NINETY_TEN));
    }

    @Test
    void createRevisionCreatesOnceAndNeverChangesAnExistingRevision() {
        List<Boolean> runs = twice(() -> activities.createRevision(revision("reviews-v2", "img:2", 0)));
        assertThat(runs).containsExactly(true, false);

        assertThat(activities.createRevision(revision("reviews-v2", "img:3", 2))).isFalse();

        Deployment d = deployment("reviews-v2");
        assertThat(d.getSpec().getReplicas()).isZero();
        assertThat(Deployments.image(d)).isEqualTo("img:2");
        assertThat(d.getMetadata().getLabels()).containsEntry(OamLabels.REVISION, "reviews-v2");
        assertThat(d.getSpec().getTemplate().getMetadata().getLabels()).containsEntry(OamLabels.REVISION, "reviews-v2");
    }

    @Test
    void scaleReturnsTheReplicasBeforeAndRunsTwiceToTheSameState() {
        activities.createRevision(revision("reviews-v1", "img:1", 2));
        ScaleRequest toOne = new ScaleRequest(new DeploymentRef(NS, "reviews-v1"), 1);

        assertThat(twice(() -> activities.scale(toOne))).containsExactly(2, 1);
        assertThat(deployment("reviews-v1").getSpec().getReplicas()).isEqualTo(1);
    }

    @Test
    void scaleOfAMissingDeploymentFailsForGood() {
        assertThatThrownBy(() -> activities.scale(new ScaleRequest(new DeploymentRef(NS, "reviews-v9"), 1)))
                .isInstanceOfSatisfying(ApplicationFailure.class, f -> {
                    assertThat(f.isNonRetryable()).isTrue();
                    assertThat(f.getType()).isEqualTo("NotFound");
                    assertThat(f.getOriginalMessage()).isEqualTo("scale Deployment default/reviews-v9: not found");
                });
    }

    @Test
    void deleteDeploymentReturnsItsReplicasThenMinusOne() {
        activities.createRevision(revision("reviews-v1", "img:1", 2));

        assertThat(twice(() -> activities.deleteDeployment(new DeploymentRef(NS, "reviews-v1")))).containsExactly(2, -1);
        assertThat(deployment("reviews-v1")).isNull();
    }

    @Test
    void trafficRoundTripsNinetyTenAndEachWriteRunsTwiceToTheSameState() {
        apply("reviews");

        List<TrafficState> subsets = twice(() ->
                activities.setSubsets(new SubsetsRequest(REVIEWS, List.of("reviews-v1", "reviews-v2"))));
        List<TrafficState> weights = twice(() -> activities.setWeights(new WeightsRequest(REVIEWS, NINETY_TEN)));

        assertThat(subsets.get(0)).isEqualTo(new TrafficState(true, List.of("reviews-v1"), true, List.of()));
        assertThat(subsets.get(1)).isEqualTo(new TrafficState(true, List.of("reviews-v1", "reviews-v2"), true, List.of()));
        assertThat(weights.get(1)).isEqualTo(new TrafficState(true, List.of("reviews-v1", "reviews-v2"), true, NINETY_TEN));
        assertThat(activities.readTraffic(REVIEWS))
                .isEqualTo(new TrafficState(true, List.of("reviews-v1", "reviews-v2"), true, NINETY_TEN));

        twice(() -> activities.setWeights(new WeightsRequest(REVIEWS, List.of(new RouteWeight("reviews-v2", 100)))));
        twice(() -> activities.setSubsets(new SubsetsRequest(REVIEWS, List.of("reviews-v2"))));
        assertThat(activities.readTraffic(REVIEWS)).isEqualTo(new TrafficState(true, List.of("reviews-v2"), true,
                List.of(new RouteWeight("reviews-v2", 100))));
    }

    @Test
    void deleteObjectsDeletesWhatApplyComponentCreatedAndToleratesWhatIsGone() {
        List<ObjectRef> created = new ArrayList<>();
        for (Component c : bookinfo.components()) {
            created.addAll(apply(c.name()));
        }
        activities.createRevision(revision("reviews-v1", "img:1", 2));

        twice(() -> {
            activities.deleteObjects(created);
            return null;
        });

        assertThat(ClusterState.of(cluster.client).keySet()).containsExactly("Deployment default/reviews-v1");
    }

    @Test
    void deleteObjectsRefusesAKindItDoesNotKnow() {
        assertThatThrownBy(() -> activities.deleteObjects(List.of(new ObjectRef("ConfigMap", NS, "x"))))
                .isInstanceOfSatisfying(ApplicationFailure.class, f -> assertThat(f.isNonRetryable()).isTrue())
                .hasMessageContaining("unknown kind");
    }

    @Test
    void observeComponentReportsEachRevisionsReplicasImageAndReadiness() {
        activities.createRevision(revision("reviews-v1", "img:1", 2));
        activities.createRevision(revision("reviews-v2", "img:2", 0));
        activities.scale(new ScaleRequest(new DeploymentRef(NS, "reviews-v2"), 1));
        cluster.client.apps().deployments().inNamespace(NS).withName("reviews-v1").subresource("status")
                .patch(io.fabric8.kubernetes.client.dsl.base.PatchContext.of(
                        io.fabric8.kubernetes.client.dsl.base.PatchType.JSON_MERGE), "{\"status\":{\"readyReplicas\":2}}");
        apply("ratings");

        assertThat(activities.observeComponent(new ComponentRef(APP, NS, "reviews"))).containsExactly(
                new DeploymentReadiness("reviews-v1", "reviews-v1", "img:1", 2, 2),
                new DeploymentReadiness("reviews-v2", "reviews-v2", "img:2", 1, 0));
        assertThat(activities.observeComponent(new ComponentRef(APP, NS, "ratings"))).containsExactly(
                new DeploymentReadiness("ratings", null, component("ratings").properties().image(), 1, 0));
    }

    @Test
    void anOlderIstioApiVersionAppliesTheComponentAtItsOwnPath() {
        DeliveryActivitiesImpl v1alpha3 = new DeliveryActivitiesImpl(cluster.client, IstioApiVersion.V1ALPHA3);
        Component productpage = component("productpage");

        List<ObjectRef> created = v1alpha3.applyComponent(new ApplyComponentRequest(APP, NS, productpage, null));

        assertThat(created).contains(new ObjectRef("Gateway", NS, "productpage"),
                new ObjectRef("VirtualService", NS, "productpage"));
        assertThat(istio(io.fabric8.istio.api.networking.v1alpha3.Gateway.class, "productpage")).isNotNull();
        assertThat(istio(io.fabric8.istio.api.networking.v1alpha3.VirtualService.class, "productpage").getApiVersion())
                .isEqualTo("networking.istio.io/v1alpha3");
        assertThat(istio(Gateway.class, "productpage")).isNull();
        v1alpha3.deleteObjects(created);
        assertThat(istio(io.fabric8.istio.api.networking.v1alpha3.Gateway.class, "productpage")).isNull();
    }

}
