package dev.velatemporal.worker.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.ApplicationStatus.RevisionStatus;
import dev.velatemporal.workflow.GenerationPhase;
import dev.velatemporal.workflow.StepPhase;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.temporal.api.common.v1.WorkflowExecution;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** KubeVela v1.1's bookinfo canary, with the three upstream files, end to end (SPEC sections 3 and 4). */
@EnableKubernetesMockClient(crud = true)
class SeedStoryTest {

    static final String ID = "default.book-info";

    KubernetesMockServer server;
    KubernetesClient client;
    DeliveryTestbed testbed;

    @BeforeEach
    void start() {
        testbed = new DeliveryTestbed(client);
    }

    @AfterEach
    void stop() {
        testbed.close();
    }

    @Test
    void firstDeployThenCanaryToNinetyTenThenResumeToTheNewRevision() {
        WorkflowExecution firstRun = testbed.apply(DeliveryTestbed.reference("first-deploy.yaml"));
        ApplicationStatus deployed = testbed.awaitPhase(ID, 1, GenerationPhase.SUCCEEDED);

        assertThat(testbed.readyReplicas("reviews-v1")).isEqualTo(2);
        assertThat(testbed.routes("reviews")).isEqualTo("reviews");
        assertThat(testbed.subsets("reviews")).containsExactly("reviews-v1");
        assertThat(testbed.deploymentNames()).containsExactly("details", "productpage", "ratings", "reviews-v1");
        assertThat(deployed.components()).singleElement().satisfies(reviews -> {
            assertThat(reviews.stableRevision()).isEqualTo("reviews-v1");
            assertThat(reviews.revisions()).containsExactly(new RevisionStatus("reviews-v1",
                    "docker.io/istio/examples-bookinfo-reviews-v2:1.16.2", 2, 2, 100));
        });

        testbed.apply(DeliveryTestbed.reference("rollout-v2.yaml"));
        ApplicationStatus suspended = testbed.awaitPhase(ID, 2, GenerationPhase.SUSPENDED);
        WorkflowExecution rolloutRun = testbed.currentRun(ID);

        assertThat(testbed.replicas("reviews-v1")).isEqualTo(1);
        assertThat(testbed.readyReplicas("reviews-v2")).isEqualTo(1);
        assertThat(testbed.routes("reviews")).isEqualTo("reviews-v1=90,reviews-v2=10");
        assertThat(testbed.subsets("reviews")).containsExactly("reviews-v1", "reviews-v2");
        assertThat(suspended.message()).isEqualTo("waiting for resume at step manual-approval");
        assertThat(suspended.currentStep()).isEqualTo("manual-approval");
        assertThat(suspended.steps()).extracting(ApplicationStatus.StepStatus::phase)
                .containsExactly(StepPhase.SUCCEEDED, StepPhase.SUSPENDED, StepPhase.PENDING);
        assertThat(suspended.components()).singleElement().satisfies(reviews -> {
            assertThat(reviews.stableRevision()).isEqualTo("reviews-v1");
            assertThat(reviews.targetRevision()).isEqualTo("reviews-v2");
            assertThat(reviews.revisions()).containsExactlyInAnyOrder(
                    new RevisionStatus("reviews-v1", "docker.io/istio/examples-bookinfo-reviews-v2:1.16.2", 1, 1, 90),
                    new RevisionStatus("reviews-v2", "docker.io/istio/examples-bookinfo-reviews-v3:1.16.2", 1, 1,
                            10));
        });

        testbed.existing(ID).resume();
        ApplicationStatus done = testbed.awaitPhase(ID, 2, GenerationPhase.SUCCEEDED);

        assertThat(testbed.readyReplicas("reviews-v2")).isEqualTo(2);
        assertThat(testbed.deployment("reviews-v1")).isNull();
        assertThat(testbed.routes("reviews")).isEqualTo("reviews-v2=100");
        assertThat(testbed.subsets("reviews")).containsExactly("reviews-v2");
        assertThat(done.components()).singleElement().satisfies(reviews -> {
            assertThat(reviews.stableRevision()).isEqualTo("reviews-v2");
            assertThat(reviews.revisions()).containsExactly(new RevisionStatus("reviews-v2",
                    "docker.io/istio/examples-bookinfo-reviews-v3:1.16.2", 2, 2, 100));
        });
        testbed.exportHistory(firstRun, "first-deploy");
        testbed.exportHistory(rolloutRun, "rollout-v2-resumed");
    }
}
