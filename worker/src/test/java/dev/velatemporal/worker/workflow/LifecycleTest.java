package dev.velatemporal.worker.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.GenerationPhase;
import io.fabric8.istio.api.networking.v1.DestinationRule;
import io.fabric8.istio.api.networking.v1.Gateway;
import io.fabric8.istio.api.networking.v1.VirtualService;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.temporal.client.WorkflowStub;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The end of an Application's life: the delete signal, and a workflow cancelled by an operator. */
@EnableKubernetesMockClient(crud = true)
class LifecycleTest {

    static final String ID = "default.book-info";

    KubernetesClient client;
    DeliveryTestbed testbed;

    @BeforeEach
    void start() {
        testbed = new DeliveryTestbed(client);
        testbed.applyAndAwait("first-deploy.yaml", 1, GenerationPhase.SUCCEEDED);
    }

    @AfterEach
    void stop() {
        testbed.close();
    }

    @Test
    void deleteRemovesEverythingTheApplicationCreatedAndCompletesTheWorkflow() throws Exception {
        testbed.applyAndAwait("rollout-v2.yaml", 2, GenerationPhase.SUSPENDED);

        testbed.existing(ID).delete();
        WorkflowStub workflow = testbed.client.newUntypedWorkflowStub(ID);
        workflow.getResult(30, TimeUnit.SECONDS, Void.class);

        assertThat(testbed.deploymentNames()).isEmpty();
        assertThat(testbed.kube.services().inNamespace("default").list().getItems()).isEmpty();
        assertThat(testbed.kube.resources(VirtualService.class).inNamespace("default").list().getItems()).isEmpty();
        assertThat(testbed.kube.resources(DestinationRule.class).inNamespace("default").list().getItems()).isEmpty();
        assertThat(testbed.kube.resources(Gateway.class).inNamespace("default").list().getItems()).isEmpty();
        ApplicationStatus status = testbed.status(ID);
        assertThat(status.phase()).isEqualTo(GenerationPhase.DELETED);
    }

    @Test
    void cancellingTheWorkflowCompensatesTheRunningGeneration() {
        testbed.applyAndAwait("rollout-v2.yaml", 2, GenerationPhase.SUSPENDED);

        testbed.client.newUntypedWorkflowStub(ID).cancel();

        awaitCluster(() -> testbed.deployment("reviews-v2") == null && testbed.replicas("reviews-v1") == 2
                && testbed.routes("reviews").equals("reviews"), "the generation to be undone");
        assertThat(testbed.subsets("reviews")).containsExactly("reviews-v1");
    }

    private static void awaitCluster(BooleanSupplier condition, String what) {
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(30));
        while (Instant.now().isBefore(giveUp)) {
            if (condition.getAsBoolean()) {
                return;
            }
            DeliveryTestbed.sleep(50);
        }
        throw new AssertionError("gave up waiting for " + what);
    }
}
