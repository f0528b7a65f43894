package dev.velatemporal.worker.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.GenerationPhase;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.temporal.api.common.v1.WorkflowExecution;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Back to reviews-v1: by applying the upstream rollback.yaml, or by the rollback signal (SPEC section 4). */
@EnableKubernetesMockClient(crud = true)
class RollbackTest {

    static final String ID = "default.book-info";

    KubernetesClient client;
    DeliveryTestbed testbed;

    @BeforeEach
    void start() {
        testbed = new DeliveryTestbed(client);
        testbed.applyAndAwait("first-deploy.yaml", 1, GenerationPhase.SUCCEEDED);
        testbed.applyAndAwait("rollout-v2.yaml", 2, GenerationPhase.SUSPENDED);
    }

    @AfterEach
    void stop() {
        testbed.close();
    }

    @Test
    void applyingRollbackYamlWhileSuspendedReturnsEverythingToReviewsV1() {
        testbed.apply(DeliveryTestbed.reference("rollback.yaml"));
        ApplicationStatus status = testbed.awaitPhase(ID, 3, GenerationPhase.SUCCEEDED);

        assertBackOnReviewsV1(status);
    }

    @Test
    void applyingRollbackYamlAfterTheRolloutCompletedReturnsEverythingToReviewsV1() {
        testbed.existing(ID).resume();
        testbed.awaitPhase(ID, 2, GenerationPhase.SUCCEEDED);
        assertThat(testbed.deployment("reviews-v1")).isNull();

        testbed.apply(DeliveryTestbed.reference("rollback.yaml"));
        ApplicationStatus status = testbed.awaitPhase(ID, 3, GenerationPhase.SUCCEEDED);

        assertBackOnReviewsV1(status);
    }

    @Test
    void theRollbackSignalWhileSuspendedUndoesTheGeneration() {
        WorkflowExecution run = testbed.currentRun(ID);
        testbed.existing(ID).rollback();
        ApplicationStatus status = testbed.awaitPhase(ID, 2, GenerationPhase.ROLLED_BACK);
        testbed.exportHistory(run, "rollout-v2-rollback-signal");

        assertThat(status.message()).isEqualTo("rolled back by the rollback signal at step manual-approval:"
                + " everything is as before generation 2");
        // Declared only once the cluster is as before, ready pods included: no grace period needed.
        assertThat(testbed.replicas("reviews-v1")).isEqualTo(2);
        assertThat(testbed.readyReplicas("reviews-v1")).isEqualTo(2);
        assertThat(testbed.deployment("reviews-v2")).isNull();
        // Exactly as before the generation: the first deploy's route to the host and its one subset.
        assertThat(testbed.routes("reviews")).isEqualTo("reviews");
        assertThat(testbed.subsets("reviews")).containsExactly("reviews-v1");
        assertThat(status.components()).singleElement()
                .satisfies(reviews -> assertThat(reviews.stableRevision()).isEqualTo("reviews-v1"));
    }

    private void assertBackOnReviewsV1(ApplicationStatus status) {
        assertThat(testbed.readyReplicas("reviews-v1")).isEqualTo(2);
        assertThat(testbed.deployment("reviews-v2")).isNull();
        assertThat(testbed.routes("reviews")).isEqualTo("reviews-v1=100");
        assertThat(testbed.subsets("reviews")).containsExactly("reviews-v1");
        assertThat(status.components()).singleElement().satisfies(reviews -> {
            assertThat(reviews.stableRevision()).isEqualTo("reviews-v1");
            assertThat(reviews.revisions()).extracting(ApplicationStatus.RevisionStatus::name)
                    .containsExactly("reviews-v1");
        });
    }
}
