package dev.velatemporal.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.velatemporal.kube.MockCluster;
import dev.velatemporal.model.Application;
import dev.velatemporal.model.Component;
import dev.velatemporal.render.IstioApiVersion;
import dev.velatemporal.render.RouteWeight;
import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.temporal.failure.ApplicationFailure;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code DetectDrift} and {@code RepairDrift} against fabric8's mock API server: the first-deploy bookinfo as its
 * generation leaves it (reviews-v1 at 2 replicas, subset reviews-v1, routes to the host as a whole).
 */
class DriftActivitiesTest {

    static final String NS = "default";
    static final String APP = "book-info";

    private final MockCluster cluster = MockCluster.start();
    private final DeliveryActivitiesImpl activities = new DeliveryActivitiesImpl(cluster.client, IstioApiVersion.V1);
    private final Application bookinfo =
            DeliveryActivitiesImplTest.load(Path.of("../reference/kubevela-v1.1/first-deploy.yaml"));
    private DriftRequest kept;

    @BeforeEach
    void deploy() {
        List<DriftRequest.Kept> components = new ArrayList<>();
        for (Component component : bookinfo.components()) {
            boolean rollout = component.rollout().isPresent();
            activities.applyComponent(new ApplyComponentRequest(APP, NS, component,
                    rollout ? component.name() + "-v1" : null));
            DriftRequest.StableRevision stable = null;
            if (rollout) {
                activities.createRevision(new CreateRevisionRequest(APP, NS, component.name(),
                        component.name() + "-v1", component.properties(), 2));
                stable = new DriftRequest.StableRevision(component.name() + "-v1", component.properties(), 2);
            }
            components.add(new DriftRequest.Kept(component, stable));
        }
        kept = new DriftRequest(APP, NS, components);
    }

    @AfterEach
    void stop() {
        activities.close();
        cluster.close();
    }

    @Test
    void asTheGenerationLeftItNothingHasDrifted() {
        assertThat(activities.detectDrift(kept)).isEmpty();
    }

    @Test
    void whatTheApiServerAddsIsNotDrift() {
        cluster.client.apps().deployments().inNamespace(NS).withName("details").edit(d -> {
            d.getSpec().getTemplate().getSpec().setRestartPolicy("Always");
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setTerminationMessagePath("/dev/termination-log");
            d.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().get(0).setProtocol("TCP");
            return d;
        });
        cluster.client.services().inNamespace(NS).withName("details").edit(s -> {
            s.getSpec().setClusterIP("10.0.0.12");
            s.getSpec().setSessionAffinity("None");
            return s;
        });

        assertThat(activities.detectDrift(kept)).isEmpty();
    }

    @Test
    void anEditedPodTemplateAnEditedServiceAndEditedSubsetsAreToldAndRepaired() {
        cluster.client.apps().deployments().inNamespace(NS).withName("ratings").edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("ratings:hacked");
            return d;
        });
        cluster.client.services().inNamespace(NS).withName("details").edit(s -> {
            s.getSpec().getPorts().get(0).setPort(8080);
            return s;
        });
        activities.setSubsets(new SubsetsRequest(new TrafficRef(NS, "reviews"), List.of("reviews-v1", "reviews-v9")));

        List<Drift> drifts = activities.detectDrift(kept);

        assertThat(drifts).extracting(Drift::description).containsExactlyInAnyOrder(
                "drift: Deployment default/ratings had its pod template edited; restored",
                "drift: Service default/details had spec.ports edited; restored",
                "drift: DestinationRule default/reviews had subsets reviews-v1, reviews-v9; set back to reviews-v1");
        for (Drift drift : drifts) {
            assertThat(activities.repairDrift(new RepairDriftRequest(kept, drift.object()))).isTrue();
        }
        assertThat(activities.detectDrift(kept)).isEmpty();
        assertThat(image("ratings")).endsWith("ratings-v1:1.16.2");
        assertThat(cluster.client.services().inNamespace(NS).withName("details").get().getSpec().getPorts())
                .extracting(ServicePort::getPort).containsExactly(9080);
        // A repair run again (a retry) writes nothing more.
        for (Drift drift : drifts) {
            assertThat(activities.repairDrift(new RepairDriftRequest(kept, drift.object()))).isFalse();
        }
    }

    @Test
    void fieldsWeDoNotRenderAndAWeightedRouteToTheStableRevisionAreNotDrift() {
        // As kubectl apply's merge keeps a field someone else added, so does drift repair.
        cluster.client.apps().deployments().inNamespace(NS).withName("reviews-v1").edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().get(0).setEnv(List.of(new EnvVar("DEBUG", "1", null)));
            return d;
        });
        // What a completed canary leaves: 100% by weight to the stable revision, equivalent to the host as a whole.
        activities.setWeights(new WeightsRequest(new TrafficRef(NS, "reviews"),
                List.of(new RouteWeight("reviews-v1", 100))));

        assertThat(activities.detectDrift(kept)).isEmpty();
    }

    @Test
    void deletedObjectsAreRecreatedWithTheStableRevisionsWorkloadAndReplicas() {
        cluster.client.apps().deployments().inNamespace(NS).withName("reviews-v1").delete();
        cluster.client.resources(DestinationRule.class).inNamespace(NS).withName("reviews").delete();

        List<Drift> drifts = activities.detectDrift(kept);
        assertThat(drifts).extracting(Drift::description).containsExactly(
                "drift: Deployment default/reviews-v1 was deleted; recreated",
                "drift: DestinationRule default/reviews was deleted; recreated");
        drifts.forEach(d -> activities.repairDrift(new RepairDriftRequest(kept, d.object())));

        Deployment reviews = cluster.client.apps().deployments().inNamespace(NS).withName("reviews-v1").get();
        assertThat(reviews.getSpec().getReplicas()).isEqualTo(2);
        assertThat(image("reviews-v1")).isEqualTo("docker.io/istio/examples-bookinfo-reviews-v2:1.16.2");
        assertThat(activities.readTraffic(new TrafficRef(NS, "reviews")).subsets()).containsExactly("reviews-v1");
        assertThat(activities.detectDrift(kept)).isEmpty();
    }

    @Test
    void anObjectTheGenerationDidNotLeaveIsNotRepairedAndAnotherNamespaceIsRefused() {
        assertThatThrownBy(() -> activities.repairDrift(new RepairDriftRequest(kept,
                new ObjectRef(ObjectRef.DEPLOYMENT, NS, "reviews-v7"))))
                .isInstanceOf(ApplicationFailure.class)
                .satisfies(e -> assertThat(((ApplicationFailure) e).isNonRetryable()).isTrue());

        DeliveryActivitiesImpl confined = new DeliveryActivitiesImpl(cluster.client, IstioApiVersion.V1,
                DeliveryActivitiesImpl.DEFAULT_HEARTBEAT_INTERVAL, NamespacePolicy.of(List.of("shop")));
        assertThatThrownBy(() -> confined.detectDrift(kept)).isInstanceOf(ApplicationFailure.class);
        confined.close();
    }

    @Test
    void coversTakesWhatWeRenderedNotWhatTheServerAdded() throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode want = json.readTree("{\"a\":1,\"list\":[{\"x\":\"y\"}],\"empty\":[]}");
        assertThat(DriftCheck.covers(want, json.readTree("{\"a\":1.0,\"b\":2,\"list\":[{\"x\":\"y\",\"z\":1}]}")))
                .isTrue();
        assertThat(DriftCheck.covers(want, json.readTree("{\"a\":1,\"list\":[{\"x\":\"y\"},{\"x\":\"q\"}]}")))
                .isFalse();
        assertThat(DriftCheck.covers(want, json.readTree("{\"a\":1,\"list\":[{\"x\":\"y\"}],\"empty\":[1]}")))
                .isFalse();
        assertThat(DriftCheck.covers(want, json.readTree("{\"a\":2,\"list\":[{\"x\":\"y\"}]}"))).isFalse();
    }

    private String image(String deployment) {
        return cluster.client.apps().deployments().inNamespace(NS).withName(deployment).get()
                .getSpec().getTemplate().getSpec().getContainers().get(0).getImage();
    }
}
