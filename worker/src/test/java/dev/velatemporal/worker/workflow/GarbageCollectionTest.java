package dev.velatemporal.worker.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.velatemporal.model.Application;
import dev.velatemporal.model.ApplicationSpec;
import dev.velatemporal.model.Component;
import dev.velatemporal.render.OamLabels;
import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.GenerationPhase;
import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ownership (issue 11, seen 1 and 2): objects no generation wants any more are deleted when a generation
 * succeeds, and {@code delete} deletes everything owned, whatever spec created it, but never an object someone
 * else made.
 */
@EnableKubernetesMockClient(crud = true)
class GarbageCollectionTest {

    static final String ID = "default.book-info";

    KubernetesClient client;
    DeliveryTestbed testbed;
    @TempDir
    Path dir;

    @BeforeEach
    void start() {
        testbed = new DeliveryTestbed(client);
        testbed.applyAndAwait("first-deploy.yaml", 1, GenerationPhase.SUCCEEDED);
    }

    @AfterEach
    void stop() {
        testbed.close();
    }

    /**
     * Seen 1: generation 2's canary reviews-v2 is superseded halfway by a spec that rolls out reviews-v3 instead.
     * Once generation 3 succeeds, reviews-v2 (1 replica, routed by nothing) is gone, and the status says so.
     */
    @Test
    void aSupersededGenerationsCanaryGoesWhenTheNextGenerationSucceeds() throws Exception {
        testbed.applyAndAwait("rollout-v2.yaml", 2, GenerationPhase.SUSPENDED);
        assertThat(testbed.replicas("reviews-v2")).isEqualTo(1);

        Path v3 = dir.resolve("rollout-v3.yaml");
        Files.writeString(v3, Files.readString(DeliveryTestbed.REFERENCE.resolve("rollout-v2.yaml"))
                .replace("revision: reviews-v2", "revision: reviews-v3")
                .replace("examples-bookinfo-reviews-v3:1.16.2", "examples-bookinfo-reviews-v1:1.16.2"));
        testbed.applyAndAwaitFile(v3, 3, GenerationPhase.SUSPENDED);
        io.temporal.api.common.v1.WorkflowExecution generationThree = testbed.currentRun(ID);
        testbed.existing(ID).resume();
        ApplicationStatus end = testbed.awaitPhase(ID, 3, GenerationPhase.SUCCEEDED);
        testbed.exportHistory(generationThree, "superseded-canary-collected");

        assertThat(testbed.deploymentNames()).containsExactly("details", "productpage", "ratings", "reviews-v3");
        assertThat(testbed.routes("reviews")).isEqualTo("reviews-v3=100");
        assertThat(end.components()).singleElement().satisfies(reviews -> assertThat(reviews.revisions())
                .extracting(ApplicationStatus.RevisionStatus::name).containsExactly("reviews-v3"));
        assertThat(end.events()).extracting(ApplicationStatus.StatusEvent::message).anyMatch(m -> m.equals(
                "garbage collection: deleted Deployment default/reviews-v2 (last written by generation 2;"
                        + " generation 3 does not want it)"));
    }

    /**
     * Seen 2: a component removed from the spec loses its Deployment and Service once the generation succeeds;
     * an object of the same name that is not labelled as ours stays.
     */
    @Test
    void aRemovedComponentsObjectsGoButNotWhatSomeoneElseOwns() {
        testbed.kube.services().inNamespace("default").withName("details")
                .edit(service -> {
                    service.getMetadata().getLabels().remove(OamLabels.MANAGED_BY);
                    return service;
                });

        testbed.apply(without(DeliveryTestbed.reference("first-deploy.yaml"), "ratings", "details"));
        ApplicationStatus end = testbed.awaitPhase(ID, 2, GenerationPhase.SUCCEEDED);

        assertThat(testbed.deploymentNames()).containsExactly("productpage", "reviews-v1");
        assertThat(testbed.kube.services().inNamespace("default").list().getItems())
                .extracting(service -> service.getMetadata().getName())
                .containsExactlyInAnyOrder("details", "productpage", "reviews");
        assertThat(end.events()).extracting(ApplicationStatus.StatusEvent::message)
                .contains("garbage collection: deleted Service default/ratings (last written by generation 1;"
                        + " generation 2 does not want it)")
                .noneMatch(m -> m.contains("Service default/details"));
    }

    /** {@code delete} after a spec that dropped a component: what the earlier spec created goes too. */
    @Test
    void deleteDeletesWhatEarlierSpecsCreated() throws Exception {
        testbed.apply(without(DeliveryTestbed.reference("rollout-v2.yaml"), "ratings"));
        testbed.awaitPhase(ID, 2, GenerationPhase.SUSPENDED);
        assertThat(testbed.deploymentNames()).contains("ratings", "reviews-v2");

        testbed.existing(ID).delete();
        testbed.client.newUntypedWorkflowStub(ID).getResult(30, TimeUnit.SECONDS, Void.class);

        assertThat(testbed.deploymentNames()).isEmpty();
        assertThat(testbed.kube.services().inNamespace("default").list().getItems()).isEmpty();
        assertThat(testbed.kube.resources(VirtualService.class).inNamespace("default").list().getItems()).isEmpty();
        assertThat(testbed.kube.resources(DestinationRule.class).inNamespace("default").list().getItems()).isEmpty();
    }

    private static Application without(Application application, String... names) {
        List<Component> kept = application.components().stream()
                .filter(component -> !List.of(names).contains(component.name())).toList();
        return new Application(application.metadata(), new ApplicationSpec(kept, application.spec().workflow()));
    }
}
