package dev.velatemporal.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.velatemporal.kube.MockCluster;
import dev.velatemporal.model.Component;
import dev.velatemporal.model.WebserviceProperties;
import dev.velatemporal.render.IstioApiVersion;
import dev.velatemporal.render.RouteWeight;
import io.temporal.activity.ActivityMethod;
import io.temporal.failure.ApplicationFailure;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A worker confined to team-a refuses every activity in default before it sends the API a single request. */
class NamespaceGuardTest {

    private static final String APP = "book-info";
    private static final String REFUSED = "default";
    private static final DeploymentRef REVIEWS_V2 = new DeploymentRef(REFUSED, "reviews-v2");
    private static final TrafficRef REVIEWS = new TrafficRef(REFUSED, "reviews");
    private static final WebserviceProperties WORKLOAD = WebserviceProperties.ofImage("img:2");

    private final MockCluster cluster = MockCluster.start();
    private final DeliveryActivitiesImpl activities = new DeliveryActivitiesImpl(cluster.client, IstioApiVersion.V1,
            DeliveryActivitiesImpl.DEFAULT_HEARTBEAT_INTERVAL, NamespacePolicy.of(Set.of("team-a")));

    @AfterEach
    void stop() {
        activities.close();
        cluster.close();
    }

    /** Each activity, by its Temporal name, called for namespace default. */
    private static Map<String, Consumer<DeliveryActivities>> everyActivityInDefault() {
        Map<String, Consumer<DeliveryActivities>> calls = new LinkedHashMap<>();
        calls.put("CheckNamespace", a -> a.checkNamespace(REFUSED));
        calls.put("ApplyComponent", a -> a.applyComponent(new ApplyComponentRequest(APP, REFUSED,
                new Component("reviews", Component.WEBSERVICE, WORKLOAD, List.of()), null)));
        calls.put("CreateRevision", a -> a.createRevision(
                new CreateRevisionRequest(APP, REFUSED, "reviews", "reviews-v2", WORKLOAD, 0)));
        calls.put("Scale", a -> a.scale(new ScaleRequest(REVIEWS_V2, 1)));
        calls.put("AwaitReady", a -> a.awaitReady(new AwaitReadyRequest(REVIEWS_V2, 1)));
        calls.put("DeleteDeployment", a -> a.deleteDeployment(REVIEWS_V2));
        calls.put("ReadTraffic", a -> a.readTraffic(REVIEWS));
        calls.put("SetSubsets", a -> a.setSubsets(new SubsetsRequest(REVIEWS, List.of("reviews-v2"))));
        calls.put("SetWeights", a -> a.setWeights(
                new WeightsRequest(REVIEWS, List.of(new RouteWeight("reviews-v2", 100)))));
        // One object in an allowed namespace: nothing is deleted, as the check comes before any deletion.
        calls.put("DeleteObjects", a -> a.deleteObjects(List.of(
                new ObjectRef(ObjectRef.SERVICE, "team-a", "reviews"),
                new ObjectRef(ObjectRef.SERVICE, REFUSED, "reviews"))));
        calls.put("CollectGarbage", a -> a.collectGarbage(new GarbageRequest(APP, List.of(
                new ObjectRef(ObjectRef.DEPLOYMENT, "team-a", "reviews-v1"),
                new ObjectRef(ObjectRef.DEPLOYMENT, REFUSED, "reviews-v2")))));
        calls.put("ObserveComponent", a -> a.observeComponent(new ComponentRef(APP, REFUSED, "reviews")));
        DriftRequest kept = new DriftRequest(APP, REFUSED, List.of(new DriftRequest.Kept(
                new Component("reviews", Component.WEBSERVICE, WORKLOAD, List.of()), null)));
        calls.put("DetectDrift", a -> a.detectDrift(kept));
        calls.put("RepairDrift", a -> a.repairDrift(new RepairDriftRequest(kept,
                new ObjectRef(ObjectRef.DEPLOYMENT, REFUSED, "reviews"))));
        return calls;
    }

    @Test
    void everyActivityRefusesANamespaceNotAllowedWithoutCallingTheApi() {
        Map<String, Consumer<DeliveryActivities>> calls = everyActivityInDefault();
        assertThat(calls.keySet()).as("activities this test calls").isEqualTo(activityNames());

        calls.forEach((name, call) -> {
            List<String> requests = cluster.requestsOf(() -> {
                Throwable thrown = catchThrowable(() -> call.accept(activities));
                assertThat(thrown).as(name).isInstanceOf(ApplicationFailure.class);
                ApplicationFailure failure = (ApplicationFailure) thrown;
                assertThat(failure.getType()).as(name).isEqualTo(NamespacePolicy.NAMESPACE_NOT_ALLOWED);
                assertThat(failure.isNonRetryable()).as(name).isTrue();
                assertThat(failure.getOriginalMessage()).as(name)
                        .isEqualTo("namespace default is not allowed on this worker (--allowed-namespaces team-a)");
            });
            assertThat(requests).as("requests %s sent", name).isEmpty();
        });
    }

    @Test
    void anAllowedNamespacePasses() {
        activities.checkNamespace("team-a");

        assertThat(activities.createRevision(
                new CreateRevisionRequest(APP, "team-a", "reviews", "reviews-v2", WORKLOAD, 0))).isTrue();
    }

    @Test
    void withoutAPolicyEveryNamespaceIsAllowed() {
        try (var anywhere = new DeliveryActivitiesImpl(cluster.client, IstioApiVersion.V1)) {
            anywhere.checkNamespace(REFUSED);
            assertThat(anywhere.createRevision(
                    new CreateRevisionRequest(APP, REFUSED, "reviews", "reviews-v2", WORKLOAD, 0))).isTrue();
        }
    }

    private static Set<String> activityNames() {
        return Arrays.stream(DeliveryActivities.class.getMethods())
                .map(m -> m.getAnnotation(ActivityMethod.class))
                .filter(Objects::nonNull)
                .map(ActivityMethod::name)
                .collect(Collectors.toSet());
    }
}
