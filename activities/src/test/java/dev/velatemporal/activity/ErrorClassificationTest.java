package dev.velatemporal.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.velatemporal.kube.MockCluster;
import dev.velatemporal.model.Component;
import dev.velatemporal.model.WebserviceProperties;
import dev.velatemporal.render.IstioApiVersion;
import dev.velatemporal.render.RouteWeight;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.temporal.failure.ApplicationFailure;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Faults injected in front of the mock API server: transient ones are thrown as they are (Temporal retries the
 * activity, and the retry succeeds), permanent ones fail for good with a message naming the object.
 */
class ErrorClassificationTest {

    private static final String NS = "default";
    private static final String DEPLOYMENTS = "/apis/apps/v1/namespaces/default/deployments";
    private static final DeploymentRef REVIEWS_V1 = new DeploymentRef(NS, "reviews-v1");

    private final MockCluster cluster = MockCluster.start();
    private final DeliveryActivitiesImpl activities = new DeliveryActivitiesImpl(cluster.client, IstioApiVersion.V1);

    @AfterEach
    void stop() {
        activities.close();
        cluster.close();
    }

    private void createReviewsV1(int replicas) {
        activities.createRevision(new CreateRevisionRequest("book-info", NS, "reviews", "reviews-v1",
                WebserviceProperties.ofImage("img:1"), replicas));
    }

    private int replicas(String name) {
        return cluster.client.apps().deployments().inNamespace(NS).withName(name).get().getSpec().getReplicas();
    }

    private static void assertRetryable(ThrowingCallable call, int code) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(code))
                .isNotInstanceOf(ApplicationFailure.class);
    }

    private static void assertFailsForGood(ThrowingCallable call, String type, String messageStart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApplicationFailure.class, f -> {
            assertThat(f.isNonRetryable()).isTrue();
            assertThat(f.getType()).isEqualTo(type);
            assertThat(f.getOriginalMessage()).startsWith(messageStart);
        });
    }

    @ParameterizedTest(name = "HTTP {0} on scale is retried")
    @CsvSource({"409, Conflict", "429, TooManyRequests", "500, InternalError", "503, ServiceUnavailable"})
    void aTransientErrorIsThrownForTemporalToRetryAndTheRetrySucceeds(int code, String reason) {
        createReviewsV1(2);
        cluster.fail("PATCH", DEPLOYMENTS + "/reviews-v1", code, reason, "try again later", 1);
        ScaleRequest scale = new ScaleRequest(REVIEWS_V1, 1);

        assertRetryable(() -> activities.scale(scale), code);
        assertThat(replicas("reviews-v1")).isEqualTo(2);

        assertThat(activities.scale(scale)).isEqualTo(2);
        assertThat(replicas("reviews-v1")).isEqualTo(1);
    }

    @Test
    void aServerErrorWhileShiftingTrafficIsRetried() {
        activities.applyComponent(new ApplyComponentRequest("book-info", NS, reviews(), "reviews-v1"));
        activities.setSubsets(new SubsetsRequest(new TrafficRef(NS, "reviews"), List.of("reviews-v1", "reviews-v2")));
        cluster.fail("PATCH", "/apis/networking.istio.io/v1/namespaces/default/virtualservices/reviews", 500,
                "InternalError", "etcd timed out", 1);
        List<RouteWeight> ninetyTen = List.of(new RouteWeight("reviews-v1", 90), new RouteWeight("reviews-v2", 10));
        WeightsRequest request = new WeightsRequest(new TrafficRef(NS, "reviews"), ninetyTen);

        assertRetryable(() -> activities.setWeights(request), 500);
        assertThat(activities.readTraffic(new TrafficRef(NS, "reviews")).weights()).isEmpty();

        activities.setWeights(request);
        assertThat(activities.readTraffic(new TrafficRef(NS, "reviews")).weights()).isEqualTo(ninetyTen);
    }

    @Test
    void forbiddenFailsForGoodNamingTheObject() {
        createReviewsV1(2);
        cluster.fail("GET", DEPLOYMENTS + "/reviews-v1", 403, "Forbidden",
                "deployments.apps \"reviews-v1\" is forbidden: User \"system:serviceaccount:vela:worker\" cannot get"
                        + " resource \"deployments\"", 1);

        assertFailsForGood(() -> activities.scale(new ScaleRequest(REVIEWS_V1, 1)), "Forbidden",
                "scale Deployment default/reviews-v1: forbidden (check the worker's RBAC permissions): "
                        + "deployments.apps \"reviews-v1\" is forbidden");
        assertThat(replicas("reviews-v1")).isEqualTo(2);
    }

    @Test
    void forbiddenOnCreateOfAServiceFailsForGood() {
        cluster.fail("POST", "/api/v1/namespaces/default/services", 403, "Forbidden", "services is forbidden", 1);

        assertFailsForGood(() -> activities.applyComponent(
                new ApplyComponentRequest("book-info", NS, reviews(), "reviews-v1")),
                "Forbidden", "create Service default/reviews: forbidden");
    }

    @Test
    void anInvalidObjectFailsForGood() {
        cluster.fail("POST", DEPLOYMENTS, 422, "Invalid",
                "Deployment.apps \"reviews-v1\" is invalid: spec.template.spec.containers[0].image: Required value", 1);

        assertFailsForGood(() -> createReviewsV1(1), "Invalid",
                "create Deployment default/reviews-v1: invalid: Deployment.apps \"reviews-v1\" is invalid");
        assertThat(cluster.client.apps().deployments().inNamespace(NS).withName("reviews-v1").get()).isNull();
    }

    @Test
    void notFoundOnUpdateFailsForGood() {
        createReviewsV1(2);
        cluster.fail("PATCH", DEPLOYMENTS + "/reviews-v1", 404, "NotFound", "deployments.apps \"reviews-v1\" not found", 1);

        assertFailsForGood(() -> activities.scale(new ScaleRequest(REVIEWS_V1, 1)), "NotFound",
                "scale Deployment default/reviews-v1: not found");
    }

    private static Component reviews() {
        return DeliveryActivitiesImplTest.load(DeliveryActivitiesImplTest.FIRST_DEPLOY).component("reviews").orElseThrow();
    }
}
