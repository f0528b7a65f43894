package dev.velatemporal.worker.workflow;

import static org.assertj.core.api.Assertions.assertThat;

import io.temporal.common.WorkflowExecutionHistory;
import io.temporal.testing.TestWorkflowEnvironment;
import io.temporal.testing.WorkflowReplayer;
import io.temporal.worker.Worker;
import io.temporal.worker.WorkerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Histories of real runs of the seed story, committed as JSON, replayed against today's workflow code: a change
 * that would break running workflows (a new activity call in the middle of a step, say) fails here. Regenerate
 * deliberately, with a versioning plan for running workflows, by running the story tests with
 * {@code -Dhistories.update=true}.
 *
 * <p>{@code histories/} holds runs of today's version; {@code histories/v3/} runs recorded before the
 * {@code ownership} change (no garbage collection; its drift histories also before the updates);
 * {@code histories/v2/} runs recorded before the
 * {@code outcomes} change (undos newest first, a cancelled activity taken for a failure); {@code histories/v1/}
 * runs recorded before the
 * {@code settled-undo} change and {@code histories/v0/} before the {@code operable} change (see
 * {@code RunVersion}), which running workflows of those times still replay. The {@code shop-*} histories come from
 * {@code StatusTruthTest}: a rollback whose undo waits for the scaled-back revision, a failed progress deadline,
 * a delete. {@code drift-repaired} comes from {@code DriftRepairTest}: an idle run (the {@code drift-repair}
 * change) whose {@code reconcile} repaired three drifts, then found none; {@code drift-repaired-by-interval} one
 * whose 1 s interval's timer did. {@code superseded-canary-collected} comes from {@code GarbageCollectionTest}:
 * the generation that superseded a canary and, once it succeeded, deleted it.
 *
 * <p>{@code histories/real-server/} holds the seed story as the Temporal CLI's dev server recorded it (a real
 * Temporal: apply by Update-with-Start, the resume sent by {@code temporal workflow signal}, sticky task queues,
 * and in namespace {@code rollback} the upstream rollback.yaml applied while rollout-v2 is suspended: the
 * suspended run, continued as new, and the rollback's run). {@code RealTemporalEndToEndTest} in the demo module
 * writes them with {@code -Dhistories.update=true}, and needs the Temporal CLI.
 */
class ReplayTest {

    /**
     * The SDK fails a workflow task whose code holds its thread for over a second as a potential deadlock. The
     * first replay loads most of the workflow's classes, which on a loaded two-core machine has taken longer than
     * that: a longer limit keeps this test about determinism, not about class loading.
     */
    private static final long DEADLOCK_DETECTION_MILLIS = 30_000;

    private static TestWorkflowEnvironment environment;
    private static Worker worker;

    @BeforeAll
    static void replayWorker() {
        // With the interceptor the worker runs with: it reads headers only, so every history replays through it.
        environment = TestWorkflowEnvironment.newInstance(io.temporal.testing.TestEnvironmentOptions.newBuilder()
                .setWorkerFactoryOptions(dev.velatemporal.worker.VelaWorker.factoryOptions()).build());
        worker = environment.newWorker("replay", WorkerOptions.newBuilder()
                .setDefaultDeadlockDetectionTimeout(DEADLOCK_DETECTION_MILLIS).build());
        worker.registerWorkflowImplementationTypes(ApplicationWorkflowImpl.class);
    }

    @AfterAll
    static void close() {
        environment.close();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"first-deploy", "rollout-v2-resumed", "rollout-v2-rollback-signal",
            "shop-rollback-signal-settled", "shop-progress-deadline-failed", "shop-deleted",
            "drift-repaired", "drift-repaired-by-interval", "superseded-canary-collected",
            "v3/first-deploy", "v3/rollout-v2-resumed", "v3/rollout-v2-rollback-signal",
            "v3/shop-rollback-signal-settled", "v3/shop-progress-deadline-failed", "v3/shop-deleted",
            "v3/drift-repaired", "v3/drift-repaired-by-interval",
            "v2/first-deploy", "v2/rollout-v2-resumed", "v2/rollout-v2-rollback-signal",
            "v2/shop-rollback-signal-settled", "v2/shop-progress-deadline-failed", "v2/shop-deleted",
            "v1/first-deploy", "v1/rollout-v2-resumed", "v1/rollout-v2-rollback-signal",
            "v0/first-deploy", "v0/rollout-v2-resumed", "v0/rollout-v2-rollback-signal",
            "real-server/first-deploy", "real-server/rollout-v2-resumed",
            "real-server/rollout-v2-superseded-by-rollback", "real-server/rollback"})
    void replaysCleanly(String history) throws Exception {
        Path file = Path.of("src/test/resources/histories", history + ".json");
        assertThat(file).exists();

        WorkflowReplayer.replayWorkflowExecution(WorkflowExecutionHistory.fromJson(Files.readString(file)), worker);
    }
}
