package dev.velatemporal.worker.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.GenerationPhase;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Drift repair (issue 11, section 3): between generations the workflow keeps the cluster at what its last
 * successful generation left. KubeVela v1.1's bookinfo after the canary to reviews-v2 has completed: details,
 * productpage and ratings at 1 replica, reviews-v2 at 2, the DestinationRule {@code reviews} with the one subset
 * reviews-v2, and the VirtualService {@code reviews} routing it 100%.
 */
@EnableKubernetesMockClient(crud = true)
class DriftRepairTest {

    static final String ID = "default.book-info";

    KubernetesClient client;
    DeliveryTestbed testbed;

    @AfterEach
    void stop() {
        if (testbed != null) {
            testbed.close();
        }
    }

    @Test
    void reconcileRecreatesADeletedDeploymentScalesBackAHandScaledOneAndRestoresAnEditedRoute() {
        testbed = new DeliveryTestbed(client);
        rollOutReviewsV2();

        client.apps().deployments().inNamespace("default").withName("details").delete();
        awaitGone("details");
        client.apps().deployments().inNamespace("default").withName("reviews-v2")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":1}}");
        client.resources(VirtualService.class).inNamespace("default").withName("reviews")
                .edit(vs -> {
                    vs.getSpec().getHttp().get(0).getRoute().get(0).setWeight(50);
                    return vs;
                });
        assertThat(testbed.routes("reviews")).isEqualTo("reviews-v2=50");

        testbed.existing(ID).reconcile();
        ApplicationStatus repaired = awaitEvents(3);

        assertThat(driftEvents(repaired)).containsExactly(
                "drift: Deployment default/reviews-v2 had 1 replica, scaled back to 2",
                "drift: VirtualService default/reviews routed reviews-v2 50%; set back to reviews-v2 100%",
                "drift: Deployment default/details was deleted; recreated");
        assertThat(testbed.deployment("details")).isNotNull();
        assertThat(testbed.replicas("details")).isEqualTo(1);
        assertThat(testbed.deployment("details").getSpec().getTemplate().getSpec().getContainers().get(0).getImage())
                .isEqualTo("docker.io/istio/examples-bookinfo-details-v1:1.16.2");
        assertThat(testbed.replicas("reviews-v2")).isEqualTo(2);
        assertThat(testbed.routes("reviews")).isEqualTo("reviews-v2=100");
        assertThat(testbed.subsets("reviews")).containsExactly("reviews-v2");
        assertThat(testbed.deploymentNames()).containsExactly("details", "productpage", "ratings", "reviews-v2");
        // The generation is what it was: a repair is not a generation.
        assertThat(repaired.generation()).isEqualTo(2);
        assertThat(repaired.phase()).isEqualTo(GenerationPhase.SUCCEEDED);

        // Nothing drifted: the check writes nothing, and says so when asked.
        int writesBefore = workflowWrites();
        testbed.existing(ID).reconcile();
        ApplicationStatus clean = testbed.awaitStatus(ID, s -> events(s).stream()
                .anyMatch(e -> e.startsWith("reconcile: nothing drifted")), "the check to find nothing");
        assertThat(events(clean)).contains("reconcile: nothing drifted; default/book-info is as generation 2 left it");
        assertThat(workflowWrites()).isEqualTo(writesBefore);
        testbed.exportHistory(testbed.currentRun(ID), "drift-repaired");
    }

    @Test
    void aShortReconcileIntervalRepairsTheSameDriftsWithoutBeingAsked() {
        testbed = new DeliveryTestbed(client, Duration.ofMillis(100), Duration.ofSeconds(1));
        rollOutReviewsV2();

        client.apps().deployments().inNamespace("default").withName("details").delete();
        client.apps().deployments().inNamespace("default").withName("reviews-v2")
                .patch(PatchContext.of(PatchType.JSON_MERGE), "{\"spec\":{\"replicas\":1}}");
        client.resources(VirtualService.class).inNamespace("default").withName("reviews")
                .edit(vs -> {
                    vs.getSpec().getHttp().get(0).getRoute().get(0).setWeight(50);
                    return vs;
                });

        // Each drift is repaired by the next check after it: one check may find them all, or each its own.
        ApplicationStatus repaired = awaitEvents(3);
        assertThat(driftEvents(repaired)).containsExactlyInAnyOrder(
                "drift: Deployment default/reviews-v2 had 1 replica, scaled back to 2",
                "drift: VirtualService default/reviews routed reviews-v2 50%; set back to reviews-v2 100%",
                "drift: Deployment default/details was deleted; recreated");
        assertThat(testbed.replicas("details")).isEqualTo(1);
        assertThat(testbed.replicas("reviews-v2")).isEqualTo(2);
        assertThat(testbed.routes("reviews")).isEqualTo("reviews-v2=100");
        // Unasked checks that find nothing say nothing.
        assertThat(events(repaired)).noneMatch(e -> e.startsWith("reconcile"));
        assertThat(repaired.phase()).isEqualTo(GenerationPhase.SUCCEEDED);
        testbed.exportHistory(testbed.currentRun(ID), "drift-repaired-by-interval");
    }

    @Test
    void noRepairRunsWhileAGenerationIsSuspended() {
        testbed = new DeliveryTestbed(client, Duration.ofMillis(100), Duration.ofSeconds(1));
        testbed.apply(DeliveryTestbed.reference("first-deploy.yaml"));
        testbed.awaitPhase(ID, 1, GenerationPhase.SUCCEEDED);
        testbed.apply(DeliveryTestbed.reference("rollout-v2.yaml"));
        testbed.awaitPhase(ID, 2, GenerationPhase.SUSPENDED);

        client.apps().deployments().inNamespace("default").withName("details").delete();
        awaitGone("details");
        testbed.existing(ID).reconcile();
        ApplicationStatus suspended = testbed.awaitStatus(ID, s -> events(s).stream()
                .anyMatch(e -> e.startsWith("reconcile ignored")), "the reconcile to be refused");
        DeliveryTestbed.sleep(3000); // three intervals: no timer runs while a generation does

        assertThat(events(suspended)).contains("reconcile ignored: generation 2 is running or suspended; drift is"
                + " repaired only between generations");
        assertThat(testbed.deployment("details")).isNull();
        ApplicationStatus still = testbed.status(ID);
        assertThat(still.phase()).isEqualTo(GenerationPhase.SUSPENDED);
        assertThat(driftEvents(still)).isEmpty();
    }

    private void rollOutReviewsV2() {
        testbed.apply(DeliveryTestbed.reference("first-deploy.yaml"));
        testbed.awaitPhase(ID, 1, GenerationPhase.SUCCEEDED);
        testbed.apply(DeliveryTestbed.reference("rollout-v2.yaml"));
        testbed.awaitPhase(ID, 2, GenerationPhase.SUSPENDED);
        testbed.existing(ID).resume();
        testbed.awaitPhase(ID, 2, GenerationPhase.SUCCEEDED);
        assertThat(testbed.routes("reviews")).isEqualTo("reviews-v2=100");
    }

    private ApplicationStatus awaitEvents(int count) {
        return testbed.awaitStatus(ID, s -> driftEvents(s).size() >= count, count + " repairs");
    }

    private void awaitGone(String deployment) {
        for (int i = 0; i < 100 && testbed.deployment(deployment) != null; i++) {
            DeliveryTestbed.sleep(50);
        }
        assertThat(testbed.deployment(deployment)).as("%s deleted", deployment).isNull();
    }

    /** Writes by the worker (the kubelet writes only status). */
    private int workflowWrites() {
        return (int) testbed.writes.writes().stream().filter(w -> !w.path().endsWith("/status")).count();
    }

    private static List<String> events(ApplicationStatus status) {
        return status.events().stream().map(ApplicationStatus.StatusEvent::message).toList();
    }

    private static List<String> driftEvents(ApplicationStatus status) {
        return events(status).stream().filter(e -> e.startsWith("drift:")).toList();
    }
}
