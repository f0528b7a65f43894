package dev.velatemporal.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.velatemporal.demo.StarterRunner.Run;
import dev.velatemporal.devstack.DevStack;
import dev.velatemporal.devstack.DevStackSettings;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code status} and {@code watch} tell the truth (issue 10, section 5), on the dev stack with pods that take a
 * few seconds to get ready, through the starter as a user runs it: sampled during a slow batch, each sample
 * compared with the Deployment read from the sandbox API around it; then after a rollback and a delete. The
 * shop of examples/three-batch-canary: catalog, 6 replicas, batches of 2, a 10m soak.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StatusTruthEndToEndTest {

    private static final Path SHOP = Path.of("../examples/three-batch-canary");
    private static final Duration POD_READY_DELAY = Duration.ofSeconds(4);
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    static Path dir;

    private DevStack stack;
    private KubernetesClient kube;
    private StarterRunner starter;

    @BeforeAll
    void start() {
        stack = DevStack.start(DevStackSettings.ephemeral(dir, POD_READY_DELAY));
        kube = new KubernetesClientBuilder().withConfig(Config.fromKubeconfig(stack.kubeconfig().toFile())).build();
        starter = new StarterRunner(stack.temporalAddress());
    }

    @AfterAll
    void stop() {
        kube.close();
        stack.close();
    }

    @Test
    void statusShowsTheClusterDuringASlowBatchAndAfterRollbackAndDelete() throws Exception {
        Run first = starter.run("apply", "-f", SHOP.resolve("v1.yaml").toString(), "--wait");
        assertThat(first.exit()).as(first.err()).isZero();
        Run second = starter.run("apply", "-f", SHOP.resolve("v2.yaml").toString());
        assertThat(second.exit()).as(second.err()).isZero();

        // Batch 1 waits for catalog-v2's 2 pods: the target is in the table, at the cluster's 0 of 2.
        Sample waiting = sampleUntil("catalog-v2", s -> s.status().get("generation").asInt() == 2
                && step(s.status(), "batch-0").has("progressDeadline") && row(s.status(), "catalog-v2") != null
                && s.cluster().replicas() == 2, "batch-0 waiting for catalog-v2's pods");
        Instant asked = Instant.now();
        assertThat(waiting.cluster().ready()).as("the kubelet takes 4 s").isZero();
        assertThat(rows(waiting.status())).containsExactly("catalog-v1 6/6 100", "catalog-v2 0/2 0");
        JsonNode batch = step(waiting.status(), "batch-0");
        assertThat(batch.get("phase").asText()).isEqualTo("running");
        assertThat(Instant.parse(batch.get("progressDeadline").asText()).getEpochSecond())
                .isCloseTo(asked.plusSeconds(600).getEpochSecond(), within(15L));
        Run table = starter.run("status", "shop");
        assertThat(table.exit()).as(table.err()).isZero();
        assertThat(table.out()).containsPattern("batch-0\\s+canary-rollout\\s+running\\s+batch 1 of 3: catalog-v2 to"
                + " 2 of 6 replicas, waiting for its pods; progress deadline in (10m|9m[0-9]{1,2}s) \\(20");

        // One pod gets ready: the workflow does not read the cluster in the middle of a wait, so only the wait's
        // heartbeat, merged in by the starter, can show 1 of 2.
        patchReady("catalog-v2", 1);
        Sample oneReady = sampleUntil("catalog-v2", s -> s.cluster().ready() == 1 && row(s.status(), "catalog-v2") != null
                && row(s.status(), "catalog-v2").get("readyReplicas").asInt() == 1, "catalog-v2 at 1 of 2 ready");
        assertThat(rows(oneReady.status())).containsExactly("catalog-v1 6/6 100", "catalog-v2 1/2 0");

        // Watch to the soak, a timed suspend: it says when it resumes by itself; bars against each revision's own
        // replicas (4 of 4 full, not 4 of 6).
        Run watch = starter.run("watch", "shop");
        assertThat(watch.exit()).as(watch.err()).isZero();
        String last = watch.out().substring(watch.out().lastIndexOf("shop (namespace default)"));
        assertThat(last).contains("phase: suspended - waiting for resume at step soak")
                .containsPattern("soak\\s+suspend\\s+suspended\\s+resumes by itself in (10m|9m[0-9]{1,2}s) \\(20")
                .containsPattern("catalog-v1\\s+stable\\s+4/4\\s+80%\\s+\\[#{20}\\]")
                .containsPattern("catalog-v2\\s+target\\s+2/2\\s+20%\\s+\\[#{20}\\]");
        JsonNode soaking = starter.status("shop", "default");
        assertThat(Instant.parse(step(soaking, "soak").get("resumesAt").asText()).getEpochSecond())
                .isCloseTo(Instant.now().plusSeconds(600).getEpochSecond(), within(20L));
        assertThat(step(soaking, "batch-0").has("progressDeadline")).isFalse();

        // Rollback: catalog-v1 back to 6, reported ready only once the cluster has it so.
        Run rollback = starter.run("rollback", "shop", "--wait");
        assertThat(rollback.exit()).as(rollback.err()).isZero();
        Sample rolledBack = sample("catalog-v1");
        assertThat(rolledBack.status().get("phase").asText()).isEqualTo("rolledBack");
        assertThat(rolledBack.cluster()).isEqualTo(new Replicas(6, 6));
        assertThat(rows(rolledBack.status())).containsExactly("catalog-v1 6/6 100");
        assertThat(rollback.out()).containsPattern("catalog\\s+catalog-v1\\s+stable\\s+6/6\\s+100%");
        assertThat(kube.apps().deployments().inNamespace("default").withName("catalog-v2").get()).isNull();

        // Delete: nothing left, and the status says so.
        Run delete = starter.run("delete", "shop", "--wait");
        assertThat(delete.exit()).as(delete.err()).isZero();
        assertThat(kube.apps().deployments().inNamespace("default").list().getItems()).isEmpty();
        JsonNode deleted = starter.status("shop", "default");
        assertThat(deleted.get("phase").asText()).isEqualTo("deleted");
        assertThat(deleted.get("components").get(0).get("revisions")).isEmpty();
        Run watchDeleted = starter.run("watch", "shop");
        assertThat(watchDeleted.exit()).as(watchDeleted.err()).isZero();
        assertThat(watchDeleted.out()).contains("phase: deleted").doesNotContain("catalog-v1").doesNotContain("100%")
                .containsPattern("(?m)^catalog\\s+-$");
    }

    // --- a status sample, and the cluster around it -----------------------------------------------------------

    /** A Deployment's desired ({@code spec.replicas}) and ready pods as the sandbox API has them; -1: absent. */
    private record Replicas(int replicas, int ready) {}

    /** {@code status -o json}, and the Deployment it is compared with, unchanged from before to after it. */
    private record Sample(JsonNode status, Replicas cluster) {}

    private Sample sample(String deployment) throws IOException {
        Instant giveUp = Instant.now().plus(PATIENCE);
        while (true) {
            Replicas before = replicas(deployment);
            JsonNode status = starter.status("shop", "default");
            Replicas after = replicas(deployment);
            if (before.equals(after)) {
                return new Sample(status, after);
            }
            assertThat(Instant.now()).as("a status sample while %s holds still", deployment).isBefore(giveUp);
        }
    }

    private Sample sampleUntil(String deployment, Predicate<Sample> condition, String what)
            throws IOException, InterruptedException {
        Instant giveUp = Instant.now().plus(PATIENCE);
        Sample last = sample(deployment);
        while (!condition.test(last)) {
            assertThat(Instant.now()).as("status showing %s; last: %s", what, last).isBefore(giveUp);
            Thread.sleep(50);
            last = sample(deployment);
        }
        // What the user sees is what the cluster has: the sample's row against the Deployment around it.
        JsonNode row = row(last.status(), deployment);
        if (row != null) {
            assertThat(new Replicas(row.get("replicas").asInt(), row.get("readyReplicas").asInt()))
                    .as("%s in the status against the cluster", deployment).isEqualTo(last.cluster());
        }
        return last;
    }

    private Replicas replicas(String name) {
        Deployment deployment = kube.apps().deployments().inNamespace("default").withName(name).get();
        if (deployment == null) {
            return new Replicas(-1, -1);
        }
        Integer ready = deployment.getStatus() == null ? null : deployment.getStatus().getReadyReplicas();
        return new Replicas(deployment.getSpec().getReplicas(), ready == null ? 0 : ready);
    }

    /** What a Deployment controller writes as pods get ready: every pod updated, {@code ready} of them ready. */
    private void patchReady(String name, int ready) {
        Deployment deployment = kube.apps().deployments().inNamespace("default").withName(name).get();
        int replicas = deployment.getSpec().getReplicas();
        String patch = "{\"status\":{\"replicas\":" + replicas + ",\"updatedReplicas\":" + replicas
                + ",\"readyReplicas\":" + ready + ",\"availableReplicas\":" + ready + "}}";
        kube.apps().deployments().inNamespace("default").withName(name).subresource("status")
                .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
    }

    private static JsonNode step(JsonNode status, String name) {
        for (JsonNode step : status.get("steps")) {
            if (step.get("name").asText().equals(name)) {
                return step;
            }
        }
        throw new AssertionError("no step " + name + " in " + status);
    }

    private static JsonNode row(JsonNode status, String revision) {
        for (JsonNode row : status.get("components").get(0).get("revisions")) {
            if (row.get("name").asText().equals(revision)) {
                return row;
            }
        }
        return null;
    }

    private static List<String> rows(JsonNode status) {
        List<String> rows = new ArrayList<>();
        for (JsonNode revision : status.get("components").get(0).get("revisions")) {
            rows.add(revision.get("name").asText() + " " + revision.get("readyReplicas").asInt() + "/"
                    + revision.get("replicas").asInt() + " " + revision.get("weight").asInt());
        }
        return rows;
    }
}
