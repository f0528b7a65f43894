package dev.velatemporal.worker.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.velatemporal.kube.ReadinessProgress;
import dev.velatemporal.workflow.ApplicationStatus;
import dev.velatemporal.workflow.ApplicationStatus.RevisionStatus;
import dev.velatemporal.workflow.ApplicationStatus.StepStatus;
import dev.velatemporal.workflow.GenerationPhase;
import dev.velatemporal.workflow.StepPhase;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.temporal.api.common.v1.WorkflowExecution;
import io.temporal.api.workflow.v1.PendingActivityInfo;
import io.temporal.api.workflowservice.v1.DescribeWorkflowExecutionRequest;
import io.temporal.common.converter.DataConverter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The status tells the truth (issue 10, section 5): the target revision from the moment it is created, desired
 * replicas as soon as a scale sets them, the pods' progress in the wait's heartbeats as it changes, the progress
 * deadline of a wait and the auto-resume time of a timed suspend, and the cluster as it is after a rollback, a
 * failure or a delete. The shop of examples/three-batch-canary: catalog, 6 replicas in batches of 2.
 */
@EnableKubernetesMockClient(crud = true)
class StatusTruthTest {

    static final String ID = "default.shop";
    static final Path SHOP = Path.of("../examples/three-batch-canary");

    KubernetesClient client;
    DeliveryTestbed testbed;

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        if (testbed != null) {
            testbed.close();
        }
    }

    @Test
    void duringASlowBatchTheTargetIsShownWithItsDesiredReplicasAndItsPodsReachTheHeartbeatAsTheyGetReady() {
        testbed = new DeliveryTestbed(client, Duration.ofSeconds(5));
        testbed.apply(DeliveryTestbed.load(SHOP.resolve("v1.yaml")));
        testbed.awaitPhase(ID, 1, GenerationPhase.SUCCEEDED);

        testbed.apply(DeliveryTestbed.load(SHOP.resolve("v2.yaml")));
        ApplicationStatus waiting = testbed.awaitStatus(ID, s -> s.generation() == 2
                && !step(s, "batch-0").progressDeadline().isEmpty(), "batch-0 waiting for catalog-v2's pods");
        Instant asked = Instant.now();

        // The cluster, read right after: the kubelet takes 5 s, so nothing is ready yet.
        assertThat(testbed.replicas("catalog-v2")).isEqualTo(2);
        assertThat(testbed.readyReplicas("catalog-v2")).isZero();
        assertThat(rows(waiting)).containsExactly("catalog-v1 6/6 100", "catalog-v2 0/2 0");
        StepStatus batch = step(waiting, "batch-0");
        assertThat(batch.phase()).isEqualTo(StepPhase.RUNNING);
        assertThat(batch.message()).isEqualTo("batch 1 of 3: catalog-v2 to 2 of 6 replicas, waiting for its pods");
        // progressDeadlineSeconds defaults to 600; workflow time is real time here.
        assertThat(Instant.parse(batch.progressDeadline()).getEpochSecond())
                .isCloseTo(asked.plusSeconds(600).getEpochSecond(), within(15L));
        assertThat(waiting.components().get(0).targetRevision()).isEqualTo("catalog-v2");

        // A pod gets ready: the wait heartbeats it at once, and Temporal has it within a second or so (not the
        // SDK's default 24 s), long before the kubelet makes the other one ready and the wait ends.
        awaitHeartbeat("catalog-v2", new ReadinessProgress("default/catalog-v2", 2, 2, 0, 0, true));
        patchStatus("catalog-v2", 1);
        awaitHeartbeat("catalog-v2", new ReadinessProgress("default/catalog-v2", 2, 2, 2, 1, true));

        ApplicationStatus soaking = testbed.awaitPhase(ID, 2, GenerationPhase.SUSPENDED);
        Instant suspendedAt = Instant.now();
        assertThat(rows(soaking)).containsExactly("catalog-v1 4/4 80", "catalog-v2 2/2 20");
        StepStatus soak = step(soaking, "soak");
        assertThat(soak.phase()).isEqualTo(StepPhase.SUSPENDED);
        assertThat(soak.progressDeadline()).isEmpty();
        assertThat(Instant.parse(soak.resumesAt()).getEpochSecond())
                .as("the soak's duration is 10m").isCloseTo(suspendedAt.plusSeconds(600).getEpochSecond(), within(15L));
        assertThat(step(soaking, "batch-0").progressDeadline()).as("a finished step waits for nothing").isEmpty();
        assertThat(StatusMarkdown.render(soaking)).contains("| soak | suspend | suspended | (resumes by itself at "
                + soak.resumesAt() + ") |");

        testbed.existing(ID).resume();
        ApplicationStatus resumed = testbed.awaitStatus(ID, s -> step(s, "soak").phase() == StepPhase.SUCCEEDED,
                "the soak to be over");
        assertThat(step(resumed, "soak").resumesAt()).isEmpty();
    }

    @Test
    void afterTheRollbackSignalTheStatusShowsTheOldRevisionBackAtFullSizeAndReadyAsTheClusterHasIt() {
        testbed = new DeliveryTestbed(client, Duration.ofSeconds(1));
        suspendAtTheSoak();
        WorkflowExecution rollout = testbed.currentRun(ID);

        testbed.existing(ID).rollback();
        ApplicationStatus rolledBack = testbed.awaitPhase(ID, 2, GenerationPhase.ROLLED_BACK);
        // Replayed by ReplayTest: the undo scales catalog-v1 back to 6 and waits for it (the kubelet takes 1 s).
        testbed.exportHistory(rollout, "shop-rollback-signal-settled");

        // Read at once, no waiting: the generation ends once the undo has settled. Before, the undo's scale back
        // to 6 was read right away and the status said 4/6 for good.
        assertThat(testbed.replicas("catalog-v1")).isEqualTo(6);
        assertThat(testbed.readyReplicas("catalog-v1")).isEqualTo(6);
        assertThat(testbed.deployment("catalog-v2")).isNull();
        assertThat(rows(rolledBack)).containsExactly("catalog-v1 6/6 100");
        assertThat(rolledBack.components().get(0).stableRevision()).isEqualTo("catalog-v1");
        assertThat(rolledBack.components().get(0).targetRevision()).isEqualTo("catalog-v1");
        assertThat(rolledBack.message()).isEqualTo("rolled back by the rollback signal at step soak: everything is"
                + " as before generation 2");
        assertThat(rolledBack.steps()).allSatisfy(s -> assertThat(s.resumesAt() + s.progressDeadline()).isEmpty());

        WorkflowExecution afterRollback = testbed.currentRun(ID);
        testbed.existing(ID).delete();
        ApplicationStatus deleted = testbed.awaitPhase(ID, 2, GenerationPhase.DELETED);
        testbed.exportHistory(afterRollback, "shop-deleted");

        assertThat(testbed.deploymentNames()).isEmpty();
        assertThat(deleted.components()).singleElement().satisfies(catalog -> {
            assertThat(catalog.name()).isEqualTo("catalog");
            assertThat(catalog.revisions()).as("nothing is left to show").isEmpty();
        });
        assertThat(StatusMarkdown.render(deleted)).doesNotContain("catalog-v1");
    }

    @Test
    void aBrokenImageShowsItsRevisionNotReadyAndTheDeadlineThenTheClusterAsTheUndoLeftIt() throws IOException {
        testbed = new DeliveryTestbed(client, Duration.ofMillis(300));
        testbed.applyAndAwaitFile(SHOP.resolve("v1.yaml"), 1, GenerationPhase.SUCCEEDED);
        Path broken = dir.resolve("broken.yaml");
        Files.writeString(broken, Files.readString(SHOP.resolve("v2.yaml"))
                .replace("podinfo:6.7.1", "podinfo:6.7.1-broken")
                .replace("            targetSize: 6\n", "            targetSize: 6\n            progressDeadlineSeconds: 4\n"));
        testbed.apply(DeliveryTestbed.load(broken));

        ApplicationStatus waiting = testbed.awaitStatus(ID, s -> s.generation() == 2
                && !step(s, "batch-0").progressDeadline().isEmpty(), "batch-0 waiting for catalog-v2's pods");
        Instant asked = Instant.now();
        assertThat(rows(waiting)).containsExactly("catalog-v1 6/6 100", "catalog-v2 0/2 0");
        assertThat(Instant.parse(step(waiting, "batch-0").progressDeadline()).toEpochMilli())
                .isCloseTo(asked.plusSeconds(4).toEpochMilli(), within(3000L));
        awaitHeartbeat("catalog-v2", new ReadinessProgress("default/catalog-v2", 2, 2, 2, 0, true));

        WorkflowExecution rollout = testbed.currentRun(ID);
        ApplicationStatus failed = testbed.awaitPhase(ID, 2, GenerationPhase.FAILED);
        testbed.exportHistory(rollout, "shop-progress-deadline-failed");
        assertThat(failed.message()).startsWith("step batch-0 failed: ");
        assertThat(step(failed, "batch-0").progressDeadline()).isEmpty();
        assertThat(testbed.deployment("catalog-v2")).isNull();
        assertThat(testbed.readyReplicas("catalog-v1")).isEqualTo(6);
        assertThat(rows(failed)).containsExactly("catalog-v1 6/6 100");
    }

    // --- helpers -------------------------------------------------------------------------------------------

    private void suspendAtTheSoak() {
        testbed.applyAndAwaitFile(SHOP.resolve("v1.yaml"), 1, GenerationPhase.SUCCEEDED);
        ApplicationStatus soaking = testbed.applyAndAwaitFile(SHOP.resolve("v2.yaml"), 2, GenerationPhase.SUSPENDED);
        assertThat(rows(soaking)).containsExactly("catalog-v1 4/4 80", "catalog-v2 2/2 20");
    }

    private static StepStatus step(ApplicationStatus status, String name) {
        return status.steps().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow();
    }

    /** {@code catalog-v2 0/2 0}: each revision of the first rollout component, ready/desired and weight. */
    private static List<String> rows(ApplicationStatus status) {
        List<String> rows = new ArrayList<>();
        for (RevisionStatus revision : status.components().get(0).revisions()) {
            rows.add(revision.name() + " " + revision.readyReplicas() + "/" + revision.replicas() + " "
                    + revision.weight());
        }
        return rows;
    }

    /** The latest heartbeat of the pending readiness wait on {@code deployment}, as DescribeWorkflowExecution has it. */
    private Optional<ReadinessProgress> heartbeat(String deployment) {
        DataConverter converter = testbed.client.getOptions().getDataConverter();
        for (PendingActivityInfo activity : testbed.client.getWorkflowServiceStubs().blockingStub()
                .describeWorkflowExecution(DescribeWorkflowExecutionRequest.newBuilder()
                        .setNamespace(testbed.client.getOptions().getNamespace())
                        .setExecution(WorkflowExecution.newBuilder().setWorkflowId(ID))
                        .build())
                .getPendingActivitiesList()) {
            if (activity.getActivityType().getName().equals("AwaitReady") && activity.hasHeartbeatDetails()) {
                ReadinessProgress progress = converter.fromPayloads(0, Optional.of(activity.getHeartbeatDetails()),
                        ReadinessProgress.class, ReadinessProgress.class);
                if (progress.deployment().equals("default/" + deployment)) {
                    return Optional.of(progress.since(0)); // when the pods last moved is not compared
                }
            }
        }
        return Optional.empty();
    }

    private void awaitHeartbeat(String deployment, ReadinessProgress expected) {
        Instant giveUp = Instant.now().plus(Duration.ofSeconds(4));
        Optional<ReadinessProgress> last = heartbeat(deployment);
        while (!last.equals(Optional.of(expected))) {
            assertThat(Instant.now()).as("heartbeat %s; last: %s", expected, last).isBefore(giveUp);
            DeliveryTestbed.sleep(50);
            last = heartbeat(deployment);
        }
    }

    /** What a Deployment controller writes as pods get ready: every pod updated, {@code ready} of them ready. */
    private void patchStatus(String deployment, int ready) {
        var current = testbed.deployment(deployment);
        int replicas = current.getSpec().getReplicas();
        String patch = "{\"status\":{\"observedGeneration\":" + current.getMetadata().getGeneration()
                + ",\"replicas\":" + replicas + ",\"updatedReplicas\":" + replicas + ",\"readyReplicas\":" + ready
                + ",\"availableReplicas\":" + ready + "}}";
        testbed.kube.apps().deployments().inNamespace("default").withName(deployment).subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    }
}
